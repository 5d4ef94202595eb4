"""Streak: the longest run of consecutive increases."""

from cit.qa.programs import Family, Trace, Unanswerable
from cit.qa.programs.phrases import cap_q, measure_of, pick, xs


def questions(v, rng):
    if not v.ordered or len(v.labels) < 4:
        return
    for name in pick(rng, v.names, 1):
        def attempt(name=name):
            t = Trace(v)
            run = t.longest_rise(t.changes(t.series(name)))
            if run.value < 1:
                raise Unanswerable("it never rises")
            q = f"What is the largest number of consecutive {xs(v)} in which {measure_of(v, name)} rose each time?"
            return t.number(cap_q(q), run)

        yield attempt


FAMILY = Family("longest_rise", "reasoning", questions, "changes, then the longest run of positives")
