"""Dense captions (MAVIS-Caption style): chart type, title, axes, series, key values, trends."""

from __future__ import annotations

import cit.engine.overlay as overlay
import cit.engine.panel as panel
from cit.engine.base import ChartType
from cit.engine.text import cap

_LIB = {"matplotlib": "Matplotlib", "seaborn": "seaborn", "plotly": "Plotly"}


def build(t: ChartType, spec: dict) -> str:
    noun = t.noun
    article = "An" if noun[0].lower() in "aeiou" else "A"
    out = [f"{article} {noun} drawn with {_LIB[t.library]}, titled \"{spec['title']}\", showing {spec['about']}."]
    names = ("x", "vertical") if t.projection == "3d" else ("x", "y")
    axes = [f"the {ax}-axis is labelled \"{spec[k]}\"" for ax, k in zip(names, ("x_label", "y_label")) if spec.get(k)]
    if t.axis_labels and axes:
        out.append(cap(" and ".join(axes)) + ".")
    out += t.describe(spec)
    out += overlay.describe(spec) + panel.describe(spec)
    return " ".join(out)
