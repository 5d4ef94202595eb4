"""Phrases families share: how to name a measure, a series, the categories and the x axis
of one chart, with number agreement and possessives from `words`."""

from __future__ import annotations

import random

from cit.qa.programs.view import ChartView
from cit.qa.programs.words import be, dedupe, is_plural, possessive

__all__ = ["at", "be", "cap_q", "its", "they", "cats", "measure_of", "multi", "pick", "pairs", "xs", "x1"]


def multi(v: ChartView) -> bool:
    return len(v.series) > 1


def measure_of(v: ChartView, series: str) -> str:
    """"Solar's output" for one of several series; "the output" when there is one series."""
    return f"{possessive(series)} {v.measure}" if multi(v) else f"the {v.measure}"


def cats(v: ChartView) -> str:
    """The categories along the axis, in plural: "months", "clubs"."""
    return v.x_noun[1]


def x1(v: ChartView) -> str:
    return v.x_noun[0]


def its(phrase: str) -> str:
    return "their" if is_plural(phrase) else "its"


def xs(v: ChartView) -> str:
    return v.x_noun[1]


def pick(rng: random.Random, items: list, k: int) -> list:
    items = list(items)
    return rng.sample(items, min(k, len(items)))


def pairs(rng: random.Random, names: list[str], k: int) -> list[tuple[str, str]]:
    all_pairs = [(a, b) for a in names for b in names if a != b]
    return rng.sample(all_pairs, min(k, len(all_pairs)))


def at(v: ChartView, label: str) -> str:
    """"in 2021" along a time axis, "for Engineering" across categories."""
    return f"{'in' if v.ordered else 'for'} {label}"


def they(phrase: str) -> str:
    return "they" if is_plural(phrase) else "it"


def cap_q(text: str) -> str:
    text = dedupe(" ".join(text.split()))
    return text[:1].upper() + text[1:]
