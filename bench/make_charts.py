"""Write the benchmark's chart programs into bench/charts/ (deterministic).

    python bench/make_charts.py            # 120 programs: matplotlib, seaborn, pandas, 3D,
                                           # networkx, squarify, scipy and plotly
Each program is standalone (`python chart.py` works), embeds its data as literals like
LLM-written chart code does, and ends in one of the ways real programs do: savefig under
some name, plt.show(), write_image, fig.show(), or nothing (figures left open).
"""

from __future__ import annotations

import random
from pathlib import Path

OUT = Path(__file__).resolve().parent / "charts"
TOPICS = ["Sales", "Rainfall", "Energy use", "Exam scores", "Web traffic", "Crop yield", "Ticket prices", "Air quality"]
ENDINGS = [
    "plt.tight_layout()\nplt.savefig('chart.png')\n",
    "plt.savefig('output/figure.png', dpi=150, bbox_inches='tight')\nplt.show()\n",
    "plt.show()\n",
    "",  # never saved: the figure is left open
]
MPL_HEAD = "import matplotlib.pyplot as plt\nimport numpy as np\n"


def _vals(rng: random.Random, n: int, lo: float = 5, hi: float = 100) -> list[float]:
    return [round(rng.uniform(lo, hi), 1) for _ in range(n)]


def _labels(rng: random.Random, n: int) -> list[str]:
    pool = ["North", "South", "East", "West", "Central", "Coast", "Hills", "Valley", "Metro", "Rural"]
    return rng.sample(pool, n)


def bar(rng):
    n = rng.randint(4, 8)
    return f"{MPL_HEAD}labels = {_labels(rng, n)}\nvalues = {_vals(rng, n)}\nfig, ax = plt.subplots(figsize=(8, 5))\nbars = ax.bar(labels, values, color='steelblue')\nax.bar_label(bars)\nax.set_title('{rng.choice(TOPICS)} by region')\nax.set_ylabel('Value')\n"


def barh_stacked(rng):
    n = rng.randint(3, 6)
    return f"{MPL_HEAD}cats = {_labels(rng, n)}\na = np.array({_vals(rng, n)})\nb = np.array({_vals(rng, n)})\nfig, ax = plt.subplots()\nax.barh(cats, a, label='2023')\nax.barh(cats, b, left=a, label='2024')\nax.legend()\nax.set_xlabel('{rng.choice(TOPICS)}')\n"


def grouped(rng):
    n = rng.randint(3, 6)
    return f"{MPL_HEAD}x = np.arange({n})\nw = 0.25\nfig, ax = plt.subplots(figsize=(9, 5))\nfor i, s in enumerate(['A', 'B', 'C']):\n    ax.bar(x + i * w, {_vals(rng, n)}, w, label='Series ' + s)\nax.set_xticks(x + w, {_labels(rng, n)})\nax.legend(title='Group')\nax.grid(axis='y', alpha=0.3)\n"


def lines(rng):
    n = rng.randint(8, 24)
    series = "\n".join(f"ax.plot(months, {_vals(rng, n)}, marker='o', label='{t}')" for t in rng.sample(TOPICS, 3))
    return f"{MPL_HEAD}months = list(range(1, {n + 1}))\nfig, ax = plt.subplots(figsize=(10, 5))\n{series}\nax.legend(loc='upper left')\nax.set_xlabel('Month')\nax.set_title('Monthly trends')\nax.annotate('peak', xy=(3, 90), xytext=(5, 95), arrowprops=dict(arrowstyle='->'))\n"


def scatter(rng):
    n = rng.randint(20, 60)
    return f"{MPL_HEAD}x = {_vals(rng, n)}\ny = {_vals(rng, n)}\ns = {_vals(rng, n, 10, 300)}\nfig, ax = plt.subplots()\nsc = ax.scatter(x, y, s=s, c=y, cmap='viridis', alpha=0.7)\nfig.colorbar(sc, label='y')\nm, b = np.polyfit(x, y, 1)\nax.plot(sorted(x), [m * v + b for v in sorted(x)], 'r--', label='fit')\nax.legend()\n"


def pie(rng):
    n = rng.randint(3, 7)
    donut = ", wedgeprops=dict(width=0.4)" if rng.random() < 0.5 else ""
    return f"{MPL_HEAD}sizes = {_vals(rng, n)}\nlabels = {_labels(rng, n)}\nfig, ax = plt.subplots(figsize=(6, 6))\nax.pie(sizes, labels=labels, autopct='%1.1f%%', startangle=90{donut})\nax.set_title('Share of {rng.choice(TOPICS).lower()}')\n"


def hist_box(rng):
    data = [_vals(rng, 40, 0, 50) for _ in range(3)]
    return f"{MPL_HEAD}data = {data}\nfig, (a, b) = plt.subplots(1, 2, figsize=(10, 4))\na.hist(data[0], bins=12, edgecolor='black')\na.set_title('Distribution')\nb.boxplot(data, tick_labels=['x', 'y', 'z'])\nb.set_title('Spread')\n"


def area_err(rng):
    n = rng.randint(6, 12)
    return f"{MPL_HEAD}x = np.arange({n})\nys = [{_vals(rng, n)}, {_vals(rng, n)}, {_vals(rng, n)}]\nfig, (a, b) = plt.subplots(2, 1, figsize=(8, 7), sharex=True)\na.stackplot(x, ys, labels=['coal', 'gas', 'solar'], alpha=0.8)\na.legend(loc='upper left')\nb.errorbar(x, ys[0], yerr={_vals(rng, n, 1, 8)}, fmt='-o', capsize=3)\nb.set_xlabel('Year')\n"


def radar(rng):
    axes = ["Speed", "Power", "Range", "Cost", "Comfort", "Safety"]
    return f"{MPL_HEAD}cats = {axes}\nvals = {_vals(rng, 6, 1, 10)}\nang = np.linspace(0, 2 * np.pi, len(cats), endpoint=False).tolist()\nvals += vals[:1]\nang += ang[:1]\nfig, ax = plt.subplots(subplot_kw=dict(polar=True))\nax.plot(ang, vals, 'o-')\nax.fill(ang, vals, alpha=0.25)\nax.set_xticks(ang[:-1], cats)\n"


def heat_contour(rng):
    n = rng.randint(4, 8)
    grid = [_vals(rng, n, 0, 1) for _ in range(n)]
    return f"{MPL_HEAD}z = np.array({grid})\nfig, (a, b) = plt.subplots(1, 2, figsize=(11, 4.5))\nim = a.imshow(z, cmap='magma')\nfor i in range(z.shape[0]):\n    for j in range(z.shape[1]):\n        a.text(j, i, f'{{z[i, j]:.2f}}', ha='center', va='center', fontsize=7, color='w')\nfig.colorbar(im, ax=a)\nX, Y = np.meshgrid(np.linspace(-2, 2, 60), np.linspace(-2, 2, 60))\ncs = b.contourf(X, Y, np.exp(-X**2 - Y**2) * {rng.uniform(1, 3):.2f}, levels=12)\nb.clabel(b.contour(X, Y, np.exp(-X**2 - Y**2), colors='k'), fontsize=7)\n"


def three_d(rng):
    if rng.random() < 0.5:
        return f"{MPL_HEAD}from mpl_toolkits.mplot3d import Axes3D\nfig = plt.figure(figsize=(7, 6))\nax = fig.add_subplot(projection='3d')\nX, Y = np.meshgrid(np.linspace(-3, 3, 40), np.linspace(-3, 3, 40))\nax.plot_surface(X, Y, np.sin(np.sqrt(X**2 + Y**2)) * {rng.uniform(0.5, 2):.2f}, cmap='coolwarm')\nax.set_title('Surface')\n"
    n = rng.randint(3, 5)
    return f"{MPL_HEAD}fig = plt.figure()\nax = fig.add_subplot(projection='3d')\nfor k, c in enumerate(['r', 'g', 'b']):\n    ax.bar(np.arange({n}), {_vals(rng, n)}, zs=k, zdir='y', color=c, alpha=0.8)\nax.set_xlabel('Quarter')\nax.set_ylabel('Team')\n"


def seaborn_chart(rng):
    kind = rng.choice(["violin", "heatmap", "lineplot", "boxplot", "barplot"])
    head = "import matplotlib.pyplot as plt\nimport seaborn as sns\nimport pandas as pd\nimport numpy as np\n"
    rows = [(rng.choice(["A", "B", "C"]), rng.choice(["x", "y"]), round(rng.gauss(50, 12), 1)) for _ in range(60)]
    df = f"df = pd.DataFrame({rows}, columns=['group', 'kind', 'value'])\n"
    if kind == "heatmap":
        return head + f"m = pd.DataFrame({[_vals(rng, 5, 0, 1) for _ in range(5)]}, columns=list('abcde'))\nplt.figure(figsize=(6, 5))\nsns.heatmap(m.corr(), annot=True, cmap='vlag')\n"
    if kind == "lineplot":
        return head + df + "sns.set_theme(style='whitegrid')\ndf['t'] = np.arange(len(df)) % 12\nsns.lineplot(data=df, x='t', y='value', hue='group')\n"
    call = {"violin": "sns.violinplot", "boxplot": "sns.boxplot", "barplot": "sns.barplot"}[kind]
    return head + df + f"ax = {call}(data=df, x='group', y='value', hue='kind')\nax.set_title('{rng.choice(TOPICS)}')\n"


def pandas_plot(rng):
    n = rng.randint(5, 10)
    return f"import pandas as pd\nimport matplotlib.pyplot as plt\ndf = pd.DataFrame({{'a': {_vals(rng, n)}, 'b': {_vals(rng, n)}}}, index={list(range(2000, 2000 + n))})\nax = df.plot(kind='{rng.choice(['line', 'bar', 'area'])}', figsize=(8, 4), title='{rng.choice(TOPICS)}')\nax.set_ylabel('units')\n"


def network(rng):
    n = rng.randint(6, 12)
    return f"import matplotlib.pyplot as plt\nimport networkx as nx\nG = nx.gnm_random_graph({n}, {n + 4}, seed={rng.randint(0, 99)}, directed={rng.random() < 0.5})\nplt.figure(figsize=(6, 6))\nnx.draw_networkx(G, pos=nx.spring_layout(G, seed=1), node_color='lightblue', edge_color='gray')\nplt.axis('off')\n"


def treemap(rng):
    n = rng.randint(4, 8)
    return f"import matplotlib.pyplot as plt\nimport squarify\nsizes = {_vals(rng, n)}\nlabels = [f'{{l}}\\n{{s}}' for l, s in zip({_labels(rng, n)}, sizes)]\nplt.figure(figsize=(8, 5))\nsquarify.plot(sizes=sizes, label=labels, alpha=0.8, pad=True)\nplt.axis('off')\nplt.title('Treemap')\n"


def scipy_fit(rng):
    n = rng.randint(8, 15)
    return f"{MPL_HEAD}from scipy.interpolate import make_interp_spline\nfrom scipy.stats import gaussian_kde\nx = np.arange({n})\ny = np.array({_vals(rng, n)})\nxs = np.linspace(0, {n - 1}, 200)\nfig, (a, b) = plt.subplots(1, 2, figsize=(10, 4))\na.plot(x, y, 'o')\na.plot(xs, make_interp_spline(x, y, k=3)(xs))\nkde = gaussian_kde(y)\nb.fill_between(xs * 10, kde(xs * 10), alpha=0.5)\nb.set_title('Density')\n"


def waterfall(rng):
    n = rng.randint(4, 7)
    return f"{MPL_HEAD}steps = {[round(rng.uniform(-30, 40), 1) for _ in range(n)]}\nstart = np.concatenate([[0], np.cumsum(steps)[:-1]])\ncolors = ['g' if s >= 0 else 'r' for s in steps]\nfig, ax = plt.subplots()\nax.bar(range(len(steps)), steps, bottom=start, color=colors)\nfor i, s in enumerate(steps):\n    ax.text(i, start[i] + s, f'{{s:+}}', ha='center', va='bottom')\nax.axhline(0, color='k', lw=0.8)\nax2 = ax.twinx()\nax2.plot(range(len(steps)), np.cumsum(steps), 'k--')\n"


def plotly_chart(rng):
    kind = rng.choice(["bar", "line", "scatter", "pie", "heatmap", "funnel", "subplots"])
    head = "import plotly.express as px\nimport plotly.graph_objects as go\n"
    n = rng.randint(4, 8)
    body = {
        "bar": f"fig = px.bar(x={_labels(rng, n)}, y={_vals(rng, n)}, title='{rng.choice(TOPICS)}', text_auto=True)\n",
        "line": f"fig = px.line(x=list(range({n})), y={_vals(rng, n)}, markers=True, title='Trend')\n",
        "scatter": f"fig = px.scatter(x={_vals(rng, 30)}, y={_vals(rng, 30)}, size={_vals(rng, 30, 1, 20)}, title='Spread')\n",
        "pie": f"fig = px.pie(names={_labels(rng, n)}, values={_vals(rng, n)}, hole=0.3)\n",
        "heatmap": f"fig = go.Figure(go.Heatmap(z={[_vals(rng, n) for _ in range(n)]}, colorscale='Viridis'))\nfig.update_layout(title='Heat')\n",
        "funnel": f"fig = go.Figure(go.Funnel(y={_labels(rng, 4)}, x=sorted({_vals(rng, 4)}, reverse=True)))\n",
        "subplots": f"from plotly.subplots import make_subplots\nfig = make_subplots(rows=1, cols=2)\nfig.add_trace(go.Bar(y={_vals(rng, n)}), 1, 1)\nfig.add_trace(go.Scatter(y={_vals(rng, n)}), 1, 2)\n",
    }[kind]
    # write_image only: fig.show() in a bare `python chart.py` would try to open a browser.
    ending = rng.choice(["fig.write_image('chart.png')\n", "fig.write_image('out.png', width=900, height=500)\n"])
    return head + body + ending


MATPLOTLIB = [bar, barh_stacked, grouped, lines, scatter, pie, hist_box, area_err, radar, heat_contour, three_d, seaborn_chart, pandas_plot, network, treemap, scipy_fit, waterfall]


def main() -> None:
    rng = random.Random(20241022)
    OUT.mkdir(exist_ok=True)
    for old in OUT.glob("*.py"):
        old.unlink()
    k = 0
    for rep in range(6):
        for make in MATPLOTLIB:
            ending = ENDINGS[(k + rep) % len(ENDINGS)]
            needs_dir = "output/" in ending
            code = make(rng) + ("import os\nos.makedirs('output', exist_ok=True)\n" if needs_dir else "") + ending
            (OUT / f"{k:03d}_{make.__name__}.py").write_text(code)
            k += 1
    for _ in range(18):
        (OUT / f"{k:03d}_plotly.py").write_text(plotly_chart(rng))
        k += 1
    print(f"wrote {k} chart programs to {OUT}")


if __name__ == "__main__":
    main()
