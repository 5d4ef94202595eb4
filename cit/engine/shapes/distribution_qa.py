"""Captions and questions for box plots, violins and histograms (see distribution.py)."""

from __future__ import annotations

from cit.engine.base import ChartType
from cit.engine.qa import Asker
from cit.engine.shapes.numbers import hist_counts, percentile
from cit.engine.shapes.common import ask_axis, ask_color, ask_title
from cit.engine.text import join, num, with_unit


def describe(t: ChartType, spec: dict) -> list[str]:
    m, groups = spec["measure"], spec["data"]["groups"]
    show = lambda v: with_unit(v, m["unit"], m["dp"])  # noqa: E731
    if t.histogram:
        g = next(iter(groups.values()))
        edges = spec["data"]["bins"]
        counts = hist_counts(g, edges)
        i = counts.index(max(counts))
        out = [f"{len(g)} {spec['obs']} fall into {len(counts)} bins from {num(edges[0], 2)} to {num(edges[-1], 2)}; each bar prints its count.",
               f"The most common range is {num(edges[i], 2)}–{num(edges[i + 1], 2)} with {counts[i]} {spec['obs']}; the median is {show(percentile(g, 50))}."]
    else:
        out = [f"It summarises {spec['obs']} for {join(list(groups))}."]
        for nm, g in groups.items():
            out.append(f"{nm}: median {show(percentile(g, 50))}, middle half from {show(percentile(g, 25))} to {show(percentile(g, 75))}, "
                       f"range {show(min(g))}–{show(max(g))}.")
    ex = spec["extras"]
    if "reference_line" in ex:
        out.append(f"A dashed line marks the overall median of {ex['reference_line']['value']}.")
    if ex.get("mean_markers"):
        out.append("Markers show each group's mean.")
    if ex.get("mean_line"):
        out.append("A dashed line marks the mean.")
    return out


def ask(t: ChartType, spec: dict, a: Asker) -> None:
    m, groups = spec["measure"], spec["data"]["groups"]
    dp, unit = m["dp"], m["unit"]
    names = list(groups)
    k, ks = spec["kind"]
    r = t.tol(spec)
    show = lambda v: with_unit(v, unit, dp)  # noqa: E731
    ask_title(spec, a)
    ask_axis(spec, a)
    if t.histogram:
        _ask_histogram(spec, a, next(iter(groups.values())), hist_counts, percentile)
        return
    ask_color(spec, a, names, k)
    a.count("dist.count", "recognition", a.say(["How many {ks} are compared?", "How many boxes (groups) does the chart show?"], ks=ks),
            len(names), [f"There is one distribution per {k}: {join(names)}.", f"That is {len(names)}."])
    med = {nm: percentile(g, 50) for nm, g in groups.items()}
    nm = a.rng.choice(names)
    q = a.say(["What is the median {m} for {g}?", "Where does the median line of {g} sit?"], m=m["name"], g=nm)
    a.number("dist.median", "recognition", q, med[nm], [f"The middle line of {nm}'s box is at about {show(med[nm])}."],
             unit=unit, dp=max(dp, 1), abs_tol=r, args={"group": nm})
    order = sorted(names, key=lambda n_: -med[n_])
    if med[order[0]] - med[order[1]] > 2 * r:
        q = a.say(["Which {k} has the highest median {m}?", "Whose median {m} is largest?"], k=k, m=m["name"])
        a.text("dist.max_median", "recognition", q, order[0],
               [", ".join(f"{n_}: {num(med[n_], 2)}" for n_ in order) + ".", f"{order[0]} has the highest median."])
    iqr = {nm: percentile(g, 75) - percentile(g, 25) for nm, g in groups.items()}
    wide = sorted(names, key=lambda n_: -iqr[n_])
    if iqr[wide[0]] - iqr[wide[1]] > 4 * r:
        q = a.say(["Which {k} has the widest box (largest interquartile range)?", "For which {k} is the middle 50% of values spread the most?"], k=k)
        a.text("dist.widest_iqr", "reasoning", q, wide[0],
               [", ".join(f"{n_}: IQR {num(iqr[n_], 2)}" for n_ in wide) + ".", f"{wide[0]} has the largest spread."])
    x, y = a.rng.sample(names, 2)
    hi, lo = (x, y) if med[x] >= med[y] else (y, x)
    diff = med[hi] - med[lo]
    if diff > 2 * r:
        q = a.say(["How much higher is the median of {a} than that of {b}?", "By how much does {a}'s median exceed {b}'s?"], a=hi, b=lo)
        a.number("dist.median_diff", "reasoning", q, diff, [f"Medians: {hi} {show(med[hi])}, {lo} {show(med[lo])}.",
                                                             f"{num(med[hi], 2)} - {num(med[lo], 2)} = {num(diff, 2)}."],
                 unit=unit, dp=max(dp, 1), abs_tol=2 * r, args={"a": hi, "b": lo})
    nm = a.rng.choice(names)
    q1, q3 = percentile(groups[nm], 25), percentile(groups[nm], 75)
    q = a.say(["What is the interquartile range (Q3 - Q1) of {g}?", "How tall is {g}'s box, from the first to the third quartile?"], g=nm)
    a.number("dist.iqr", "reasoning", q, q3 - q1, [f"{nm}'s box runs from about {show(q1)} (Q1) to {show(q3)} (Q3).",
                                                   f"{num(q3, 2)} - {num(q1, 2)} = {num(q3 - q1, 2)}."],
             unit=unit, dp=max(dp, 1), abs_tol=2 * r, args={"group": nm})
    nm = a.rng.choice(names)
    g = groups[nm]
    q = a.say(["What is the range of {g}'s observations, from the lowest to the highest?", "How far apart are the smallest and largest values of {g}?"], g=nm)
    a.number("dist.range", "reasoning", q, max(g) - min(g), [f"{nm}'s lowest observation is {show(min(g))} and its highest {show(max(g))}.",
                                                           f"{num(max(g), dp)} - {num(min(g), dp)} = {num(max(g) - min(g), dp)}."],
             unit=unit, dp=dp, abs_tol=2 * r, args={"group": nm})
    x, y = a.rng.sample(names, 2)
    if abs(med[x] - med[y]) > 2 * r:
        q = a.say(["Is the median {m} of {a} higher than that of {b}?", "Does {a} have a larger median than {b}?"], m=m["name"], a=x, b=y)
        a.yesno("dist.compare", "reasoning", q, med[x] > med[y], [f"Medians: {x} {show(med[x])}, {y} {show(med[y])}."], args={"a": x, "b": y})
    spread = med[order[0]] - med[order[-1]]
    q = a.say(["What is the gap between the highest and the lowest median?", "How far is the largest group median above the smallest one?"])
    a.number("dist.median_spread", "reasoning", q, spread,
             [f"Highest median: {order[0]} at {show(med[order[0]])}; lowest: {order[-1]} at {show(med[order[-1]])}.",
              f"{num(med[order[0]], 2)} - {num(med[order[-1]], 2)} = {num(spread, 2)}."], unit=unit, dp=max(dp, 1), abs_tol=2 * r)
    ex = spec["extras"]
    if ex.get("mean_markers"):
        nm = a.rng.choice(names)
        mean = sum(groups[nm]) / len(groups[nm])
        if abs(mean - med[nm]) > r:
            q = a.say(["Is the mean of {g} (its mean marker) greater than its median?", "For {g}, is the marked mean larger than the median?"], g=nm)
            a.yesno("dist.mean_above_median", "reasoning", q, mean > med[nm],
                    [f"{nm}: mean {num(mean, 2)}, median {num(med[nm], 2)}."], args={"group": nm}, priority=1)
    if "reference_line" in ex:
        ref = ex["reference_line"]["value"]
        if all(abs(v - ref) > r for v in med.values()):
            above = [n_ for n_ in names if med[n_] > ref]
            q = a.say(["How many {ks} have a median above the dashed overall-median line?", "How many boxes have their median line above the dashed line?"], ks=ks)
            a.count("dist.above_ref", "reasoning", q, len(above), [f"The dashed line is at {ref}.", f"Medians above it: {', '.join(above) or 'none'}."],
                    args={"ref": ref}, priority=1)


def _ask_histogram(spec: dict, a: Asker, g: list[float], hist_counts, percentile) -> None:
    edges, obs, m = spec["data"]["bins"], spec["obs"], spec["measure"]
    counts = hist_counts(g, edges)
    rng_label = lambda i: f"{num(edges[i], 2)}–{num(edges[i + 1], 2)}"  # noqa: E731
    a.count("hist.total", "recognition", a.say(["How many {o} are counted in the histogram in total?", "What is the total of all bar counts?"], o=obs),
            len(g), [f"The bars print {', '.join(map(str, counts))}.", f"Their sum is {sum(counts)}."])
    order = sorted(range(len(counts)), key=lambda i: -counts[i])
    if counts[order[0]] > counts[order[1]]:
        options = [rng_label(i) for i in range(len(counts))]
        q = a.say(["Which range of {m} contains the most {o}?", "Which bin is the tallest?"], m=m["name"], o=obs)
        a.text("hist.mode_bin", "recognition", q, rng_label(order[0]),
               [f"The tallest bar covers {rng_label(order[0])} with {counts[order[0]]} {obs}."], options=options)
    i = a.rng.randrange(len(counts))
    q = a.say(["How many {o} fall in the {r} bin?", "What count does the bar for {r} show?"], o=obs, r=rng_label(i))
    a.count("hist.count_bin", "recognition", q, counts[i], [f"The bar for {rng_label(i)} is labelled {counts[i]}."], args={"bin": i})
    j = a.rng.randrange(1, len(edges) - 1)
    above = sum(counts[j:])
    q = a.say(["How many {o} have a {m} of at least {e}?", "Counting all bars from {e} upward, how many {o} are there?"], o=obs, m=m["name"], e=num(edges[j], 2))
    a.count("hist.at_least", "reasoning", q, above,
            [f"Bars from {num(edges[j], 2)} upward: {' + '.join(map(str, counts[j:]))} = {above}."], args={"edge": edges[j]})
    pct = above / len(g) * 100
    q = a.say(["What percentage of {o} have a {m} of at least {e}?"], o=obs, m=m["name"], e=num(edges[j], 2))
    a.number("hist.share_at_least", "reasoning", q, pct, [f"{above} of {len(g)} {obs} are at or above {num(edges[j], 2)}.",
                                                          f"{above} / {len(g)} x 100 = {num(pct, 1)}%."], unit="%", dp=1, abs_tol=0.1,
             args={"edge": edges[j]})
    k0 = a.rng.randrange(len(counts) - 1)
    pair = counts[k0] + counts[k0 + 1]
    q = a.say(["How many {o} fall between {a} and {b}?", "Combining the two bars from {a} to {b}, how many {o} are there?"],
              o=obs, a=num(edges[k0], 2), b=num(edges[k0 + 2], 2))
    a.count("hist.two_bins", "reasoning", q, pair, [f"The bars {rng_label(k0)} and {rng_label(k0 + 1)} print {counts[k0]} and {counts[k0 + 1]}.",
                                                    f"{counts[k0]} + {counts[k0 + 1]} = {pair}."], args={"bin": k0})
    share = counts[order[0]] / len(g) * 100
    q = a.say(["What percentage of all {o} fall in the tallest bin?", "The most common range holds what share of the {o}?"], o=obs)
    a.number("hist.mode_share", "reasoning", q, share, [f"The tallest bar ({rng_label(order[0])}) counts {counts[order[0]]} of {len(g)}.",
                                                        f"{counts[order[0]]} / {len(g)} x 100 = {num(share, 1)}%."], unit="%", dp=1, abs_tol=0.1)
    cut = sorted(counts)[len(counts) // 2]
    q = a.say(["How many bins contain more than {c} {o}?", "How many bars are taller than {c}?"], c=cut, o=obs)
    a.count("hist.bins_above", "reasoning", q, sum(1 for c in counts if c > cut),
            [f"Bar counts: {', '.join(map(str, counts))}.", f"{sum(1 for c in counts if c > cut)} exceed {cut}."], args={"count": cut})
    if spec["extras"].get("mean_line"):
        mean = sum(g) / len(g)
        dp = max(m["dp"], 1)
        q = a.say(["What mean value does the dashed line's label give?", "At what {m} is the dashed mean line drawn?"], m=m["name"])
        a.number("hist.mean", "recognition", q, mean, [f"The legend reads \"Mean: {num(mean, dp)}\"."], unit=m["unit"], dp=dp, priority=1)
        inside = next(k for k in range(len(counts)) if edges[k] <= mean < edges[k + 1] or k == len(counts) - 1)
        q = a.say(["Which bin contains the mean marked by the dashed line?"])
        a.text("hist.mean_bin", "reasoning", q, rng_label(inside), [f"The mean {num(mean, dp)} lies between {rng_label(inside)}."],
               options=[rng_label(k) for k in range(len(counts))], priority=1)
