"""Captions and questions for several series over a shared x (see series.py)."""

from __future__ import annotations

from cit.engine.overlay import TIME_NOUNS, at_x
from cit.engine.base import ChartType
from cit.engine.qa import Asker
from cit.engine.shapes.common import ask_axis, ask_color, ask_title
from cit.engine.text import cap, join, num, with_unit


def describe(t: ChartType, spec: dict) -> list[str]:
    shown, xs, m = t.shown(spec), spec["data"]["x"], spec["measure"]
    names = list(shown)
    unit, dp = ("%", 1) if spec.get("percent") else (m["unit"], m["dp"])
    show = lambda v: with_unit(v, unit, dp)  # noqa: E731
    if t.radar:
        out = [f"It rates {join(names)} on {join(xs)}."]
    elif spec["x_noun"] in TIME_NOUNS:
        out = [f"It follows {len(names)} {spec['kind'][1] if len(names) > 1 else spec['kind'][0]} ({join(names)}) over "
               f"{len(xs)} {spec['x_noun']}s from {xs[0]} to {xs[-1]}."]
    else:
        out = [f"It compares {join(names)} across {len(xs)} {spec['x_noun']}s: {join(xs)}."]
    for nm, vals in shown.items():
        hi, lo = vals.index(max(vals)), vals.index(min(vals))
        if spec["x_noun"] in TIME_NOUNS:
            out.append(f"{nm} goes from {show(vals[0])} in {xs[0]} to {show(vals[-1])} in {xs[-1]}, peaking at {show(vals[hi])} in {xs[hi]}.")
        else:
            out.append(f"{nm} is highest {at_x(spec, xs[hi])} ({show(vals[hi])}) and lowest {at_x(spec, xs[lo])} ({show(vals[lo])}).")
    if t.stacked and not spec.get("percent"):
        totals = [sum(c) for c in zip(*shown.values())]
        i = totals.index(max(totals))
        out.append(f"The stacked total is largest {at_x(spec, xs[i])} at {show(totals[i])}.")
    ex = spec["extras"]
    if "reference_line" in ex:
        out.append(f"A dashed line marks the {ex['reference_line']['label'].lower()} of {ex['reference_line']['value']}.")
    if "annotate_peak" in ex:
        out.append(f"An arrow labels the peak of {ex['annotate_peak']['series']}.")
    if "errors" in spec["data"]:
        out.append("Error bars show the uncertainty around each value.")
    return out


def ask(t: ChartType, spec: dict, a: Asker) -> None:
    shown, xs, m = t.shown(spec), spec["data"]["x"], spec["measure"]
    names, n = list(shown), len(spec["data"]["x"])
    percent = bool(spec.get("percent"))
    unit, dp = ("%", 1) if percent else (m["unit"], m["dp"])
    what = f"share of {m['name']}" if percent else m["name"]
    k, ks = spec["kind"]
    r, rt = t.segment_tol(spec), t.tol(spec)
    show = lambda v: with_unit(v, unit, dp)  # noqa: E731
    rng = a.rng
    time = spec["x_noun"] in TIME_NOUNS
    xn = spec["x_noun"]

    ask_title(spec, a)
    if not t.radar and not t.projection:
        ask_axis(spec, a)
    if len(names) > 1:
        ask_color(spec, a, names, k)
        a.count("ser.count_series", "recognition",
                a.say(["How many {ks} are compared in the chart?", "How many {ks} does the legend list?", "How many different {ks} are plotted?"], ks=ks),
                len(names), [f"The legend lists {join(names)}.", f"That is {len(names)}."])

    nm, i = rng.choice(names), rng.randrange(n)
    q = a.say(["What is the {w} of {s} {at}?", "What {w} does the chart show for {s} {at}?", "{At}, what is the {w} of {s}?"],
              w=what, s=nm, at=at_x(spec, xs[i]), At=cap(at_x(spec, xs[i])))
    a.number("ser.value", "recognition", q, shown[nm][i], [f"{nm} {at_x(spec, xs[i])} is at {show(shown[nm][i])}."],
             unit=unit, dp=dp, abs_tol=r, args={"series": nm, "x": xs[i]})

    if len(names) > 1:
        i = rng.randrange(n)
        col = sorted(names, key=lambda s_: -shown[s_][i])
        if shown[col[0]][i] - shown[col[1]][i] > 2 * r:
            q = a.say(["Which {k} has the highest {w} {at}?", "{At}, which {k} leads in {w}?"], k=k, w=what, at=at_x(spec, xs[i]),
                      At=cap(at_x(spec, xs[i])))
            a.text("ser.highest_at", "recognition", q, col[0],
                   [f"{cap(at_x(spec, xs[i]))}: " + ", ".join(f"{s_} {show(shown[s_][i])}" for s_ in col) + ".",
                    f"{col[0]} is highest."], args={"x": xs[i]})

    nm = rng.choice(names)
    vals = shown[nm]
    order = sorted(range(n), key=lambda j: -vals[j])
    if vals[order[0]] - vals[order[1]] > 2 * r:
        q = a.say(["In which {x} does {s} reach its highest {w}?", "At which {x} is the {w} of {s} at its peak?"], x=xn, s=nm, w=what)
        a.text("ser.peak_x", "recognition", q, str(xs[order[0]]),
               [f"{nm} peaks at {show(vals[order[0]])} {at_x(spec, xs[order[0]])}; the next highest is {show(vals[order[1]])} {at_x(spec, xs[order[1]])}."],
               args={"series": nm})

    # ---- reasoning ----------------------------------------------------------------------
    if len(names) > 1:
        i = rng.randrange(n)
        hi, lo = sorted(rng.sample(names, 2), key=lambda s_: -shown[s_][i])
        diff = shown[hi][i] - shown[lo][i]
        q = a.say(["{At}, how much higher is the {w} of {a} than that of {b}?", "What is the gap in {w} between {a} and {b} {at}?"],
                  At=cap(at_x(spec, xs[i])), at=at_x(spec, xs[i]), w=what, a=hi, b=lo)
        a.number("ser.diff_at", "reasoning", q, diff,
                 [f"{cap(at_x(spec, xs[i]))}, {hi} is at {show(shown[hi][i])} and {lo} at {show(shown[lo][i])}.",
                  f"{num(shown[hi][i], dp)} - {num(shown[lo][i], dp)} = {num(diff, dp)}."],
                 unit=unit, dp=dp, abs_tol=2 * r, args={"x": xs[i], "a": hi, "b": lo})

    nm = rng.choice(names)
    vals = shown[nm]
    if time and n >= 3:
        j, l_ = sorted(rng.sample(range(n), 2))
        change = vals[l_] - vals[j]
        q = a.say(["By how much did the {w} of {s} change from {x0} to {x1}?", "What was the change in {s}'s {w} between {x0} and {x1}?"],
                  w=what, s=nm, x0=xs[j], x1=xs[l_])
        a.number("ser.change", "reasoning", q, change,
                 [f"{nm} is at {show(vals[j])} in {xs[j]} and {show(vals[l_])} in {xs[l_]}.",
                  f"{num(vals[l_], dp)} - {num(vals[j], dp)} = {num(change, dp)}."],
                 unit=unit, dp=dp, abs_tol=2 * r, args={"series": nm, "x0": xs[j], "x1": xs[l_]})
        pct = (vals[l_] - vals[j]) / vals[j] * 100 if vals[j] > 0 else 0.0
        if vals[j] > 0 and not percent and r / vals[j] < 0.08 and 100 * 2 * r / vals[j] < max(2.0, 0.5 * abs(pct)):
            q = a.say(["What is the percentage change in the {w} of {s} from {x0} to {x1}?", "By what percent did {s}'s {w} change between {x0} and {x1}?"],
                      w=what, s=nm, x0=xs[j], x1=xs[l_])
            a.number("ser.pct_change", "reasoning", q, pct,
                     [f"From {show(vals[j])} to {show(vals[l_])}.",
                      f"({num(vals[l_], dp)} - {num(vals[j], dp)}) / {num(vals[j], dp)} x 100 = {num(pct, 1)}%."],
                     unit="%", dp=1, abs_tol=max(0.1, 100 * 2 * r / vals[j]), args={"series": nm, "x0": xs[j], "x1": xs[l_]})

    nm = rng.choice(names)
    vals = shown[nm]
    mean = sum(vals) / n
    q = a.say(["What is the average {w} of {s} across all {x}s shown?", "On average, what is the {w} of {s} per {x}?"], w=what, s=nm, x=xn)
    a.number("ser.mean", "reasoning", q, mean,
             [f"{nm}'s values are {', '.join(num(v, dp) for v in vals)}.", f"Their sum is {num(sum(vals), dp)}; / {n} = {num(mean, 2)}."],
             unit=unit, dp=2, abs_tol=r, rel_tol=0.005, args={"series": nm})

    if time and abs(vals[-1] - vals[0]) > 2 * r:
        q = a.say(["Is the {w} of {s} higher in {x1} than in {x0}?", "Did {s} end the period ({x1}) above where it started ({x0})?"],
                  w=what, s=nm, x0=xs[0], x1=xs[-1])
        a.yesno("ser.direction", "reasoning", q, vals[-1] > vals[0],
                [f"{nm}: {show(vals[0])} in {xs[0]} and {show(vals[-1])} in {xs[-1]}."], args={"series": nm})

    if time and n >= 4 and all(abs(b - a_) > 2 * r for a_, b in zip(vals, vals[1:])):
        ups = sum(1 for a_, b in zip(vals, vals[1:]) if b > a_)
        q = a.say(["In how many {x}s did the {w} of {s} rise compared with the previous {x}?",
                   "How many times does {s}'s {w} increase from one {x} to the next?"], x=xn, w=what, s=nm)
        a.count("ser.increase_count", "reasoning", q, ups,
                [f"{nm}: {', '.join(num(v, dp) for v in vals)}.", f"It rises {ups} times out of {n - 1} steps."], args={"series": nm})

    if not percent and m["additive"] and len(names) > 1:
        i = rng.randrange(n)
        total = sum(shown[s_][i] for s_ in names)
        tol = rt if t.stacked else len(names) * r
        if t.stacked or spec["labeled"] or tol <= 0.04 * total:
            q = a.say(["What is the combined {w} of all {ks} {at}?", "{At}, what do the {ks} add up to?"], w=what, ks=ks,
                      at=at_x(spec, xs[i]), At=cap(at_x(spec, xs[i])))
            a.number("ser.total_at", "reasoning", q, total,
                     [f"{cap(at_x(spec, xs[i]))}: " + " + ".join(num(shown[s_][i], dp) for s_ in names) + f" = {num(total, dp)}."],
                     unit=unit, dp=max(dp, 1), abs_tol=tol, args={"x": xs[i]})
        totals = {s_: sum(shown[s_]) for s_ in names}
        tops = sorted(names, key=lambda s_: -totals[s_])
        if totals[tops[0]] - totals[tops[1]] > 2 * n * r:
            q = a.say(["Summed over all {x}s, which {k} has the largest {w}?", "Which {k} accumulates the most {w} over the whole period shown?"],
                      x=xn, k=k, w=what)
            a.text("ser.top_total", "reasoning", q, tops[0],
                   [", ".join(f"{s_}: {num(totals[s_], dp)}" for s_ in tops) + ".", f"{tops[0]} has the largest total."])

    if len(names) > 1:
        x1, x2 = rng.sample(names, 2)
        gaps = [abs(p - q_) for p, q_ in zip(shown[x1], shown[x2])]
        g = sorted(range(n), key=lambda j: -gaps[j])
        if gaps[g[0]] - gaps[g[1]] > 4 * r:
            q = a.say(["In which {x} is the gap between {a} and {b} the largest?", "At which {x} do {a} and {b} differ the most in {w}?"],
                      x=xn, a=x1, b=x2, w=what)
            a.text("ser.max_gap_x", "reasoning", q, str(xs[g[0]]),
                   [f"The gaps are {', '.join(f'{xs[j]}: {num(gaps[j], dp)}' for j in range(n))}.", f"The largest is {at_x(spec, xs[g[0]])}."],
                   args={"a": x1, "b": x2})

    nm = rng.choice(names)
    vals = shown[nm]
    span = max(vals) - min(vals)
    q = a.say(["What is the difference between the highest and the lowest {w} of {s}?", "How wide is the range of {s}'s {w} (maximum minus minimum)?"],
              w=what, s=nm)
    a.number("ser.range", "reasoning", q, span,
             [f"{nm} peaks at {show(max(vals))} and bottoms at {show(min(vals))}.", f"{num(max(vals), dp)} - {num(min(vals), dp)} = {num(span, dp)}."],
             unit=unit, dp=dp, abs_tol=2 * r, args={"series": nm})
    if len(names) > 1:
        i = rng.randrange(n)
        x1, x2 = rng.sample(names, 2)
        if abs(shown[x1][i] - shown[x2][i]) > 2 * r:
            q = a.say(["{At}, is the {w} of {a} higher than that of {b}?", "Does {a} have a higher {w} than {b} {at}?"],
                      At=cap(at_x(spec, xs[i])), at=at_x(spec, xs[i]), w=what, a=x1, b=x2)
            a.yesno("ser.compare_at", "reasoning", q, shown[x1][i] > shown[x2][i],
                    [f"{cap(at_x(spec, xs[i]))}: {x1} {show(shown[x1][i])}, {x2} {show(shown[x2][i])}."], args={"x": xs[i], "a": x1, "b": x2})
        means = {s_: sum(shown[s_]) / n for s_ in names}
        tops = sorted(names, key=lambda s_: -means[s_])
        if means[tops[0]] - means[tops[1]] > 2 * r:
            q = a.say(["Which {k} has the highest average {w} across all {x}s?", "Averaged over every {x}, which {k} comes out on top?"], k=k, w=what, x=xn)
            a.text("ser.top_mean", "reasoning", q, tops[0],
                   [", ".join(f"{s_}: {num(means[s_], 2)}" for s_ in tops) + " (averages).", f"{tops[0]} has the highest average."])

    _ask_elements(t, spec, a, shown, show, r, rt, dp, unit, what)


def _ask_elements(t: ChartType, spec: dict, a: Asker, shown: dict, show, r: float, rt: float, dp: int, unit: str, what: str) -> None:
    ex, xs, xn = spec["extras"], spec["data"]["x"], spec["x_noun"]
    if "reference_line" in ex:
        ref, label = ex["reference_line"]["value"], ex["reference_line"]["label"].lower()
        if t.stacked:
            vals, subject, tol, key = [sum(c) for c in zip(*shown.values())], f"the total {what}", rt, "total"
        else:
            key = a.rng.choice(list(shown))
            vals, subject, tol = shown[key], f"{key}", r
        if all(abs(v - ref) > tol for v in vals):
            above = [x for x, v in zip(xs, vals) if v > ref]
            q = a.say(["In how many {x}s is {s} above the dashed {l} line?", "How many {x}s does {s} exceed the {l} of {ref}?"],
                      x=xn, s=subject, l=label, ref=ref)
            a.count("ser.above_ref", "reasoning", q, len(above),
                    [f"The dashed line marks {ref}.", f"{subject[0].upper() + subject[1:]} is above it in: {', '.join(map(str, above)) or 'none'}.",
                     f"That is {len(above)}."], args={"series": key, "ref": ref}, priority=1)
    if "annotate_peak" in ex:
        nm = ex["annotate_peak"]["series"]
        vals = spec["data"]["series"][nm]
        peak = max(vals)
        a.number("ser.peak_value", "recognition",
                 a.say(["What value does the arrow annotation give for the peak of {s}?", "What peak value is annotated for {s}?"], s=nm),
                 peak, [f"The annotation reads \"Peak of {nm}: {num(peak, dp)}\"."], unit=unit, dp=dp, args={"series": nm}, priority=1)
        j = vals.index(peak)
        first = vals[0] if j != 0 else vals[-1]
        other = xs[0] if j != 0 else xs[-1]
        q = a.say(["How much higher is the annotated peak of {s} than its value {at}?", "By how much does {s}'s annotated peak exceed its level {at}?"],
                  s=nm, at=at_x(spec, other))
        a.number("ser.peak_minus", "reasoning", q, peak - first,
                 [f"The annotated peak is {show(peak)}; {at_x(spec, other)} {nm} is at {show(first)}.", f"{num(peak, dp)} - {num(first, dp)} = {num(peak - first, dp)}."],
                 unit=unit, dp=dp, abs_tol=r, args={"series": nm, "x": other}, priority=1)
    if "errors" in spec["data"]:
        nm = a.rng.choice(list(shown))
        i = a.rng.randrange(len(xs))
        v, e = spec["data"]["series"][nm][i], spec["data"]["errors"][nm][i]
        q = a.say(["What is the upper end of the error bar for {s} {at}?", "{At}, up to what value does {s}'s error bar reach?"],
                  s=nm, at=at_x(spec, xs[i]), At=cap(at_x(spec, xs[i])))
        a.number("ser.error_upper", "reasoning", q, v + e,
                 [f"{nm} {at_x(spec, xs[i])} is {show(v)} with an error of ±{num(e, dp)}.", f"{num(v, dp)} + {num(e, dp)} = {num(v + e, dp)}."],
                 unit=unit, dp=dp, abs_tol=2 * r, args={"series": nm, "x": xs[i]}, priority=1 if "error_bars" in ex else 0)
