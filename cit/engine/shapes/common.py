"""Pieces every shape uses: the spec skeleton and chart-level questions (title, axes, colours)."""

from __future__ import annotations

from typing import Any

from cit.engine.base import ChartType, Draw, measure_dict
from cit.engine.qa import Asker
from cit.engine.text import with_unit
from cit.engine.topics import Measure
from cit.record import DataTable


def new_spec(t: ChartType, d: Draw, *, title: str, about: str, measure: Measure, kind: tuple[str, str] | list[str],
             data: dict[str, Any], vars: dict[str, Any], colors: list[list[str]], x_label: str | None = None,
             y_label: str | None = None, labeled: bool | None = None, **extra: Any) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "type": t.key, "library": t.library, "topic": d.domain.key,
        "title": title, "about": about, "measure": measure_dict(measure), "kind": list(kind),
        "x_label": x_label, "y_label": y_label, "data": data, "vars": vars, "colors": colors,
        "labeled": t.labeled if labeled is None else labeled,
        "extras": {}, "overlay": None, "panel": None,
        "figsize": list(t.figsize), "dpi": d.rng.choice([100, 110, 120]),
        "wording_seed": d.rng.randrange(2**31),
    }
    spec.update(extra)
    return spec


def unit_of(spec: dict) -> str:
    return spec["measure"]["unit"]


def fmt(spec: dict, value: float, dp: int | None = None) -> str:
    """A value of the chart's measure with its unit, for rationales and captions."""
    m = spec["measure"]
    return with_unit(value, m["unit"], m["dp"] if dp is None else dp)


def ask_title(spec: dict, a: Asker, where: str = "the chart") -> None:
    title = spec["title"]
    q = a.say(["What is the title of {w}?", "What title is shown at the top of {w}?", "Which title does {w} carry?"], w=where)
    a.text("chart.title", "recognition", q, title, [f"The title printed above {where} reads \"{title}\"."])


def ask_axis(spec: dict, a: Asker) -> None:
    for axis, key in (("x", "x_label"), ("y", "y_label")):
        label = spec.get(key)
        if not label:
            continue
        q = a.say(["What is the label of the {x}-axis?", "What does the {x}-axis label say?", "Which label is written along the {x}-axis?"], x=axis)
        a.text("chart.axis", "recognition", q, label, [f"The {axis}-axis is labelled \"{label}\"."], args={"axis": axis})


def ask_color(spec: dict, a: Asker, names: list[str], what: str, template: str = "chart.color") -> None:
    """"Which <what> is drawn in <colour>?" when the program names each one's colour."""
    words = [c[1] for c in spec["colors"][: len(names)]]
    if len(names) < 2 or len(set(words)) != len(words):
        return
    i = a.rng.randrange(len(names))
    q = a.say(["Which {w} is shown in {c}?", "Which {w} does the {c} colour represent?", "The {c} elements belong to which {w}?"],
              w=what, c=words[i])
    a.text(template, "recognition", q, names[i], [f"The legend and colours map {words[i]} to {names[i]}."],
           args={"color": spec["colors"][i][0], "answer": names[i]})


def table(columns: list[str], rows: list[list], units: dict[str, str], title: str | None) -> DataTable:
    return DataTable(columns=columns, rows=rows, units={k: v for k, v in units.items() if v}, title=title)
