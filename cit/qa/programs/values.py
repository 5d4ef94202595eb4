"""The values a trace passes between its operations, and what a finished item is."""

from __future__ import annotations

from dataclasses import dataclass

MAX_REL_TOL = 0.25  # no numeric tolerance may reach this share of the answer


class Unanswerable(Exception):
    """The chart cannot support this question (not an error of the family)."""


@dataclass
class Num:
    value: float
    var: str
    tol: float
    unit: str
    dp: int


@dataclass
class Vec:
    values: list[float]
    labels: list[str]
    var: str
    lvar: str  # the variable holding this vector's labels
    tol: float  # per element
    name: str  # how the rationale names it ("Solar", "the changes of Solar")
    unit: str
    dp: int


@dataclass
class Pick:
    index: int
    label: str
    var: str


@dataclass
class Draft:
    question: str
    answer: str
    value: float | int | str
    answer_type: dict
    rationale: str
    program: str
    steps: int
    kind: str = "reasoning"
