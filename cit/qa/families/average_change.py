"""Average change per period between the first and the last."""

from cit.qa.programs import Family, Trace
from cit.qa.programs.phrases import cap_q, measure_of, pick, x1


def questions(v, rng):
    if not v.ordered or len(v.labels) < 3:
        return
    first, last = v.labels[0], v.labels[-1]
    for name in pick(rng, v.names, 1):
        def attempt(name=name):
            t = Trace(v)
            s = t.series(name)
            d = t.sub(t.read(s, last), t.read(s, first))
            per = t.per(d, len(v.labels) - 1, "intervals")
            q = f"From {first} to {last}, what was the average change in {measure_of(v, name)} per {x1(v)}?"
            return t.number(cap_q(q), per, dp=2)

        yield attempt


FAMILY = Family("average_change", "reasoning", questions, "two reads, their difference, divided by the periods")
