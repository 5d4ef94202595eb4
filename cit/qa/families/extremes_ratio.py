"""How many times the smallest value the largest one is."""

from cit.qa.programs import Family, Trace, Unanswerable
from cit.qa.programs.phrases import cap_q, cats, measure_of, pick


def questions(v, rng):
    for name in pick(rng, v.names, 1):
        def attempt(name=name):
            if min(v.values(name)) <= 0:
                raise Unanswerable("ratios of non-positive values")
            t = Trace(v)
            s = t.series(name)
            hi, lo = t.at(s, t.extreme(s)), t.at(s, t.extreme(s, highest=False))
            r = t.ratio(hi, lo)
            q = f"Across the {cats(v)} shown, how many times the lowest value of {measure_of(v, name)} is the highest value?"
            return t.number(cap_q(q), r, dp=2)

        yield attempt


FAMILY = Family("extremes_ratio", "reasoning", questions, "argmax, argmin, their values, the ratio")
