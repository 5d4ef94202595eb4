"""Crossing: the first period in which one series overtakes another."""

from cit.qa.programs import Family, Trace
from cit.qa.programs.phrases import cap_q, multi, pairs, x1


def questions(v, rng):
    if not (multi(v) and v.ordered):
        return
    for a, b in pairs(rng, v.names, 4):
        def attempt(a=a, b=b):
            t = Trace(v)
            gap = t.gaps(t.series(a), t.series(b))
            first = t.first_positive(gap, f"{a} above {b}")
            q = f"{a} starts below {b}. In which {x1(v)} does {a} first have a higher {v.measure} than {b}?"
            return t.label(cap_q(q), first)

        yield attempt


FAMILY = Family("first_overtake", "reasoning", questions, "differences per period, then the first one above zero")
