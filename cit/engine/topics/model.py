"""What a topic domain knows: its entities, measures, units, magnitudes and time axis.

A chart type declares the domain features it needs (`needs`); the engine only pairs a
type with domains that have them. Magnitudes are for one entity in one period.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Measure:
    name: str  # "electricity generation"
    unit: str  # "TWh"; "" for a count
    lo: float  # typical range for one entity in one period
    hi: float
    dp: int = 1  # decimals the data is written with
    additive: bool = True  # False for rates and averages: no totals, shares or stacks

    @property
    def label(self) -> str:
        return f"{self.name} ({self.unit})" if self.unit else self.name


@dataclass(frozen=True)
class Pair:
    """Two quantities measured on the same observations, for scatter plots."""

    x: Measure
    y: Measure
    obs: str  # plural noun for one point each: "students"
    sign: int = 1  # +1: y rises with x; -1: y falls


@dataclass(frozen=True)
class Domain:
    key: str  # "energy"
    label: str  # "renewable energy and power grids"
    entity: tuple[str, str]  # ("energy source", "energy sources")
    entities: tuple[str, ...]
    group: tuple[str, str]  # ("country", "countries")
    groups: tuple[str, ...]
    measures: tuple[Measure, ...]  # the first one is additive
    samples: Measure  # one observation of a distribution, e.g. a single outage's duration
    sample_obs: str  # what one observation is, plural: "outages"
    criteria: tuple[str, ...]  # radar axes, scored 0-100
    pair: Pair
    time: str = "year"  # "year", "month" or "quarter"
    first_year: int = 2012
    flow: Measure | None = None  # edge weights of a network (trade, migration, ...)
    flow_between: str = "groups"  # whose network it is: "groups" or "entities"
    price: Measure | None = None  # a traded price, for candlesticks
    tree: dict[str, tuple[str, ...]] = field(default_factory=dict)  # parent -> children
    stages: tuple[str, ...] = ()  # funnel stages, widest first
    stage_unit: str = ""  # what passes through the funnel, plural: "applicants"

    @property
    def features(self) -> frozenset[str]:
        have = {"flow": self.flow, "price": self.price, "tree": self.tree, "stages": self.stages}
        return frozenset(k for k, v in have.items() if v)

    def additive_measures(self) -> list[Measure]:
        return [m for m in self.measures if m.additive]
