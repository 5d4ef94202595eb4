"""Conditional aggregate: the total of the categories that exceed a named one."""

from cit.qa.programs import Family, Trace, Unanswerable
from cit.qa.programs.phrases import at, be, cap_q, cats, measure_of, pick, they


def questions(v, rng):
    if not v.additive:
        return
    for name in pick(rng, v.names, 1):
        for ref in pick(rng, v.labels, 2):
            def attempt(name=name, ref=ref):
                t = Trace(v)
                s = t.series(name)
                limit = t.read(s, ref)
                above = t.where_above(s, limit, f"the {cats(v)} above {ref}", reference=ref)
                if len(above.values) < 2:
                    raise Unanswerable("fewer than two above the reference")
                total = t.total(above)
                what = measure_of(v, name)
                q = f"What is the total of {what} over the {cats(v)} where {they(v.measure)} {be(v.measure)} higher than {at(v, ref)}?"
                return t.number(cap_q(q), total)

            yield attempt


FAMILY = Family("sum_above_reference", "reasoning", questions, "a read, a filter against it, a sum")
