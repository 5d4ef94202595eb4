"""Which of a chart's items to keep: distinct families first, and few title or axis lookups."""

from __future__ import annotations

import random

from cit.record import QA

# Lookups of the chart's own printed text: allowed only when nothing else is left to ask.
TEXT_LOOKUPS = ("chart.title", "chart.axis")


def choose(family_items: list[QA], other_items: list[QA], kind: str, want: int, rng: random.Random) -> list[QA]:
    """Up to `want` items of `kind`: program items from distinct families first, then other
    families' repeats, then the generator's other items, then title and axis lookups."""
    if want <= 0:
        return []
    mine = [q for q in family_items if q.kind == kind]
    rng.shuffle(mine)
    mine.sort(key=lambda q: -min(q.steps or 0, 3))  # deeper first (3+ steps all alike), shuffled within
    chosen: list[QA] = []
    used: set[str | None] = set()
    for q in mine:
        if len(chosen) < want and q.family not in used:
            chosen.append(q)
            used.add(q.family)
    others = [q for q in other_items if q.kind == kind]
    plain = [q for q in others if not (q.template or "").startswith(TEXT_LOOKUPS)]
    lookups = [q for q in others if q not in plain]
    for q in [q for q in mine if q not in chosen] + plain + lookups:
        if len(chosen) < want and q.question not in {c.question for c in chosen}:
            chosen.append(q)
    return chosen
