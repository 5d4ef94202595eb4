"""Recognition by what is seen: the value of the tallest orange bar, the lowest point of
the blue line."""

from cit.qa.programs import Family, Trace
from cit.qa.programs.phrases import cap_q, pick

MARK = {"bar": ("tallest", "shortest", "bar"), "point": ("highest", "lowest", "point on the {c} line")}


def questions(v, rng):
    if not v.colors or v.mark not in MARK:
        return
    for name in pick(rng, [n for n in v.names if n in v.colors], 2):
        for highest in (True, False):
            def attempt(name=name, highest=highest):
                t = Trace(v)
                s = t.series(name)
                value = t.at(s, t.extreme(s, highest))
                hi, lo, noun = MARK[v.mark]
                colour = v.colors[name]
                mark = noun.format(c=colour) if "{c}" in noun else f"{colour} {noun}"
                q = f"What is the value of the {hi if highest else lo} {mark}?"
                return t.number(cap_q(q), value, kind="recognition")

            yield attempt


FAMILY = Family("colour_extreme", "recognition", questions, "find the series by its colour, its extreme, its value")
