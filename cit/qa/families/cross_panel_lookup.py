"""Across panels or axes: select in one, look up in the other."""

from cit.qa.programs import Family, Trace
from cit.qa.programs.phrases import be, cap_q, measure_of, pick, x1


def questions(v, rng):
    for other in v.others:
        for name in pick(rng, v.names, 1):
            for highest in (True, False):
                def attempt(other=other, name=name, highest=highest):
                    t = Trace(v)
                    pick_ = t.extreme(t.series(name), highest)
                    value = t.at(t.other(other), pick_)
                    word = "highest" if highest else "lowest"
                    q = (f"In the {x1(v)} where {measure_of(v, name)} {be(v.measure)} {word},"
                         f" what {be(other.name)} the {other.name} shown in the other plot?")
                    return t.number(cap_q(q), value)

                yield attempt


FAMILY = Family("cross_panel_lookup", "reasoning", questions, "argmax in one panel or axis, lookup in the other")
