"""The chart type contract: what a type module subclasses.

A chart type turns a topic domain and a seeded generator into a *spec* (a JSON-able dict:
title, measure, data, variable names, colours, evolution parts), and turns a spec into a
program, data tables, a caption and question candidates. Shape classes in
`cit.engine.shapes` implement everything except drawing; a type module adds the drawing
lines for its library and its metadata, so it stays short.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any, ClassVar

import cit.engine.code as code
from cit.engine.qa import Asker
from cit.engine.text import cap
from cit.engine.topics import TOPICS, Domain, Measure
from cit.record import DataTable

DIRECTIONS = ("more-data", "visual-elements", "overlay", "subplot")


@dataclass(frozen=True)
class ChartTypeInfo:
    key: str  # "bar/stacked"
    family: str  # "bar"
    name: str  # "stacked"
    library: str  # "matplotlib" | "seaborn" | "plotly"
    evolvable: tuple[str, ...]  # evolution directions this type supports
    description: str
    noun: str  # how captions and questions call it: "stacked bar chart"
    needs: tuple[str, ...] = ()  # topic features it needs ("stages", "price", ...)

    @property
    def id(self) -> str:
        """Unique among implementations: the same key may exist in several libraries."""
        return f"{self.key}@{self.library}"


@dataclass
class Draw:
    rng: random.Random
    domain: Domain


def measure_dict(m: Measure) -> dict[str, Any]:
    return {"name": m.name, "unit": m.unit, "lo": m.lo, "hi": m.hi, "dp": m.dp, "additive": m.additive}


def measure_of(d: dict[str, Any]) -> Measure:
    return Measure(**d)


class ChartType:
    family: ClassVar[str]
    name: ClassVar[str]
    library: ClassVar[str] = "matplotlib"
    noun: ClassVar[str]
    description: ClassVar[str]
    needs: ClassVar[frozenset[str]] = frozenset()
    evolvable: ClassVar[tuple[str, ...]] = DIRECTIONS
    projection: ClassVar[str | None] = None  # matplotlib axes projection: "polar" or "3d"
    labeled: ClassVar[bool] = False  # the chart prints its values
    axis_labels: ClassVar[bool] = True  # draws x/y axis titles from spec["x_label"]/["y_label"]
    figsize: ClassVar[tuple[float, float]] = (9.0, 6.0)
    marks: ClassVar[str] = "bars"  # "bars" or "lines": an overlay uses the other kind

    # ---- identity ---------------------------------------------------------------------
    @property
    def key(self) -> str:
        return f"{self.family}/{self.name}"

    def info(self) -> ChartTypeInfo:
        return ChartTypeInfo(self.key, self.family, self.name, self.library, self.supported(), self.description, self.noun,
                             tuple(sorted(self.needs)))

    def supported(self) -> tuple[str, ...]:
        """The evolution directions this type can take (a sample may still rule one out,
        e.g. a single series has nothing to compare a subplot with)."""
        out = tuple(d for d in self.evolvable if self.library != "plotly" or d not in ("overlay", "subplot"))
        if self.library == "plotly" and not getattr(self, "plotly_elements", ()):
            out = tuple(d for d in out if d != "visual-elements")
        return out

    def domain(self, spec: dict) -> Domain:
        return TOPICS[spec["topic"]]

    # ---- what a shape implements --------------------------------------------------------
    def make(self, d: Draw) -> dict:
        raise NotImplementedError

    def grow(self, spec: dict, d: Draw) -> bool:
        """More data or series, in place; False when the chart cannot take more."""
        return False

    def elements(self, spec: dict) -> list[str]:
        """Visual elements that could still be added (see the shape's element_lines)."""
        return []

    def add_element(self, spec: dict, name: str, d: Draw) -> None:
        spec["extras"][name] = True

    def tables(self, spec: dict) -> list[DataTable]:
        raise NotImplementedError

    def describe(self, spec: dict) -> list[str]:
        raise NotImplementedError

    def ask(self, spec: dict, a: Asker) -> None:
        raise NotImplementedError

    def data_lines(self, spec: dict) -> list[str]:
        raise NotImplementedError

    def element_lines(self, spec: dict, ax: str) -> list[str]:
        return []

    def leaders(self, spec: dict) -> tuple[list[str], list[float], str, float] | None:
        """Per-entity scores a second subplot can be compared with: labels, scores, what
        the score is ("electricity generation in 2021"), and the reading tolerance."""
        return None

    def x_series(self, spec: dict) -> tuple[list[float], str, str, float] | None:
        """The base values along x that an overlay is compared with: values, what they
        are ("electricity generation of Solar"), a key for checkers ("values", "total" or
        a series name), and the reading tolerance."""
        return None

    def overlay_x(self, spec: dict) -> tuple[str, list] | None:
        """(code expression for x positions, x labels) that a twin-axis overlay plots
        against; None when this type cannot take an overlay."""
        return None

    # ---- what a type module implements -------------------------------------------------
    def draw(self, spec: dict, ax: str) -> list[str]:
        """matplotlib/seaborn: lines drawing on the axes named `ax`."""
        raise NotImplementedError

    def plotly_body(self, spec: dict) -> tuple[list[str], dict[str, Any]]:
        """plotly: trace lines and update_layout arguments."""
        raise NotImplementedError

    # ---- assembled ----------------------------------------------------------------------
    def header(self, spec: dict) -> list[str]:
        return [f"# {spec['title']}", f"# {cap(spec['about'])}"]

    def label_lines(self, spec: dict, ax: str) -> list[str]:
        out = [f"{ax}.set_title({code.s(spec['title'])}, fontsize=13, fontweight=\"bold\", pad=12)"]  # clear of the top tick label
        if self.axis_labels:
            if spec.get("x_label"):
                out.append(f"{ax}.set_xlabel({code.s(spec['x_label'])})")
            if spec.get("y_label"):
                out.append(f"{ax}.set_ylabel({code.s(spec['y_label'])})")
        return out
