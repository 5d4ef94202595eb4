"""Writing programs: literals as a person would type them, and the common scaffolds.

A matplotlib/seaborn program is: imports, a comment, the data as literals, a figure,
the type's drawing lines, visual elements, an optional twin-axis overlay, titles and
labels, an optional second subplot, `tight_layout` and `savefig`. A plotly program is:
imports, data, `go.Figure`, traces, layout, `write_image`. Imports are worked out from
what the body uses, so a type module never lists them.
"""

from __future__ import annotations

import json
from typing import Any

WIDTH = 92

_IMPORTS = [
    ("np.", "import numpy as np"),
    ("pd.", "import pandas as pd"),
    ("sns.", "import seaborn as sns"),
    ("nx.", "import networkx as nx"),
    ("squarify.", "import squarify"),
    ("mpatches.", "import matplotlib.patches as mpatches"),
    ("mlines.", "import matplotlib.lines as mlines"),
]


def lit(value: Any) -> str:
    """A short Python literal for a JSON-like value (strings keep non-ASCII characters)."""
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool) or value is None:
        return repr(value)
    if isinstance(value, float):
        return repr(int(value)) if value.is_integer() and abs(value) >= 1e4 else repr(value)
    if isinstance(value, int):
        return repr(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(lit(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{lit(k)}: {lit(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"cannot write {type(value).__name__} as a literal")


def assign(name: str, value: Any) -> str:
    """`name = <literal>`, wrapped over lines when long: one item per line for dicts and
    nested lists, packed lines for flat lists."""
    one = f"{name} = {lit(value)}"
    if len(one) <= WIDTH:
        return one
    if isinstance(value, dict):
        inner = "\n".join(f"    {lit(k)}: {lit(v)}," for k, v in value.items())
        return f"{name} = {{\n{inner}\n}}"
    if isinstance(value, list) and value and isinstance(value[0], (list, dict)):
        inner = "\n".join(f"    {lit(v)}," for v in value)
        return f"{name} = [\n{inner}\n]"
    parts = [lit(v) for v in value]
    lines, cur = [], "   "
    for p in parts:
        if len(cur) + len(p) + 2 > WIDTH:
            lines.append(cur.rstrip())
            cur = "   "
        cur += f" {p},"
    lines.append(cur.rstrip())
    return f"{name} = [\n" + "\n".join(lines) + "\n]"


def s(text: str) -> str:
    return lit(text)


def _imports(body: str, library: str) -> list[str]:
    if library == "plotly":
        out = ["import plotly.graph_objects as go"]
        if "make_subplots(" in body:
            out.append("from plotly.subplots import make_subplots")
        return out
    out = ["import matplotlib.pyplot as plt"]
    out += [imp for prefix, imp in _IMPORTS if prefix in body]
    return out


def figure_lines(spec: dict, projection: str | None) -> list[str]:
    w, h = spec["figsize"]
    proj = f", projection={s(projection)}" if projection else ""
    if spec.get("panel"):
        w = round(w * 1.75, 1)
        if projection:
            return [f"fig = plt.figure(figsize=({w}, {h}))", f"ax = fig.add_subplot(1, 2, 1{proj})",
                    "ax_right = fig.add_subplot(1, 2, 2)"]
        return [f"fig, (ax, ax_right) = plt.subplots(1, 2, figsize=({w}, {h}), gridspec_kw={{\"width_ratios\": [3, 2]}})"]
    if projection:
        return [f"fig = plt.figure(figsize=({w}, {h}))", f"ax = fig.add_subplot({proj[2:]})"]
    return [f"fig, ax = plt.subplots(figsize=({w}, {h}))"]


def mpl_program(header: list[str], data: list[str], figure: list[str], body: list[str], tail: list[str], dpi: int) -> str:
    main = "\n".join(figure + body + tail)
    parts = ["\n".join(_imports("\n".join(data) + main, "matplotlib")), "\n".join(header + data), main,
             f'plt.tight_layout()\nplt.savefig("chart.png", dpi={dpi}, bbox_inches="tight")']
    return "\n\n".join(p for p in parts if p) + "\n"


def plotly_program(header: list[str], data: list[str], body: list[str], layout: dict[str, Any], size: tuple[int, int]) -> str:
    main = "\n".join(body)
    items = [f"    {k}={lit(v) if not isinstance(v, Raw) else v}," for k, v in layout.items()]
    items += ['    template="plotly_white",', f"    width={size[0]},", f"    height={size[1]},"]
    lay = "fig.update_layout(\n" + "\n".join(items) + "\n)"
    parts = ["\n".join(_imports(main, "plotly")), "\n".join(header + data), main, lay, 'fig.write_image("chart.png")']
    return "\n\n".join(p for p in parts if p) + "\n"


class Raw(str):
    """Code written as is inside a generated call (not quoted as a literal)."""
