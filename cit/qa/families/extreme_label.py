"""Recognition: which category is highest or lowest."""

from cit.qa.programs import Family, Trace
from cit.qa.programs.phrases import at, cap_q, multi, pick, x1


def questions(v, rng):
    if multi(v):
        for label in pick(rng, v.labels, 2):
            def across(label=label):
                t = Trace(v)
                reads = [(n, t.read(t.series(n), label)) for n in v.names]
                best = t.choose(reads, True, v.measure)
                q = f"Which {v.kind[0]} has the highest {v.measure} {at(v, label)}?"
                return t.label(cap_q(q), best, kind="recognition")

            yield across
        return
    name = v.names[0]
    for highest in (True, False):
        def attempt(highest=highest):
            t = Trace(v)
            best = t.extreme(t.series(name), highest)
            q = f"Which {x1(v)} has the {'highest' if highest else 'lowest'} {v.measure}?"
            return t.label(cap_q(q), best, kind="recognition")

        yield attempt


FAMILY = Family("extreme_label", "recognition", questions, "the highest or lowest category")
