"""A bridge from a starting total to an ending total through signed contributions.

spec["data"] = {"start_label", "start", "labels", "changes", "end_label"}: the chart shows
the start bar, one floating bar per change (labelled with its sign) and the end total.
"""

from __future__ import annotations

import cit.engine.data as gen
from cit.engine.base import ChartType, Draw
from cit.engine.code import assign
from cit.engine.qa import Asker
from cit.engine.shapes.common import ask_axis, ask_title, fmt, new_spec, table
from cit.engine.text import cap, label_with_unit, num, var_name, with_unit


class Waterfall(ChartType):
    labeled = True
    evolvable = ("more-data", "subplot")

    def make(self, d: Draw) -> dict:
        rng, dom = d.rng, d.domain
        m = rng.choice(dom.additive_measures())
        use_groups = rng.random() < 0.4
        kind, pool, ctx = (dom.group, dom.groups, dom.entities) if use_groups else (dom.entity, dom.entities, dom.groups)
        labels = gen.pick(rng, pool, rng.randint(4, 6))
        start = gen.rnd(rng.uniform(m.lo + 0.3 * (m.hi - m.lo), m.hi) * len(labels) * 0.6, m.dp)
        changes, running = [], start
        for _ in labels:  # each step moves the total by 4-20%; never below a fifth of the start
            c = start * rng.uniform(0.04, 0.2) * (1 if rng.random() < 0.6 or running < 0.45 * start else -1)
            c = gen.rnd(c, m.dp) or gen.step(m.dp)
            changes.append(c)
            running += c
        if all(c > 0 for c in changes) or all(c < 0 for c in changes):  # a bridge needs ups and downs
            i = min(range(len(changes)), key=lambda k: abs(changes[k]))
            changes[i] = -changes[i]
        y0 = rng.randint(max(dom.first_year, 2012), 2021)
        y1 = y0 + rng.randint(1, 3)
        context = rng.choice(ctx)
        title = f"Change in {m.name} by {kind[0]}, {y0} to {y1} — {context}"
        taken: set[str] = set()
        return new_spec(self, d, title=title, about=f"how each {kind[0]} moved total {m.label} from {y0} to {y1} ({context})",
                        measure=m, kind=kind,
                        data={"start_label": f"{y0} total", "start": start, "labels": labels, "changes": changes, "end_label": f"{y1} total"},
                        vars={"labels": var_name(kind[1], taken), "changes": var_name("changes", taken), "start": var_name("start_total", taken)},
                        colors=[["tab:gray", "gray"], ["tab:green", "green"], ["tab:red", "red"], ["tab:blue", "blue"]],
                        x_label=cap(kind[0]), y_label=label_with_unit(m.name, m.unit))

    def grow(self, spec: dict, d: Draw) -> bool:
        data = spec["data"]
        dom = d.domain
        pool = dom.groups if spec["kind"][0] == dom.group[0] else dom.entities
        new = gen.pick(d.rng, pool, 2, avoid=data["labels"])
        if not new or len(data["labels"]) >= 8:
            return False
        dp, start = spec["measure"]["dp"], data["start"]
        running = start + sum(data["changes"])
        for lab in new:
            c = start * d.rng.uniform(0.04, 0.2) * (1 if d.rng.random() < 0.5 or running < 0.45 * start else -1)
            c = gen.rnd(c, dp) or gen.step(dp)
            data["labels"].append(lab)
            data["changes"].append(c)
            running += c
        return True

    def end(self, spec: dict) -> float:
        data = spec["data"]
        return round(data["start"] + sum(data["changes"]), max(spec["measure"]["dp"], 0))

    def tables(self, spec: dict) -> list:
        data, m = spec["data"], spec["measure"]
        rows = [[data["start_label"], data["start"]]] + [[lab, c] for lab, c in zip(data["labels"], data["changes"])]
        rows.append([data["end_label"], self.end(spec)])
        return [table(["Step", cap(m["name"])], rows, {cap(m["name"]): m["unit"]}, spec["title"])]

    def describe(self, spec: dict) -> list[str]:
        data = spec["data"]
        ups = [(c, lab) for lab, c in zip(data["labels"], data["changes"]) if c > 0]
        downs = [(c, lab) for lab, c in zip(data["labels"], data["changes"]) if c < 0]
        out = [f"It starts from {fmt(spec, data['start'])} ({data['start_label']}) and ends at {fmt(spec, self.end(spec))} ({data['end_label']})."]
        if ups:
            c, lab = max(ups)
            out.append(f"{len(ups)} {spec['kind'][1]} add to the total, most of all {lab} (+{num(c, spec['measure']['dp'])}).")
        if downs:
            c, lab = min(downs)
            out.append(f"{len(downs)} reduce it, most of all {lab} ({num(c, spec['measure']['dp'])}).")
        return out

    def leaders(self, spec: dict):
        return spec["data"]["labels"], spec["data"]["changes"], f"change in {spec['measure']['name']}", 0.0

    def data_lines(self, spec: dict) -> list[str]:
        v, data = spec["vars"], spec["data"]
        return [assign(v["start"], data["start"]), assign(v["labels"], data["labels"]), assign(v["changes"], data["changes"])]

    def ask(self, spec: dict, a: Asker) -> None:
        data, m = spec["data"], spec["measure"]
        dp, unit, k = m["dp"], m["unit"], spec["kind"][0]
        labels, changes = data["labels"], data["changes"]
        show = lambda v: with_unit(v, unit, dp)  # noqa: E731
        ask_title(spec, a)
        ask_axis(spec, a)
        end = self.end(spec)
        q = a.say(["What is the final total shown at the end of the waterfall?", "What value does the {e} bar reach?"], e=data["end_label"])
        a.number("wf.end", "recognition", q, end, [f"The last bar is labelled {show(end)}."], unit=unit, dp=dp)
        lab = a.rng.choice(labels)
        c = changes[labels.index(lab)]
        q = a.say(["By how much does {l} change the total?", "What contribution does {l} make to the change in {m}?"], l=lab, m=m["name"])
        a.number("wf.change", "recognition", q, c, [f"The floating bar for {lab} is labelled {'+' if c > 0 else ''}{num(c, dp)}."],
                 unit=unit, dp=dp, args={"label": lab})
        for template, sign, word in (("wf.largest_up", 1, "increase"), ("wf.largest_down", -1, "decrease")):
            part = sorted(((sign * c_, lab_) for lab_, c_ in zip(labels, changes) if sign * c_ > 0), reverse=True)
            if part and (len(part) == 1 or part[0][0] > part[1][0]):
                q = a.say(["Which {k} contributes the largest {w}?", "Which {k} causes the biggest {w} in the total?"], k=k, w=word)
                a.text(template, "reasoning", q, part[0][1],
                       [", ".join(f"{lab_}: {num(sign * v, dp)}" for v, lab_ in part) + ".", f"The largest {word} comes from {part[0][1]}."])
        negs = [lab_ for lab_, c_ in zip(labels, changes) if c_ < 0]
        q = a.say(["How many {ks} reduce the total?", "How many of the floating bars are decreases?"], ks=spec["kind"][1])
        a.count("wf.neg_count", "reasoning", q, len(negs), [f"Negative contributions: {', '.join(negs) or 'none'}.", f"That is {len(negs)}."])
        net = sum(changes)
        q = a.say(["What is the net change from {s} to {e}?", "By how much does the total change overall between the first and last bars?"],
                  s=data["start_label"], e=data["end_label"])
        a.number("wf.net", "reasoning", q, net,
                 [f"Summing the changes: {' + '.join(num(c_, dp) for c_ in changes)} = {num(net, dp)}.",
                  f"Check: {num(end, dp)} - {num(data['start'], dp)} = {num(end - data['start'], dp)}."], unit=unit, dp=dp)
        j = a.rng.randrange(len(labels))
        running = data["start"] + sum(changes[: j + 1])
        q = a.say(["What is the running total right after the {l} step?", "After adding the contribution of {l}, what is the running total?"],
                  l=labels[j])
        a.number("wf.running", "reasoning", q, running,
                 [f"Start at {num(data['start'], dp)} and add {', '.join(num(c_, dp) for c_ in changes[: j + 1])}.",
                  f"The running total after {labels[j]} is {num(running, dp)}."], unit=unit, dp=dp, args={"label": labels[j]})
