"""What a question family may know about a chart: its data tables, plus what the image
shows of them (labels printed on marks, colours, occluded cells, how exactly a value can
be read off an unlabelled mark).

A `ChartView` comes from the engine's spec when there is one, and from the tables alone
otherwise (LLM-written charts, whose tables come from their `chart_data()` program). A
chart whose drawn numbers are not the table's (percentage bars, nested rings) or that
families cannot read (scatter clouds, boxes, graphs) gets no view: families ask nothing.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

from cit.qa.programs.words import is_plural, noun_of, plural
from cit.record import DataTable

# Chart types whose main table is what the image draws, category by category.
READABLE = {
    "bar": {"plain", "annotated", "grouped", "stacked", "horizontal"},
    "line": {"plain", "annotated", "error_bars"},
    "area": {"plain", "stacked"},
    "bar3d": {"plain", "stacked"},
    "radar": {"plain", "filled"},
    "pie": {"pie", "donut", "sector"},
    "specific": {"funnel", "heatmap", "rose", "treemap", "candlestick"},
    "combo": {"bar_line"},
}
MARKS = {"bar": "bar", "bar3d": "bar", "combo": "bar", "line": "point", "area": "point", "radar": "point", "pie": "slice"}
TIME_NOUNS = {"year", "month", "quarter", "week", "day", "hour", "date", "season", "decade", "period", "trading day"}
MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec".split()
_TIME_LABEL = re.compile(r"^(?:(?:19|20)\d\d|Q[1-4]\b.*|.*\b(?:19|20)\d\d.*|W(?:ee)?k ?\d+|Day \d+)$", re.I)


@dataclass
class Other:
    """A second table over the same categories (an overlay on a right axis, a panel)."""

    table: int
    column: int
    name: str
    unit: str
    dp: int
    tol: float


@dataclass
class ChartView:
    tables: list[DataTable]
    labels: list[str]  # the categories along the x axis (or around the pie)
    series: dict[str, tuple[int, list[float]]]  # name -> (column in table 0, values)
    measure: str
    unit: str
    dp: int
    kind: tuple[str, str]  # what the series are (multi-series) or the categories are (one series)
    x_noun: tuple[str, str]
    ordered: bool  # categories are a time sequence: trends, streaks and crossings make sense
    mark: str  # "bar", "point", "slice", "cell"
    labeled: bool  # every value is printed on the chart
    tol: float  # how far off a careful reader may be on one unlabelled value
    colors: dict[str, str] = field(default_factory=dict)  # series -> colour word
    occluded: set[tuple[str, str]] = field(default_factory=set)  # (label, series) the image hides
    others: list[Other] = field(default_factory=list)
    table: int = 0  # which table holds the categories and the series
    label_code: str = "str(r[0])"  # how a program names a row's category (a histogram bin: "0–50")
    additive: bool = False  # values of different categories may be summed (counts, money; not rates)
    source: str = "engine"

    @property
    def names(self) -> list[str]:
        return list(self.series)

    def readable(self, label: str, series: str) -> bool:
        return (label, series) not in self.occluded

    def fully_readable(self, series: str) -> bool:
        return all(self.readable(lab, series) for lab in self.labels)

    def values(self, series: str) -> list[float]:
        return self.series[series][1]


def nice_step(span: float, ticks: int = 8) -> float:
    """The major tick step an automatic locator picks for `span` (1, 2, 2.5 or 5 x 10^k)."""
    if span <= 0:
        return 1.0
    raw = span / ticks
    mag = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 2.5, 5, 10):
        if raw <= m * mag:
            return m * mag
    return 10 * mag


def read_tolerance(values: list[float], stacked: bool = False, from_zero: bool = True) -> float:
    """Half a minor tick (a quarter of the major step): what a careful reader achieves."""
    if not values:
        return 0.0
    hi, lo = max(values), min(values)
    span = max(abs(hi), abs(lo)) if from_zero else (hi - lo) or abs(hi)
    tol = nice_step(span) / 4
    return tol * (2 if stacked else 1)


def _numeric(col: list[Any]) -> bool:
    return bool(col) and all(isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) for v in col)


def _ordered(labels: list[str], x_noun: str) -> bool:
    if x_noun.lower() in TIME_NOUNS:
        return True
    return len(labels) >= 3 and all(_TIME_LABEL.match(lab) or lab[:3].lower() in MONTHS for lab in labels)


def from_spec(tables: list[DataTable], spec: dict[str, Any]) -> ChartView | None:
    family, _, name = str(spec.get("type", "")).partition("/")
    if (family, name) == ("specific", "histogram"):
        return _histogram(tables, spec)
    if (family, name) == ("scatter", "bubble"):
        return _bubbles(tables, spec)
    if name not in READABLE.get(family, set()) or not tables:
        return None
    t = tables[0]
    labels = [str(r[0]) for r in t.rows]
    m = spec.get("measure") or {}
    measure, unit, dp = str(m.get("name") or "value"), str(m.get("unit") or ""), int(m.get("dp", 1))
    cols = {c: i for i, c in enumerate(t.columns)}
    if family == "pie":
        if "Share (%)" not in cols:
            return None
        names = ["Share (%)"]
        measure, unit, dp = "share", "%", 1
    elif name == "candlestick":
        if "Close" not in cols:
            return None
        names, measure = ["Close"], f"closing {measure}"  # the candle bodies' ends; wicks are noisier
    else:
        names = [c for c in t.columns[1:] if _numeric([r[cols[c]] for r in t.rows])]
    if len(labels) < 3 or not names:
        return None
    series = {n: (cols[n], [float(r[cols[n]]) for r in t.rows]) for n in names}
    kind = tuple(spec.get("kind") or ("category", "categories"))
    x = spec.get("x_noun") or (kind[0] if len(names) == 1 else noun_of(str(t.columns[0])))
    x_noun = (x, _plural(x))
    labeled = bool(spec.get("labeled")) or name in ("heatmap",)
    all_values = [v for _, vs in series.values() for v in vs]
    stacked = name == "stacked"
    # Line-like axes are scaled to the data, bars and areas start at zero.
    from_zero = family not in ("line", "radar") and name != "candlestick"
    tol = 0.0 if labeled else (3.0 if family == "pie" else read_tolerance(all_values, stacked, from_zero))
    colors = {}
    for n, c in zip(names, spec.get("colors") or []):
        if isinstance(c, (list, tuple)) and len(c) == 2 and len(names) > 1:
            colors[n] = str(c[1])
    # The engine marks the cells its 3D view hides; a 3D chart without that mark is not read.
    if family == "bar3d" and "occluded" not in spec:
        return None
    occluded = {(str(c[0]), str(c[1])) for c in spec.get("occluded") or []}
    view = ChartView(tables, labels, series, measure, unit, dp, (str(kind[0]), str(kind[1])), x_noun,
                     _ordered(labels, x), "cell" if name == "heatmap" else MARKS.get(family, "bar"), labeled, tol,
                     colors, occluded, additive=bool(m.get("additive")) or family == "pie")
    view.others = _others(tables, labels, spec.get("overlay") or spec.get("panel"))
    return view


def _histogram(tables: list[DataTable], spec: dict[str, Any]) -> ChartView | None:
    """The bars of a histogram are its bin counts, labelled "start–end"."""
    k = next((i for i, t in enumerate(tables) if t.columns == ["Bin start", "Bin end", "Count"]), None)
    if k is None or len(tables[k].rows) < 3:
        return None
    rows = tables[k].rows
    labels = [f"{r[0]}–{r[1]}" for r in rows]
    counts = [float(r[2]) for r in rows]
    measure = noun_of(str(spec.get("y_label") or "count"))
    labeled = bool(spec.get("labeled"))
    return ChartView(tables, labels, {"Count": (2, counts)}, measure, "", 0, ("bin", "bins"), ("bin", "bins"), True,
                     "bar", labeled, 0.0 if labeled else read_tolerance(counts), table=k,
                     label_code='f"{r[0]}–{r[1]}"', additive=True)


def _bubbles(tables: list[DataTable], spec: dict[str, Any]) -> ChartView | None:
    """Named bubbles read on the y axis (positions; areas are too rough to read)."""
    t = tables[0] if tables else None
    m = spec.get("measure") or {}
    if t is None or len(t.columns) < 3 or len(t.rows) < 3 or not _numeric([r[2] for r in t.rows]):
        return None
    kind = tuple(spec.get("kind") or ("point", "points"))
    values = [float(r[2]) for r in t.rows]
    labels = [str(r[0]) for r in t.rows]
    if len(set(labels)) != len(labels):
        return None
    return ChartView(tables, labels, {str(t.columns[2]): (2, values)}, str(m.get("name") or noun_of(t.columns[2])),
                     str(m.get("unit") or ""), int(m.get("dp", 1)), (str(kind[0]), str(kind[1])), (str(kind[0]), str(kind[1])),
                     False, "point", bool(spec.get("labeled")), read_tolerance(values, from_zero=False),
                     additive=bool(m.get("additive")))


def from_tables(tables: list[DataTable], chart_type: str | None) -> ChartView | None:
    """A view of an LLM-written chart: only what its tables say; nothing is assumed labelled."""
    family, _, name = str(chart_type or "").partition("/")
    if family and (family not in READABLE or family in ("bar3d", "pie")):
        return None  # 3D occlusion and pie angles are unknown without a spec
    if not tables:
        return None
    t = tables[0]
    if len(t.columns) < 2 or len(t.rows) < 3 or _numeric([r[0] for r in t.rows]) and not _ordered([str(r[0]) for r in t.rows], ""):
        return None
    labels = [str(r[0]) for r in t.rows]
    if len(set(labels)) != len(labels):
        return None
    names = [c for i, c in enumerate(t.columns[1:], 1) if _numeric([r[i] for r in t.rows])]
    if not names:
        return None
    series = {n: (t.columns.index(n), [float(r[t.columns.index(n)]) for r in t.rows]) for n in names}
    units = {t.units.get(n, "") for n in names}
    unit = units.pop() if len(units) == 1 else ""
    measure = names[0] if len(names) == 1 else "value"
    x = noun_of(str(t.columns[0]))
    kind = ("category", "categories") if len(names) == 1 else ("series", "series")
    all_values = [v for _, vs in series.values() for v in vs]
    dp = max((_decimals(v) for v in all_values), default=0)
    return ChartView(tables, labels, series, noun_of(measure), unit, min(dp, 2), kind, (x, _plural(x)),
                     _ordered(labels, x), "bar" if family in ("bar", "combo", "specific") else "point", False,
                     read_tolerance(all_values, name == "stacked"), additive=unit != "%", source="tables")


def _decimals(v: float) -> int:
    text = f"{v:.6f}".rstrip("0")
    return len(text.split(".")[1]) if "." in text else 0


def _plural(noun: str) -> str:
    return noun if is_plural(noun) else plural(noun)


def _others(tables: list[DataTable], labels: list[str], overlay: Any) -> list[Other]:
    out = []
    for k, t in enumerate(tables[1:], 1):
        if [str(r[0]) for r in t.rows] != labels or len(t.columns) != 2 or not _numeric([r[1] for r in t.rows]):
            continue
        if "error" in (t.title or "").lower():
            continue  # error-bar half-widths are not a quantity of their own
        m = overlay.get("measure") if isinstance(overlay, dict) and isinstance(overlay.get("measure"), dict) else {}
        name = str(m.get("name") or noun_of(t.columns[1]))
        values = [float(r[1]) for r in t.rows]
        out.append(Other(k, 1, name, str(m.get("unit") or t.units.get(t.columns[1], "")), int(m.get("dp", 1)),
                         read_tolerance(values)))
    return out
