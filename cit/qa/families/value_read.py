"""Recognition: one value read off the chart."""

from cit.qa.programs import Family, Trace
from cit.qa.programs.phrases import at, be, cap_q, measure_of, pick


def questions(v, rng):
    for name in pick(rng, v.names, 1):
        for label in pick(rng, v.labels, 2):
            def attempt(name=name, label=label):
                t = Trace(v)
                value = t.read(t.series(name), label)
                q = f"What {be(v.measure)} {measure_of(v, name)} {at(v, label)}?"
                return t.number(cap_q(q), value, kind="recognition")

            yield attempt


FAMILY = Family("value_read", "recognition", questions, "one read")
