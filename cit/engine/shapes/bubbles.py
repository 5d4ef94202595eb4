"""Labelled entities placed by two (or three) measures, sized by another: bubble charts.

spec["data"] = {"labels", "x", "y", "size"} (+ "z" in 3D); spec["x_measure"], spec["measure"]
(y), spec["size_measure"] (and spec["z_measure"]). Each bubble is labelled with its name
and its size value, so size questions are exact; positions are read off the axes.
"""

from __future__ import annotations

from typing import ClassVar

import cit.engine.colors as palette
import cit.engine.data as gen
from cit.engine.base import ChartType, Draw, measure_dict, measure_of
from cit.engine.code import assign
from cit.engine.qa import Asker, read_tol
from cit.engine.shapes.common import ask_axis, ask_title, new_spec, table
from cit.engine.text import cap, join, label_with_unit, num, var_name, with_unit


class Bubbles(ChartType):
    three_d: ClassVar[bool] = False
    marks = "points"
    labeled = False
    evolvable = ("more-data", "subplot")

    def make(self, d: Draw) -> dict:
        rng, dom = d.rng, d.domain
        ms = list(dom.measures)
        rng.shuffle(ms)
        xm, ym, sm = ms[0], ms[1], ms[2]
        use_groups = rng.random() < 0.6
        kind, pool = (dom.group, dom.groups) if use_groups else (dom.entity, dom.entities)
        labels = gen.pick(rng, pool, rng.randint(5, 7))
        data = {"labels": labels, "x": gen.magnitudes(rng, xm, len(labels), gap=0.05), "y": gen.magnitudes(rng, ym, len(labels), gap=0.05),
                "size": gen.magnitudes(rng, sm, len(labels), gap=0.05)}
        year = gen.period_year(rng, dom)
        taken: set[str] = set()
        vars_ = {"labels": var_name(kind[1], taken), "x": var_name(xm.name, taken), "y": var_name(ym.name, taken), "size": var_name(sm.name, taken)}
        extra = {}
        if self.three_d:
            zm = dom.pair.y if dom.pair.y.name not in (xm.name, ym.name, sm.name) else dom.pair.x
            data["z"] = gen.magnitudes(rng, zm, len(labels), gap=0.05)
            vars_["z"] = var_name(zm.name, taken)
            extra["z_measure"] = measure_dict(zm)
        title = f"{cap(ym.name)} vs {xm.name} by {kind[0]} ({year})"
        if self.three_d:
            title = f"{cap(xm.name)}, {ym.name} and {extra['z_measure']['name']} by {kind[0]} ({year})"
        return new_spec(self, d, title=title, about=f"{kind[1]} placed by {xm.name} and {ym.name}, sized by {sm.label}, {year}",
                        measure=ym, kind=kind, data=data, vars=vars_, colors=palette.pick(rng, self.library, len(labels)),
                        x_label=label_with_unit(xm.name, xm.unit), y_label=label_with_unit(ym.name, ym.unit),
                        x_measure=measure_dict(xm), size_measure=measure_dict(sm), **extra)

    def grow(self, spec: dict, d: Draw) -> bool:
        data = spec["data"]
        pool = d.domain.groups if spec["kind"][0] == d.domain.group[0] else d.domain.entities
        new = gen.pick(d.rng, pool, 2, avoid=data["labels"])
        if not new or len(data["labels"]) >= 9:
            return False
        for key, m in (("x", spec["x_measure"]), ("y", spec["measure"]), ("size", spec["size_measure"]), ("z", spec.get("z_measure"))):
            if m is None:
                continue
            mm = measure_of(m)
            for _ in new:
                for _try in range(60):
                    v = gen.rnd(d.rng.uniform(mm.lo, mm.hi), mm.dp)
                    if all(abs(v - w) >= 0.05 * (mm.hi - mm.lo) for w in data[key]):
                        break
                data[key].append(v)
        data["labels"] += new
        spec["colors"] = palette.pick(d.rng, self.library, len(data["labels"]))
        return True

    def tol(self, spec: dict, key: str) -> float:
        dp = {"x": spec["x_measure"], "y": spec["measure"], "z": spec.get("z_measure") or spec["measure"]}[key]["dp"]
        return read_tol(spec["data"][key], False, from_zero=False, dp=dp) * (1.6 if self.three_d else 1.0)

    def tables(self, spec: dict) -> list:
        data = spec["data"]
        keys = ["x", "y"] + (["z"] if "z" in data else []) + ["size"]
        ms = {"x": spec["x_measure"], "y": spec["measure"], "z": spec.get("z_measure"), "size": spec["size_measure"]}
        cols = [cap(spec["kind"][0])] + [cap(ms[k]["name"]) for k in keys]
        rows = [[lab] + [data[k][i] for k in keys] for i, lab in enumerate(data["labels"])]
        return [table(cols, rows, {cap(ms[k]["name"]): ms[k]["unit"] for k in keys}, spec["title"])]

    def describe(self, spec: dict) -> list[str]:
        data, sm = spec["data"], spec["size_measure"]
        big = data["size"].index(max(data["size"]))
        hy = data["y"].index(max(data["y"]))
        return [f"Bubbles for {join(data['labels'])}; bubble area shows {sm['name']}, printed under each name.",
                f"{data['labels'][big]} has the largest bubble ({with_unit(data['size'][big], sm['unit'], sm['dp'])}),"
                f" and {data['labels'][hy]} sits highest on the {spec['measure']['name']} axis."]

    def leaders(self, spec: dict):
        return spec["data"]["labels"], spec["data"]["size"], spec["size_measure"]["name"], 0.0

    def data_lines(self, spec: dict) -> list[str]:
        v, data = spec["vars"], spec["data"]
        keys = ["labels", "x", "y"] + (["z"] if "z" in data else []) + ["size"]
        return [assign(v[k], data[k]) for k in keys] + [assign("colors", [c[0] for c in spec["colors"]])]

    def ask(self, spec: dict, a: Asker) -> None:
        data, xm, ym, sm = spec["data"], spec["x_measure"], spec["measure"], spec["size_measure"]
        labels = data["labels"]
        k, ks = spec["kind"]
        rx, ry = self.tol(spec, "x"), self.tol(spec, "y")
        ask_title(spec, a)
        if not self.three_d:
            ask_axis(spec, a)
        a.count("bub.count", "recognition", a.say(["How many {ks} are shown as bubbles?", "How many bubbles does the chart contain?"], ks=ks),
                len(labels), [f"Each bubble is labelled: {join(labels)}.", f"That is {len(labels)}."])
        order = sorted(range(len(labels)), key=lambda i: -data["size"][i])
        big = labels[order[0]]
        q = a.say(["Which {k} has the largest bubble?", "Which {k} has the highest {s}, shown by bubble size?"], k=k, s=sm["name"])
        a.text("bub.largest", "recognition", q, big, [f"The bubble labels show {big} with the largest {sm['name']}: "
                                                       f"{with_unit(data['size'][order[0]], sm['unit'], sm['dp'])}."])
        lab = a.rng.choice(labels)
        i = labels.index(lab)
        q = a.say(["What {s} is printed on the bubble of {l}?", "What is the {s} of {l}?"], s=sm["name"], l=lab)
        a.number("bub.size", "recognition", q, data["size"][i], [f"The label under {lab} reads {num(data['size'][i], sm['dp'])}."],
                 unit=sm["unit"], dp=sm["dp"], args={"label": lab})
        ys = sorted(range(len(labels)), key=lambda j: -data["y"][j])
        if data["y"][ys[0]] - data["y"][ys[1]] > 2 * ry:
            q = a.say(["Which {k} sits highest on the {y} axis?", "Which {k} has the highest {y}?"], k=k, y=ym["name"])
            a.text("bub.max_y", "recognition", q, labels[ys[0]],
                   [f"{labels[ys[0]]} is highest at about {with_unit(data['y'][ys[0]], ym['unit'], ym['dp'])}, above {labels[ys[1]]}."])
        lab = a.rng.choice(labels)
        i = labels.index(lab)
        q = a.say(["What is the {x} of {l}?", "At what {x} is the bubble of {l} centred?"], x=xm["name"], l=lab)
        a.number("bub.x", "recognition", q, data["x"][i], [f"The centre of {lab}'s bubble is at about {num(data['x'][i], xm['dp'])} on the x-axis."],
                 unit=xm["unit"], dp=xm["dp"], abs_tol=rx, args={"label": lab})
        b, c = order[0], order[-1]
        if data["size"][c] > 0:
            ratio = data["size"][b] / data["size"][c]
            q = a.say(["How many times larger is the {s} of the biggest bubble than that of the smallest?",
                       "What is the ratio of the largest {s} to the smallest?"], s=sm["name"])
            a.number("bub.size_ratio", "reasoning", q, ratio,
                     [f"Largest: {labels[b]} with {num(data['size'][b], sm['dp'])}; smallest: {labels[c]} with {num(data['size'][c], sm['dp'])}.",
                      f"{num(data['size'][b], sm['dp'])} / {num(data['size'][c], sm['dp'])} = {num(ratio, 2)}."], dp=2, rel_tol=0.01)
        q = a.say(["What is the {y} of the {k} with the largest bubble?", "Find the {k} with the highest {s}: what is its {y}?"],
                  y=ym["name"], k=k, s=sm["name"])
        a.number("bub.y_of_largest", "reasoning", q, data["y"][b],
                 [f"The largest bubble is {labels[b]} ({num(data['size'][b], sm['dp'])}).", f"Its {ym['name']} is about {num(data['y'][b], ym['dp'])}."],
                 unit=ym["unit"], dp=ym["dp"], abs_tol=ry)
        x1, x2 = a.rng.sample(range(len(labels)), 2)
        hi, lo = (x1, x2) if data["y"][x1] > data["y"][x2] else (x2, x1)
        if data["y"][hi] - data["y"][lo] > 2 * ry:
            diff = data["y"][hi] - data["y"][lo]
            q = a.say(["How much higher is the {y} of {a} than that of {b}?", "By how much does {a} exceed {b} in {y}?"], y=ym["name"], a=labels[hi], b=labels[lo])
            a.number("bub.y_diff", "reasoning", q, diff,
                     [f"{labels[hi]} is at about {num(data['y'][hi], ym['dp'])} and {labels[lo]} at about {num(data['y'][lo], ym['dp'])}.",
                      f"The difference is {num(diff, ym['dp'])}."], unit=ym["unit"], dp=ym["dp"], abs_tol=2 * ry,
                     args={"a": labels[hi], "b": labels[lo]})
        if "z" in data:
            zm = spec["z_measure"]
            zs = sorted(range(len(labels)), key=lambda j: -data["z"][j])
            if data["z"][zs[0]] - data["z"][zs[1]] > 2 * self.tol(spec, "z"):
                q = a.say(["Which {k} is highest on the vertical {z} axis?", "Which {k} has the highest {z}?"], k=k, z=zm["name"])
                a.text("bub.max_z", "recognition", q, labels[zs[0]], [f"{labels[zs[0]]} reaches the top of the {zm['name']} axis."])
