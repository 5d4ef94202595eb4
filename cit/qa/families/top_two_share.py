"""Conditional ratio: the share of the total held by the two largest categories."""

from cit.qa.programs import Family, Trace
from cit.qa.programs.phrases import cap_q, cats, measure_of, pick


def questions(v, rng):
    if not v.additive or len(v.labels) < 4:
        return
    for name in pick(rng, v.names, 1):
        def attempt(name=name):
            t = Trace(v)
            s = t.series(name)
            top = t.largest(s, 2)
            share = t.percent_of(t.total(top), t.total(s))
            q = f"What percentage of the total of {measure_of(v, name)} over all {cats(v)} do the two largest {cats(v)} account for together?"
            return t.number(cap_q(q), share, dp=1)

        yield attempt


FAMILY = Family("top_two_share", "reasoning", questions, "sort, take two, sum, total, divide")
