"""Where two series are furthest apart."""

from cit.qa.programs import Family, Trace
from cit.qa.programs.phrases import cap_q, multi, pairs, x1


def questions(v, rng):
    if not multi(v):
        return
    for a, b in pairs(rng, v.names, 1):
        def attempt(a=a, b=b):
            t = Trace(v)
            size = t.magnitudes(t.gaps(t.series(a), t.series(b)))
            widest = t.extreme(size)
            q = f"In which {x1(v)} is the gap in {v.measure} between {a} and {b} the widest?"
            return t.label(cap_q(q), widest)

        yield attempt


FAMILY = Family("widest_gap", "reasoning", questions, "differences, their sizes, the largest")
