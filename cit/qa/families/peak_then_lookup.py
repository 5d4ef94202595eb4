"""Select, then look up: in the period when one series peaks, what is another's value,
and how far apart are they?"""

from cit.qa.programs import Family, Trace
from cit.qa.programs.phrases import be, cap_q, measure_of, multi, pairs, x1


def questions(v, rng):
    if not multi(v):
        return
    for a, b in pairs(rng, v.names, 2):
        def lookup(a=a, b=b):
            t = Trace(v)
            sa, sb = t.series(a), t.series(b)
            value = t.at(sb, t.extreme(sa))
            q = f"In the {x1(v)} when {a} peaked, what {be(v.measure, past=True)} {measure_of(v, b)}?"
            return t.number(cap_q(q), value)

        def gap(a=a, b=b):
            t = Trace(v)
            sa, sb = t.series(a), t.series(b)
            peak = t.extreme(sa)
            d = t.sub(t.at(sa, peak), t.at(sb, peak))
            q = f"In the {x1(v)} when {a} peaked, what was {a} minus {b} in {v.measure} (negative if {b} was higher)?"
            return t.number(cap_q(q), d)

        yield lookup
        yield gap


FAMILY = Family("peak_then_lookup", "reasoning", questions, "argmax of one series, then a lookup (and a difference) in another")
