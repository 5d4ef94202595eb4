"""What the zygote imports and draws once, so that every forked job starts warm.

Import cost dominates a naive run (about 0.5 s for pyplot, 1.2 s for seaborn in a fresh
interpreter); drawing once more loads fonts, mathtext tables and plotly's per-trace
validators, which would otherwise be paid again by every job.
"""

from __future__ import annotations

import importlib

PRELOAD = (
    "numpy",
    "pandas",
    "matplotlib",
    "matplotlib.pyplot",
    "matplotlib.patches",
    "matplotlib.ticker",
    "mpl_toolkits.mplot3d",
    "seaborn",
    "scipy",
    "scipy.stats",
    "scipy.interpolate",
    "networkx",
    "squarify",
    "PIL.Image",
    "plotly",
    "plotly.io",
    "plotly.graph_objects",
    "plotly.express",
    "plotly.subplots",
)


def preload() -> list[str]:
    """Import the chart stack; returns the modules that are not installed."""
    import matplotlib

    matplotlib.use("Agg")
    missing = []
    for name in PRELOAD:
        try:
            importlib.import_module(name)
        except ImportError:
            missing.append(name)
    _draw_once()
    return missing


def _draw_once() -> None:
    import io

    import matplotlib.pyplot as plt

    try:
        import numpy as np
        import seaborn as sns

        fig, (a, b) = plt.subplots(1, 2, figsize=(6, 3))
        a.bar(["a", "b", "c"], [3, 1, 2], label="bars")
        a.plot([0, 1, 2], [1, 3, 2], marker="o", label="line")
        a.set_title(r"Warm-up $\alpha^2$")
        a.legend()
        sns.histplot(x=np.arange(20.0), ax=b)
        b.annotate("note", xy=(1, 1))
        fig.tight_layout()
        fig.savefig(io.BytesIO(), format="png")
    except Exception:
        pass
    finally:
        plt.close("all")
    try:
        import plotly.express as px
        import plotly.graph_objects as go
        import plotly.io as pio

        figs = [
            go.Figure([go.Bar(x=[1, 2], y=[3, 4]), go.Scatter(x=[1, 2], y=[3, 4])]),
            go.Figure([go.Pie(labels=["a", "b"], values=[1, 2]), go.Heatmap(z=[[1, 2], [3, 4]])]),
            go.Figure([go.Box(y=[1, 2, 3]), go.Histogram(x=[1, 2, 2])]),
            px.line(x=[1, 2, 3], y=[2, 1, 3], title="t"),
        ]
        for fig in figs:
            pio.to_json(fig, validate=False)
    except Exception:
        pass
