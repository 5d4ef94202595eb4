"""What the zygote imports and draws, so that forked jobs start warm, and in what order.

Import cost dominates a naive run (about 0.3 s for pyplot, 1.2 s for seaborn in a fresh
interpreter); drawing once more loads fonts, mathtext tables and plotly's per-trace
validators, which would otherwise be paid again by every job.

The zygote says "ready" after the core (numpy and pyplot), so the first job does not wait
for libraries it may never use. The rest is loaded in steps: the libraries a job actually
imported are loaded right after that job (so the next one finds them warm), and the others
while the zygote has nothing to do. What a job draws never depends on how warm its zygote
was: a library that is not loaded yet is imported by the job itself.
"""

from __future__ import annotations

import importlib

CORE = ("numpy", "matplotlib", "matplotlib.pyplot")
PRELOAD = CORE + (
    "matplotlib.patches",
    "matplotlib.ticker",
    "pandas",
    "scipy",
    "scipy.stats",
    "scipy.interpolate",
    "seaborn",
    "mpl_toolkits.mplot3d",
    "networkx",
    "squarify",
    "PIL.Image",
    "plotly",
    "plotly.io",
    "plotly.graph_objects",
    "plotly.express",
    "plotly.subplots",
)
# A warm-up drawing follows the imports of its library.
DRAW_AFTER = {"matplotlib.ticker": "draw:matplotlib", "seaborn": "draw:seaborn", "plotly.subplots": "draw:plotly"}


def _import(name: str, missing: list[str]) -> None:
    try:
        importlib.import_module(name)
    except ImportError:
        missing.append(name)


class Warmup:
    """The zygote's remaining warm-up steps, one import or one drawing at a time."""

    def __init__(self) -> None:
        self.missing: list[str] = []
        self.pending: list[str] = []
        for name in PRELOAD[len(CORE):]:
            self.pending.append(name)
            if name in DRAW_AFTER:
                self.pending.append(DRAW_AFTER[name])

    def core(self) -> list[str]:
        import matplotlib

        matplotlib.use("Agg")
        for name in CORE:
            _import(name, self.missing)
        return list(self.missing)

    def step(self) -> None:
        if self.pending:
            self._run(self.pending.pop(0))

    def want(self, modules: object) -> None:
        """Load now what a job just used (names from the job are untrusted: only known ones count)."""
        if not isinstance(modules, list):
            return
        used = {m for m in modules if isinstance(m, str) and m in PRELOAD}
        libraries = {m.split(".")[0] for m in used}
        for step in list(self.pending):
            if step in used or (step.startswith("draw:") and step[5:] in libraries):
                self.pending.remove(step)
                self._run(step)

    def _run(self, step: str) -> None:
        if step == "draw:matplotlib":
            _draw_matplotlib()
        elif step == "draw:seaborn":
            _draw_seaborn()
        elif step == "draw:plotly":
            _draw_plotly()
        else:
            _import(step, self.missing)


def _draw_matplotlib() -> None:
    import io

    import matplotlib.pyplot as plt

    try:
        fig, a = plt.subplots(figsize=(4, 3))
        a.bar(["a", "b", "c"], [3, 1, 2], label="bars")
        a.plot([0, 1, 2], [1, 3, 2], marker="o", label="line")
        a.set_title(r"Warm-up $\alpha^2$")
        a.legend()
        a.annotate("note", xy=(1, 1))
        fig.tight_layout()
        fig.savefig(io.BytesIO(), format="png")
    except Exception:
        pass
    finally:
        plt.close("all")


def _draw_seaborn() -> None:
    import io

    import matplotlib.pyplot as plt

    try:
        import numpy as np
        import seaborn as sns

        fig, b = plt.subplots(figsize=(3, 3))
        sns.histplot(x=np.arange(20.0), ax=b)
        fig.savefig(io.BytesIO(), format="png")
    except Exception:
        pass
    finally:
        plt.close("all")


def _draw_plotly() -> None:
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
