"""Where one category ranks."""

from cit.qa.programs import Family, Trace
from cit.qa.programs.phrases import cap_q, cats, measure_of, pick


def questions(v, rng):
    if len(v.labels) < 4:
        return
    for name in pick(rng, v.names, 1):
        for label in pick(rng, v.labels[1:-1] or v.labels, 2):
            def attempt(name=name, label=label):
                t = Trace(v)
                s = t.series(name)
                r = t.rank(s, t.read(s, label), label)
                q = f"Ranking the {cats(v)} from highest to lowest by {measure_of(v, name)}, in which position is {label}?"
                return t.number(cap_q(q), r)

            yield attempt


FAMILY = Family("rank_position", "reasoning", questions, "a read, then its rank")
