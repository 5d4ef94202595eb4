"""How far one category lies from the average of all."""

from cit.qa.programs import Family, Trace
from cit.qa.programs.phrases import at, be, cap_q, cats, its, measure_of, pick


def questions(v, rng):
    for name in pick(rng, v.names, 1):
        for label in pick(rng, v.labels, 1):
            def attempt(name=name, label=label):
                t = Trace(v)
                s = t.series(name)
                d = t.sub(t.read(s, label), t.mean(s))
                q = (f"How far {be(v.measure)} {measure_of(v, name)} {at(v, label)} from {its(v.measure)} average over all {cats(v)}"
                     " (negative if below the average)?")
                return t.number(cap_q(q), d)

            yield attempt


FAMILY = Family("diff_from_mean", "reasoning", questions, "a read, the mean, the difference")
