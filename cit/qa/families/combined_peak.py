"""When the series together are highest."""

from cit.qa.programs import Family, Trace
from cit.qa.programs.phrases import cap_q, multi, x1


def questions(v, rng):
    if not (multi(v) and v.additive):
        return

    def attempt():
        t = Trace(v)
        total = t.combined([t.series(n) for n in v.names], f"the combined {v.measure}")
        best = t.extreme(total)
        q = f"In which {x1(v)} is the combined {v.measure} of all {v.kind[1]} the highest?"
        return t.label(cap_q(q), best)

    yield attempt


FAMILY = Family("combined_peak", "reasoning", questions, "sum across series per period, then the largest")
