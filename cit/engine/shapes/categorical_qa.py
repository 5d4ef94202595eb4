"""Questions about one value per category (see categorical.py)."""

from __future__ import annotations

from cit.engine.base import ChartType
from cit.engine.qa import Asker
from cit.engine.shapes.common import ask_axis, ask_color, ask_title
from cit.engine.text import num, ordinal, with_unit


def ask(t: ChartType, spec: dict, a: Asker) -> None:
    labels, vals = spec["data"]["labels"], t.values(spec)
    share, m = bool(spec.get("share")), spec["measure"]
    r = t.tol(spec)
    unit, dp = ("%", 1) if share else (m["unit"], m["dp"])
    what = f"share of {m['name']}" if share else m["name"]
    k, ks = spec["kind"]
    n = len(labels)
    show = lambda v, d=dp: with_unit(v, unit, d)  # noqa: E731
    by = dict(zip(labels, vals))
    order = sorted(labels, key=lambda lab: -by[lab])
    rng = a.rng

    ask_title(spec, a)
    if t.cartesian:
        ask_axis(spec, a)
    if t.per_item_colors:
        ask_color(spec, a, labels, k)
    a.count("cat.count", "recognition", a.say(["How many {ks} are shown in the chart?", "How many {ks} does the chart compare?",
                                               "How many different {ks} appear in the chart?"], ks=ks), n,
            [f"The chart has one entry per {k}: {', '.join(labels)}.", f"That makes {n}."])

    # the largest / smallest, only when the gap is visible
    for template, rank_list, word in (("cat.max", order, "highest"), ("cat.min", order[::-1], "lowest")):
        first, second = rank_list[0], rank_list[1]
        if abs(by[first] - by[second]) > 2 * r:
            q = a.say(["Which {k} has the {w} {what}?", "Which {k} shows the {w} {what}?", "Which {k} ranks {w} in {what}?"],
                      k=k, w=word, what=what)
            opts = [first] + rng.sample([o for o in labels if o != first], min(3, n - 1)) if rng.random() < 0.4 else None
            a.text(template, "recognition", q, first,
                   [f"{first} reaches {show(by[first])}, while the next one, {second}, reaches {show(by[second])}.",
                    f"So {first} has the {word} {what}."], options=opts)

    lab = rng.choice(labels)
    q = a.say(["What is the {what} of {lab}?", "What {what} does the chart show for {lab}?", "How large is the {what} for {lab}?"],
              what=what, lab=lab)
    a.number("cat.value", "recognition", q, by[lab], [f"The {k} {lab} is at {show(by[lab])}."], unit=unit, dp=dp,
             abs_tol=r, args={"label": lab})

    # ---- reasoning ----------------------------------------------------------------------
    hi_lab, lo_lab = sorted(rng.sample(labels, 2), key=lambda lab: -by[lab])
    diff = by[hi_lab] - by[lo_lab]
    q = a.say(["How much higher is the {what} of {a} than that of {b}?", "By how much does {a} exceed {b} in {what}?",
               "What is the difference in {what} between {a} and {b}?"], what=what, a=hi_lab, b=lo_lab)
    a.number("cat.diff", "reasoning", q, diff,
             [f"{hi_lab} is at {show(by[hi_lab])} and {lo_lab} at {show(by[lo_lab])}.",
              f"{num(by[hi_lab], dp)} - {num(by[lo_lab], dp)} = {num(diff, dp)}."],
             unit=unit, dp=dp, abs_tol=2 * r, args={"a": hi_lab, "b": lo_lab})

    if by[lo_lab] > 0 and by[hi_lab] > 0:
        rel = r / by[hi_lab] + r / by[lo_lab]
        if rel <= 0.12:
            ratio = by[hi_lab] / by[lo_lab]
            q = a.say(["What is the ratio of the {what} of {a} to that of {b}?", "How many times larger is {a} than {b} in {what}?",
                       "Dividing the {what} of {a} by that of {b} gives what value?"], what=what, a=hi_lab, b=lo_lab)
            a.number("cat.ratio", "reasoning", q, ratio,
                     [f"{hi_lab}: {show(by[hi_lab])}; {lo_lab}: {show(by[lo_lab])}.",
                      f"{num(by[hi_lab], dp)} / {num(by[lo_lab], dp)} = {num(ratio, 2)}."],
                     dp=2, rel_tol=max(0.01, rel), args={"a": hi_lab, "b": lo_lab})

    mean = sum(vals) / n
    q = a.say(["What is the average {what} across all {ks}?", "What is the mean {what} of the {ks} shown?",
               "On average, what is the {what} per {k}?"], what=what, ks=ks, k=k)
    a.number("cat.mean", "reasoning", q, mean,
             [f"The values are {', '.join(num(v, dp) for v in vals)}.",
              f"Their sum is {num(sum(vals), dp)}; divided by {n} that is {num(mean, 2)}."],
             unit=unit, dp=2, abs_tol=r, rel_tol=0.005)

    if not share and m["additive"] and n * r <= 0.04 * sum(vals):
        total = sum(vals)
        q = a.say(["What is the total {what} of all {ks} combined?", "What do the {ks} add up to in {what}?",
                   "What is the combined {what} of the {ks} shown?"], what=what, ks=ks)
        a.number("cat.total", "reasoning", q, total,
                 [f"Adding the values: {' + '.join(num(v, dp) for v in vals)} = {num(total, dp)}."],
                 unit=unit, dp=max(dp, 1), abs_tol=n * r, args={})
        if r == 0:
            lab = rng.choice(labels)
            pct = by[lab] / total * 100
            q = a.say(["What percentage of the total {what} comes from {lab}?", "What share of the combined {what} does {lab} account for?"],
                      what=what, lab=lab)
            a.number("cat.share", "reasoning", q, pct,
                     [f"The total is {show(total)}.", f"{lab} has {show(by[lab])}, and {num(by[lab], dp)} / {num(total, dp)} x 100 = {num(pct, 1)}%."],
                     unit="%", dp=1, abs_tol=0.1, args={"label": lab})

    idx = rng.randrange(n)
    lab = order[idx]
    neighbours = [order[j] for j in (idx - 1, idx + 1) if 0 <= j < n]
    if all(abs(by[lab] - by[o]) > 2 * r for o in neighbours):
        q = a.say(["When the {ks} are ranked from highest to lowest {what}, in which position is {lab}?",
                   "What is the rank of {lab} by {what}, counting 1 for the highest?"], ks=ks, what=what, lab=lab)
        a.count("cat.rank", "reasoning", q, idx + 1,
                 [f"Sorted from highest: {', '.join(f'{o} ({num(by[o], dp)})' for o in order)}.", f"{lab} is {ordinal(idx + 1)}."],
                 args={"label": lab})

    if all(abs(v - mean) > max(2 * r, 0.5 * 10.0 ** -dp) for v in vals):  # shown values can equal the mean
        above = [lab for lab in labels if by[lab] > mean]
        q = a.say(["How many {ks} have a {what} above the average of all {ks}?", "How many {ks} are above the mean {what}?"],
                  ks=ks, what=what)
        a.count("cat.above_mean", "reasoning", q, len(above),
                [f"The average is {num(sum(vals), dp)} / {n} = {num(mean, 2)}.",
                 f"Above it: {', '.join(above) or 'none'}, so {len(above)}."])

    x, y = rng.sample(labels, 2)
    if abs(by[x] - by[y]) > 2 * r:
        q = a.say(["Is the {what} of {x} greater than that of {y}?", "Does {x} have a higher {what} than {y}?"], what=what, x=x, y=y)
        a.yesno("cat.compare", "reasoning", q, by[x] > by[y],
                [f"{x}: {show(by[x])}; {y}: {show(by[y])}.", f"{x} is {'higher' if by[x] > by[y] else 'lower'}."],
                args={"a": x, "b": y})

    top, bottom = order[0], order[-1]
    spread = by[top] - by[bottom]
    q = a.say(["What is the difference between the highest and the lowest {what}?", "What is the range of the {what} values shown (highest minus lowest)?"],
              what=what)
    a.number("cat.range", "reasoning", q, spread,
             [f"The highest is {top} at {show(by[top])}; the lowest is {bottom} at {show(by[bottom])}.",
              f"{num(by[top], dp)} - {num(by[bottom], dp)} = {num(spread, dp)}."],
             unit=unit, dp=dp, abs_tol=2 * r)

    if (share or m["additive"]) and n >= 4:
        two = by[order[0]] + by[order[1]]
        q = a.say(["What is the combined {what} of the two largest {ks}?", "Together, how much {what} do the top two {ks} account for?"],
                  what=what, ks=ks)
        a.number("cat.top2", "reasoning", q, two,
                 [f"The two largest are {order[0]} ({show(by[order[0]])}) and {order[1]} ({show(by[order[1]])}).",
                  f"{num(by[order[0]], dp)} + {num(by[order[1]], dp)} = {num(two, dp)}."],
                 unit=unit, dp=dp, abs_tol=2 * r)
