"""Evolution by subplot: a second chart of a different type beside the original.

The right-hand panel shows another measure for the same entities the left chart ranks
(its `leaders`), with values printed, so questions can combine the two panels.
spec["panel"] = {"kind", "measure", "labels", "values", "vars", "colors", "title"}.
"""

from __future__ import annotations

import cit.engine.colors as palette
import cit.engine.data as gen
from cit.engine.base import ChartType, Draw, measure_dict
from cit.engine.code import assign, s
from cit.engine.overlay import other_measures, used_names
from cit.engine.qa import Asker
from cit.engine.shapes.common import table
from cit.engine.text import cap, join, label_with_unit, num, var_name, with_unit

NOUNS = {"bar": "bar chart", "barh": "horizontal bar chart", "pie": "pie chart"}
MAX_LABELS = 8


def add(t: ChartType, spec: dict, d: Draw) -> None:
    labels = t.leaders(spec)[0][:MAX_LABELS]
    options = other_measures(spec, d.domain.measures)
    m = options[d.rng.randrange(len(options))]
    kinds = ["bar", "barh", "pie"]
    if t.family in ("bar", "bar3d"):
        kinds = ["pie", "barh"] if t.name != "horizontal" else ["pie", "bar"]
    if t.family == "pie":
        kinds = ["bar", "barh"]
    if not m.additive and "pie" in kinds and len(kinds) > 1:
        kinds.remove("pie")
    kind = kinds[d.rng.randrange(len(kinds))]
    values = gen.magnitudes(d.rng, m, len(labels), gap=0.04)
    taken = used_names(spec)
    vars_ = {"labels": var_name(f"{spec['kind'][1]} right", taken), "values": var_name(m.name, taken)}
    # a bar panel takes a colour the left chart does not start with
    colors = palette.pick(d.rng, "matplotlib", len(labels) + 1)
    colors = colors[:-1] if kind == "pie" else [c for c in colors if c not in spec["colors"]][:1] or colors[1:2]
    spec["panel"] = {"kind": kind, "measure": measure_dict(m), "labels": labels, "values": values, "vars": vars_,
                     "colors": colors, "title": f"{cap(m.name)} by {spec['kind'][0]}"}


def shown(p: dict) -> tuple[list[float], str, int]:
    """What the panel prints per label: values, or percentages for a pie."""
    if p["kind"] == "pie":
        total = sum(p["values"])
        return [round(v / total * 100, 1) for v in p["values"]], "%", 1
    return p["values"], p["measure"]["unit"], p["measure"]["dp"]


def data_lines(spec: dict) -> list[str]:
    p = spec.get("panel")
    if not p:
        return []
    return [assign(p["vars"]["labels"], p["labels"]), assign(p["vars"]["values"], p["values"])]


def draw_lines(spec: dict) -> list[str]:
    p = spec.get("panel")
    if not p:
        return []
    labels, values, m = p["vars"]["labels"], p["vars"]["values"], p["measure"]
    fmt = f"\"{{:,.{m['dp']}f}}\""
    if p["kind"] == "pie":
        out = [f"ax_right.pie({values}, labels={labels}, colors={palette_list(p)}, autopct=\"%1.1f%%\", startangle=90,",
               "            wedgeprops=dict(edgecolor=\"white\"), textprops=dict(fontsize=9))",
               "ax_right.axis(\"equal\")"]
    elif p["kind"] == "bar":
        out = [f"bars_right = ax_right.bar({labels}, {values}, color={s(p['colors'][0][0])})",
               f"ax_right.bar_label(bars_right, fmt={fmt}, padding=2, fontsize=8)",
               "ax_right.tick_params(axis=\"x\", rotation=30)",
               f"ax_right.set_ylabel({s(label_with_unit(m['name'], m['unit']))})",
               "ax_right.margins(y=0.15)"]
    else:
        out = [f"bars_right = ax_right.barh({labels}, {values}, color={s(p['colors'][0][0])})",
               f"ax_right.bar_label(bars_right, fmt={fmt}, padding=2, fontsize=8)",
               "ax_right.invert_yaxis()",
               f"ax_right.set_xlabel({s(label_with_unit(m['name'], m['unit']))})",
               "ax_right.margins(x=0.2)"]
    return out + [f"ax_right.set_title({s(p['title'])}, fontsize=12)"]


def palette_list(p: dict) -> str:
    return "[" + ", ".join(s(c[0]) for c in p["colors"]) + "]"


def tables(spec: dict) -> list:
    p = spec.get("panel")
    if not p:
        return []
    col = cap(p["measure"]["name"])
    return [table([cap(spec["kind"][0]), col], [[lab, v] for lab, v in zip(p["labels"], p["values"])],
                  {col: p["measure"]["unit"]}, p["title"])]


def describe(spec: dict) -> list[str]:
    p = spec.get("panel")
    if not p:
        return []
    vals, unit, dp = shown(p)
    top = vals.index(max(vals))
    what = "the share of " if p["kind"] == "pie" else ""
    return [f"A second panel on the right, a {NOUNS[p['kind']]} titled \"{p['title']}\", shows {what}{p['measure']['name']} "
            f"for {join(p['labels'])}; {p['labels'][top]} leads with {with_unit(vals[top], unit, dp)}."]


def ask(t: ChartType, spec: dict, a: Asker) -> None:
    p = spec.get("panel")
    if not p:
        return
    vals, unit, dp = shown(p)
    labels, k = p["labels"], spec["kind"][0]
    name = ("share of " if p["kind"] == "pie" else "") + p["measure"]["name"]
    show = lambda v: with_unit(v, unit, dp)  # noqa: E731
    by = dict(zip(labels, vals))
    q = a.say(["What is the title of the right-hand subplot?", "What title does the second panel carry?"])
    a.text("pan.title", "recognition", q, p["title"], [f"The right-hand panel is titled \"{p['title']}\"."], priority=1)
    order = sorted(labels, key=lambda lab: -by[lab])
    if by[order[0]] > by[order[1]]:
        q = a.say(["In the right-hand panel, which {k} has the highest {n}?", "Which {k} leads the second subplot's {n}?"], k=k, n=name)
        a.text("pan.max", "recognition", q, order[0], [f"The right panel prints {show(by[order[0]])} for {order[0]}, the largest value there."],
               priority=1)
    lab = labels[a.rng.randrange(len(labels))]
    q = a.say(["What {n} does the right-hand panel show for {lab}?", "In the second subplot, what is the {n} of {lab}?"], n=name, lab=lab)
    a.number("pan.value", "recognition", q, by[lab], [f"The right panel labels {lab} with {show(by[lab])}."], unit=unit, dp=dp,
             args={"label": lab}, priority=1)
    lead = t.leaders(spec)
    if lead is None:
        return
    base_labels, scores, phrase, tol = lead
    pairs = sorted(zip(scores, base_labels), reverse=True)
    if len(pairs) < 2 or pairs[0][0] - pairs[1][0] <= 2 * tol or pairs[0][1] not in by:
        return
    leader = pairs[0][1]
    q = a.say(["Which {k} has the highest {b} in the left chart, and what is its {n} in the right-hand panel?",
               "Take the {k} with the highest {b} on the left: what {n} does the right panel show for it?"], k=k, b=phrase, n=name)
    a.number("pan.cross", "reasoning", q, by[leader],
             [f"On the left, {leader} has the highest {phrase} ({num(pairs[0][0], 2)}, ahead of {pairs[1][1]} at {num(pairs[1][0], 2)}).",
              f"The right panel shows {show(by[leader])} for {leader}."], unit=unit, dp=dp, args={"leader": leader}, priority=2)
    same = leader == order[0]
    if by[order[0]] > by[order[1]]:
        q = a.say(["Is the {k} with the highest {n} in the right panel also the one with the highest {b} on the left?",
                   "Does the same {k} lead both the {b} (left) and the {n} (right)?"], k=k, n=name, b=phrase)
        a.yesno("pan.same_leader", "reasoning", q, same,
                [f"Left: {leader} has the highest {phrase}.", f"Right: {order[0]} has the highest {name}.",
                 "They are the same." if same else "They differ."], priority=2)
