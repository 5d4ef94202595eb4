"""Trend: in how many periods a series rose from the one before."""

from cit.qa.programs import Family, Trace
from cit.qa.programs.phrases import be, cap_q, measure_of, pick, x1, xs


def questions(v, rng):
    if not v.ordered or len(v.labels) < 4:
        return
    for name in pick(rng, v.names, 1):
        def attempt(name=name):
            t = Trace(v)
            changes = t.changes(t.series(name))
            rises = t.where_above(changes, t.const(0, "zero"), f"the {xs(v)} with a rise")
            n = t.count(rises)
            q = f"In how many {xs(v)} {be(v.measure, past=True)} {measure_of(v, name)} higher than in the previous {x1(v)}?"
            return t.number(cap_q(q), n)

        yield attempt


FAMILY = Family("rises_count", "reasoning", questions, "changes, keep the rises, count them")
