"""Which series has the highest average over all periods."""

from cit.qa.programs import Family, Trace
from cit.qa.programs.phrases import cap_q, multi, xs


def questions(v, rng):
    if not multi(v):
        return
    for highest in (True, False):
        def attempt(highest=highest):
            t = Trace(v)
            means = [(name, t.mean(t.series(name))) for name in v.names]
            best = t.choose(means, highest, f"average {v.measure}")
            q = f"Averaged over all {xs(v)}, which {v.kind[0]} has the {'highest' if highest else 'lowest'} {v.measure}?"
            return t.label(cap_q(q), best)

        yield attempt


FAMILY = Family("highest_average", "reasoning", questions, "one mean per series, then the best of them")
