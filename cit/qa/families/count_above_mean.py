"""Count above the mean: how many categories beat the average."""

from cit.qa.programs import Family, Trace
from cit.qa.programs.phrases import be, cap_q, cats, its, measure_of, pick


def questions(v, rng):
    for name in pick(rng, v.names, 1):
        def attempt(name=name):
            t = Trace(v)
            s = t.series(name)
            m = t.mean(s)
            n = t.count(t.where_above(s, m, f"the {cats(v)} above the average"))
            q = f"In how many {cats(v)} {be(v.measure)} {measure_of(v, name)} above {its(v.measure)} average across all {cats(v)} shown?"
            return t.number(cap_q(q), n)

        yield attempt


FAMILY = Family("count_above_mean", "reasoning", questions, "mean, filter, count")
