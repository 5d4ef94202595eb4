"""Threshold, then aggregate: the average of the categories above the overall average."""

from cit.qa.programs import Family, Trace
from cit.qa.programs.phrases import be, cap_q, cats, its, measure_of, pick


def questions(v, rng):
    for name in pick(rng, v.names, 1):
        def attempt(name=name):
            t = Trace(v)
            s = t.series(name)
            m = t.mean(s)
            above = t.where_above(s, m, f"the {cats(v)} above the average")
            if len(above.values) < 2:
                from cit.qa.programs import Unanswerable

                raise Unanswerable("one category above the mean")
            avg = t.mean(above)
            q = f"Taking only the {cats(v)} where {measure_of(v, name)} {be(v.measure)} above {its(v.measure)} average over all {cats(v)}, what is their average?"
            return t.number(cap_q(q), avg)

        yield attempt


FAMILY = Family("above_mean_average", "reasoning", questions, "mean, filter above it, mean again")
