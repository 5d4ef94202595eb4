"""How far the highest value sits above the median."""

from cit.qa.programs import Family, Trace
from cit.qa.programs.phrases import be, cap_q, cats, its, measure_of, pick


def questions(v, rng):
    if len(v.labels) < 4:
        return
    for name in pick(rng, v.names, 1):
        def attempt(name=name):
            t = Trace(v)
            s = t.series(name)
            top = t.at(s, t.extreme(s))
            d = t.sub(top, t.median(s))
            q = f"How far above the median of {measure_of(v, name)} across the {cats(v)} {be(v.measure)} {its(v.measure)} highest value?"
            return t.number(cap_q(q), d)

        yield attempt


FAMILY = Family("max_minus_median", "reasoning", questions, "argmax, read, median, difference")
