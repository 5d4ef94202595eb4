"""Recognition: how many categories the chart shows."""

from cit.qa.programs import Family, Trace
from cit.qa.programs.phrases import cap_q, cats


def questions(v, rng):
    def attempt():
        t = Trace(v)
        t.code.append("n_labels = len(labels)")
        t.steps += 1
        t._say(f"The chart shows {len(v.labels)} {cats(v)}: {', '.join(v.labels)}.")
        from cit.qa.programs.trace import Num

        q = f"How many {cats(v)} does the chart show?"
        return t.number(cap_q(q), Num(len(v.labels), "n_labels", 0.0, "", 0), kind="recognition")

    yield attempt


FAMILY = Family("count_categories", "recognition", questions, "count the categories")
