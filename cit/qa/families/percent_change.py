"""Percentage change from the first period to the last."""

from cit.qa.programs import Family, Trace
from cit.qa.programs.phrases import cap_q, measure_of, pick


def questions(v, rng):
    if not v.ordered:
        return
    first, last = v.labels[0], v.labels[-1]
    for name in pick(rng, v.names, 1):
        def attempt(name=name):
            t = Trace(v)
            s = t.series(name)
            p = t.pct_change(t.read(s, first), t.read(s, last))
            q = f"By what percentage did {measure_of(v, name)} change from {first} to {last} (negative for a fall)?"
            return t.number(cap_q(q), p, dp=1)

        yield attempt


FAMILY = Family("percent_change", "reasoning", questions, "two reads, then the relative change")
