"""Realistic data: values in a measure's range, time axes, trends, samples, points, graphs.

Every function takes the caller's `random.Random` and returns plain Python numbers rounded
to the measure's decimals (ints when it has none), ready to be written into a program.
"""

from __future__ import annotations

import math
import random

from cit.engine.topics import Domain, Measure

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
LAST_YEAR = 2024


def rnd(value: float, dp: int) -> float | int:
    return int(round(value)) if dp <= 0 else round(value, dp)


def step(dp: int) -> float:
    return 10.0 ** (-dp) if dp > 0 else 1.0


def spread_values(rng: random.Random, lo: float, hi: float, n: int, dp: int, gap: float = 0.03) -> list[float]:
    """`n` values in [lo, hi], rounded to `dp`, any two at least `gap` of the range apart
    (so "which is largest?" has one visible answer)."""
    span = hi - lo
    need = max(gap * span, 2 * step(dp))
    for _ in range(200):
        out = [rnd(rng.uniform(lo, hi), dp) for _ in range(n)]
        s = sorted(out)
        if all(b - a >= need for a, b in zip(s, s[1:])):
            return out
        need *= 0.97  # many values in a narrow range: relax slowly
    return out


def magnitudes(rng: random.Random, m: Measure, n: int, gap: float = 0.03) -> list[float]:
    """Values for `n` entities of one measure: a random sub-range, so charts differ in scale."""
    lo, hi = m.lo, m.hi
    width = hi - lo
    a = lo + rng.uniform(0, 0.35) * width
    b = hi - rng.uniform(0, 0.25) * width
    return spread_values(rng, a, b, n, m.dp, gap)


def periods(rng: random.Random, domain: Domain, n: int) -> tuple[list[int | str], str]:
    """`n` consecutive periods on the domain's time axis and a noun for one of them."""
    if domain.time == "month":
        n = min(n, 12)
        start = rng.randint(0, 12 - n)
        return MONTHS[start : start + n], "month"
    if domain.time == "quarter":
        year = rng.randint(max(domain.first_year, 2018), 2022)
        q0 = rng.randint(0, 3)
        out = [f"Q{(q0 + i) % 4 + 1} {year + (q0 + i) // 4}" for i in range(n)]
        return out, "quarter"
    first = min(domain.first_year, LAST_YEAR - n + 1)
    start = rng.randint(first, LAST_YEAR - n + 1)
    return list(range(start, start + n)), "year"


def period_year(rng: random.Random, domain: Domain) -> int:
    return rng.randint(max(domain.first_year, 2015), LAST_YEAR)


def trend(rng: random.Random, m: Measure, n: int, level: float | None = None, drift: float | None = None,
          noise: float = 0.06, seasonal: bool = False) -> list[float]:
    """A series over `n` periods: a level, a drift per period (share of the level), noise,
    and for monthly data an optional seasonal swing. Stays inside the measure's range."""
    width = m.hi - m.lo
    level = level if level is not None else rng.uniform(m.lo + 0.2 * width, m.hi - 0.2 * width)
    drift = drift if drift is not None else rng.choice([-1, 1, 1]) * rng.uniform(0.02, 0.09)
    phase = rng.uniform(0, 2 * math.pi)
    out = []
    for i in range(n):
        v = level * (1 + drift * i) if level > 0 else level + drift * width * i
        if seasonal:
            v += 0.15 * width * math.sin(phase + 2 * math.pi * i / 12)
        v += rng.gauss(0, noise * max(abs(level), 0.1 * width))
        lo = m.lo if m.lo < 0 else max(m.lo * 0.5, step(m.dp))
        out.append(rnd(min(max(v, lo), m.hi * 1.3), m.dp))
    return out


def samples(rng: random.Random, m: Measure, n: int, center: float | None = None, spread: float | None = None) -> list[float]:
    """`n` observations of a quantity: roughly normal around `center`, a few in the tails."""
    width = m.hi - m.lo
    center = center if center is not None else rng.uniform(m.lo + 0.3 * width, m.hi - 0.3 * width)
    spread = spread if spread is not None else rng.uniform(0.08, 0.2) * width
    lo = m.lo
    out = []
    for _ in range(n):
        v = rng.gauss(center, spread)
        out.append(rnd(min(max(v, lo), m.hi), m.dp))
    return out


def points(rng: random.Random, x: Measure, y: Measure, n: int, sign: int, strength: float = 0.85,
           x_range: tuple[float, float] | None = None) -> tuple[list[float], list[float]]:
    """`n` (x, y) observations with a linear relation of the given sign plus noise."""
    xl, xh = x_range or (x.lo, x.hi)
    xs = sorted(rnd(rng.uniform(xl, xh), x.dp) for _ in range(n))
    y_lo, y_hi = y.lo, y.hi
    slope = (y_hi - y_lo) / max(x.hi - x.lo, 1e-9) * sign * rng.uniform(0.55, 0.9)
    mid_x, mid_y = (x.lo + x.hi) / 2, (y_lo + y_hi) / 2
    noise = (1 - strength) * (y_hi - y_lo) * 0.6
    ys = [rnd(min(max(mid_y + slope * (v - mid_x) + rng.gauss(0, noise), y_lo), y_hi), y.dp) for v in xs]
    return xs, ys


def edges(rng: random.Random, nodes: list[str], m: Measure, directed: bool) -> list[list]:
    """A connected graph over `nodes`: a random spanning tree plus a few extra links."""
    order = nodes[:]
    rng.shuffle(order)
    pairs: list[tuple[str, str]] = []
    for i in range(1, len(order)):
        pairs.append((order[rng.randrange(i)], order[i]))
    extra = rng.randint(1, max(1, len(nodes) // 2))
    for _ in range(extra * 4):
        if extra == 0:
            break
        a, b = rng.sample(nodes, 2)
        if (a, b) not in pairs and (b, a) not in pairs:
            pairs.append((a, b))
            extra -= 1
    out = []
    weights = spread_values(rng, m.lo, m.hi, len(pairs), m.dp, gap=0.0)
    for (a, b), w in zip(pairs, weights):
        if directed and rng.random() < 0.5:
            a, b = b, a
        out.append([a, b, w])
    return out


def ohlc(rng: random.Random, m: Measure, n: int) -> dict[str, list[float]]:
    """Daily open/high/low/close of a price: a random walk inside the measure's range."""
    price = rng.uniform(m.lo + 0.3 * (m.hi - m.lo), m.hi - 0.3 * (m.hi - m.lo))
    vol = 0.02 * price
    o, h, lo, c = [], [], [], []
    for _ in range(n):
        op = price
        cl = op + rng.gauss(0, vol)
        hi = max(op, cl) + abs(rng.gauss(0, vol * 0.6))
        low = min(op, cl) - abs(rng.gauss(0, vol * 0.6))
        o.append(rnd(op, m.dp))
        c.append(rnd(cl, m.dp))
        h.append(rnd(hi, m.dp))
        lo.append(rnd(low, m.dp))
        price = cl
    for i in range(n):  # rounding must keep high >= open, close >= low
        h[i] = max(h[i], o[i], c[i])
        lo[i] = min(lo[i], o[i], c[i])
    return {"open": o, "high": h, "low": lo, "close": c}


def pick(rng: random.Random, pool: tuple[str, ...] | list[str], n: int, avoid: list[str] = ()) -> list[str]:
    """`n` distinct names from `pool` (fewer if the pool runs out), in pool order."""
    free = [p for p in pool if p not in avoid]
    chosen = set(rng.sample(free, min(n, len(free))))
    return [p for p in free if p in chosen]
