"""Largest change between consecutive periods, in absolute terms."""

from cit.qa.programs import Family, Trace
from cit.qa.programs.phrases import cap_q, measure_of, pick, xs


def questions(v, rng):
    if not v.ordered or len(v.labels) < 4:
        return
    for name in pick(rng, v.names, 1):
        def attempt(name=name):
            t = Trace(v)
            size = t.magnitudes(t.changes(t.series(name)))
            biggest = t.extreme(size)
            amount = t.at(size, biggest)
            q = f"Between two consecutive {xs(v)}, what is the largest change in {measure_of(v, name)}, up or down (as a positive number)?"
            return t.number(cap_q(q), amount)

        yield attempt


FAMILY = Family("largest_change", "reasoning", questions, "changes, sizes, the largest, its value")
