"""Evolution by overlay: a second measure drawn on a twin y-axis over the same x.

Bars get a line, lines and areas get bars. The overlay's values are printed at each
point, so questions that combine the two parts stay exact on the overlay side.
spec["overlay"] = {"kind", "measure", "values", "var", "color"}.
"""

from __future__ import annotations

import cit.engine.data as gen
from cit.engine.base import ChartType, Draw, measure_dict
from cit.engine.code import assign, s
from cit.engine.qa import Asker
from cit.engine.shapes.common import table
from cit.engine.text import cap, label_with_unit, num, var_name, with_unit

TIME_NOUNS = ("year", "month", "quarter")


def x_noun(spec: dict) -> str:
    return spec.get("x_noun") or spec["kind"][0]


def at_x(spec: dict, x: object) -> str:
    return f"in {x}" if x_noun(spec) in TIME_NOUNS else f"for {x}"


def used_names(spec: dict) -> set[str]:
    names: set[str] = set()

    def walk(v: object) -> None:
        if isinstance(v, str):
            names.add(v)
        elif isinstance(v, dict):
            for x in v.values():
                walk(x)
        elif isinstance(v, list):
            for x in v:
                walk(x)

    walk(spec["vars"])
    for part in ("overlay", "panel"):
        if spec.get(part):
            walk(spec[part].get("vars", {}))
    return names


def other_measures(spec: dict, measures: tuple) -> list:
    """The domain's measures this chart does not already show."""
    shown = {spec[k]["name"] for k in ("measure", "x_measure", "size_measure", "z_measure") if spec.get(k)}
    for part in ("overlay", "panel"):
        if spec.get(part):
            shown.add(spec[part]["measure"]["name"])
    return [m for m in measures if m.name not in shown] or list(measures)


def base_values(t: ChartType, spec: dict):
    return t.x_series(spec)


def add(t: ChartType, spec: dict, d: Draw) -> None:
    _, xs = t.overlay_x(spec)
    options = other_measures(spec, d.domain.measures)
    m = options[d.rng.randrange(len(options))]
    if x_noun(spec) in TIME_NOUNS:
        values = gen.trend(d.rng, m, len(xs), noise=0.08)
    else:
        values = gen.magnitudes(d.rng, m, len(xs), gap=0.03)
    kind = "line" if t.marks == "bars" else "bar"
    color = ["black", "black"] if kind == "line" else ["dimgray", "gray"]
    spec["overlay"] = {"kind": kind, "measure": measure_dict(m), "values": values, "color": color,
                       "vars": {"values": var_name(m.name, used_names(spec))}}


def data_lines(spec: dict) -> list[str]:
    o = spec.get("overlay")
    return [assign(o["vars"]["values"], o["values"])] if o else []


def draw_lines(t: ChartType, spec: dict) -> list[str]:
    o = spec.get("overlay")
    if not o:
        return []
    x_expr, _ = t.overlay_x(spec)
    m, var, c = o["measure"], o["vars"]["values"], s(o["color"][0])
    out = ["ax_twin = ax.twinx()"]
    if o["kind"] == "line":
        out.append(f"ax_twin.plot({x_expr}, {var}, color={c}, marker=\"o\", linewidth=2, label={s(cap(m['name']))})")
    else:
        out += [f"ax_twin.bar({x_expr}, {var}, color={c}, alpha=0.35, width=0.5, label={s(cap(m['name']))})",
                "ax.set_zorder(ax_twin.get_zorder() + 1)  # keep the lines in front of the bars",
                "ax.patch.set_visible(False)"]
    out += [f"for x_pos, value in zip({x_expr}, {var}):",
            f"    ax_twin.annotate(f\"{{value:,.{m['dp']}f}}\", (x_pos, value), textcoords=\"offset points\", xytext=(0, 6),",
            f"                     ha=\"center\", fontsize=8, color={c})",
            f"ax_twin.set_ylabel({s(label_with_unit(m['name'], m['unit']))})",
            f"ax_twin.set_ylim(0, max({var}) * 1.25)" if min(o["values"]) >= 0 else "ax_twin.margins(y=0.2)",
            "handles, names = ax.get_legend_handles_labels()",
            "handles_twin, names_twin = ax_twin.get_legend_handles_labels()",
            "ax.legend(handles + handles_twin, names + names_twin, loc=\"upper left\", fontsize=9)"]
    return out


def tables(spec: dict) -> list:
    o = spec.get("overlay")
    if not o:
        return []
    xs = spec["data"].get("x") or spec["data"]["labels"]
    col = cap(o["measure"]["name"])
    return [table([cap(x_noun(spec)), col], [[x, v] for x, v in zip(xs, o["values"])], {col: o["measure"]["unit"]},
                  f"{col} (right axis)")]


def describe(spec: dict) -> list[str]:
    o = spec.get("overlay")
    if not o:
        return []
    m, xs, v = o["measure"], spec["data"].get("x") or spec["data"]["labels"], o["values"]
    hi, lo = v.index(max(v)), v.index(min(v))
    return [f"A {o['kind']} on a secondary right axis adds {m['name']}, from {with_unit(v[lo], m['unit'], m['dp'])} "
            f"{at_x(spec, xs[lo])} (lowest) to {with_unit(v[hi], m['unit'], m['dp'])} {at_x(spec, xs[hi])} (highest)."]


def ask(t: ChartType, spec: dict, a: Asker) -> None:
    o = spec.get("overlay")
    if not o:
        return
    m, v = o["measure"], o["values"]
    xs = spec["data"].get("x") or spec["data"]["labels"]
    dp, unit, name = m["dp"], m["unit"], m["name"]
    show = lambda x: with_unit(x, unit, dp)  # noqa: E731
    i = a.rng.randrange(len(xs))
    q = a.say(["According to the right axis, what is the {n} {at}?", "What {n} does the overlaid {k} show {at}?"],
              n=name, at=at_x(spec, xs[i]), k=o["kind"])
    a.number("ov.value", "recognition", q, v[i], [f"The {o['kind']} is labelled {show(v[i])} {at_x(spec, xs[i])}."],
             unit=unit, dp=dp, args={"x": xs[i]}, priority=1)
    top = sorted(range(len(v)), key=lambda j: -v[j])
    if v[top[0]] > v[top[1]]:
        q = a.say(["At which {x} does the {n} reach its highest value?", "Which {x} has the highest {n} on the right axis?"],
                  x=x_noun(spec), n=name)
        a.text("ov.peak", "recognition", q, str(xs[top[0]]),
               [f"The labels on the {o['kind']} peak at {show(v[top[0]])} {at_x(spec, xs[top[0]])}."], priority=1)
    j, k = sorted(a.rng.sample(range(len(xs)), 2))
    change = v[k] - v[j]
    q = a.say(["By how much does the {n} change from {x0} to {x1}?", "What is the change in {n} between {x0} and {x1}?"],
              n=name, x0=xs[j], x1=xs[k])
    a.number("ov.change", "reasoning", q, change,
             [f"{cap(name)} is {show(v[j])} {at_x(spec, xs[j])} and {show(v[k])} {at_x(spec, xs[k])}.",
              f"{num(v[k], dp)} - {num(v[j], dp)} = {num(change, dp)}."], unit=unit, dp=dp, args={"x0": xs[j], "x1": xs[k]}, priority=1)
    base = t.x_series(spec)
    if base is None:
        return
    bv, phrase, key, tol = base
    order = sorted(range(len(bv)), key=lambda j: -bv[j])
    if bv[order[0]] - bv[order[1]] > 2 * tol:
        p = order[0]
        q = a.say(["At the {x} where the {b} is highest, what is the {n}?", "What is the {n} {at_word} the {x} with the highest {b}?"],
                  x=x_noun(spec), b=phrase, n=name, at_word="in" if x_noun(spec) in TIME_NOUNS else "for")
        a.number("ov.at_base_peak", "reasoning", q, v[p],
                 [f"The {phrase} peaks {at_x(spec, xs[p])} ({num(bv[p], spec['measure']['dp'])}).",
                  f"The right axis shows {show(v[p])} {at_x(spec, xs[p])}."], unit=unit, dp=dp, args={"base": key}, priority=2)
    first, last = 0, len(xs) - 1
    if abs(bv[last] - bv[first]) > 2 * tol and v[last] != v[first]:
        both = bv[last] > bv[first] and v[last] > v[first]
        q = a.say(["Did both the {b} and the {n} increase from {x0} to {x1}?", "Between {x0} and {x1}, did the {b} and the {n} both rise?"],
                  b=phrase, n=name, x0=xs[first], x1=xs[last])
        a.yesno("ov.both_rise", "reasoning", q, both,
                [f"The {phrase} goes from {num(bv[first], spec['measure']['dp'])} to {num(bv[last], spec['measure']['dp'])}.",
                 f"The {name} goes from {show(v[first])} to {show(v[last])}.", "Both rise." if both else "They do not both rise."],
                args={"base": key}, priority=2)
