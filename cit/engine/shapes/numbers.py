"""Arithmetic that a shape's drawing and its questions both need (fits, correlation,
percentiles, histogram bins): a leaf module, so `X.py` and `X_qa.py` never import each other."""

from __future__ import annotations

import math


def fit_line(xs: list[float], ys: list[float]) -> tuple[float, float]:
    """Least-squares slope and intercept (what np.polyfit(x, y, 1) returns)."""
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys))
    slope = sxy / sxx
    return slope, my - slope * mx


def pearson(xs: list[float], ys: list[float]) -> float:
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    return sxy / (sxx * syy) ** 0.5 if sxx and syy else 0.0


def sig(value: float, digits: int = 3) -> float:
    """`value` rounded to significant digits, as the program's "{:.3g}" prints it."""
    return float(f"{value:.{digits}g}")


def percentile(values: list[float], q: float) -> float:
    """numpy.percentile(values, q) with the default linear method."""
    s = sorted(values)
    pos = (len(s) - 1) * q / 100
    lo = math.floor(pos)
    hi = min(lo + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (pos - lo)


def nice_bins(values: list[float], target: int = 8) -> list[float]:
    """Round bin edges covering all values, about `target` bins wide."""
    lo, hi = min(values), max(values)
    raw = (hi - lo) / target or 1.0
    mag = 10 ** math.floor(math.log10(raw))
    width = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    start = math.floor(lo / width) * width
    edges = [round(start + i * width, 6) for i in range(int(math.ceil((hi - start) / width)) + 1)]
    if edges[-1] < hi:
        edges.append(round(edges[-1] + width, 6))
    return [int(e) if float(e).is_integer() else e for e in edges]


def hist_counts(values: list[float], edges: list[float]) -> list[int]:
    counts = [0] * (len(edges) - 1)
    for v in values:
        for i in range(len(edges) - 1):
            last = i == len(edges) - 2
            if edges[i] <= v < edges[i + 1] or (last and v == edges[-1]):
                counts[i] += 1
                break
    return counts
