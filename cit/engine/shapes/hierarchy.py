"""Parents split into children: nested rings, treemaps and sunbursts.

spec["data"] = {"parents": {parent: {child: value}}}. Shares of the grand total are what
these charts print, so questions ask about shares (and, with values shown, about values).
"""

from __future__ import annotations

import cit.engine.colors as palette
import cit.engine.data as gen
from cit.engine.base import ChartType, Draw, measure_of
from cit.engine.code import assign
from cit.engine.qa import Asker
from cit.engine.shapes.common import ask_title, new_spec, table
from cit.engine.text import cap, join, num, var_name, with_unit


def shares(spec: dict) -> tuple[dict[str, float], dict[str, float]]:
    """Percent of the grand total, rounded to one decimal as printed: per parent, per child."""
    parents = spec["data"]["parents"]
    total = sum(sum(ch.values()) for ch in parents.values())  # summed in the order the programs sum
    p = {pa: round(sum(ch.values()) / total * 100, 1) for pa, ch in parents.items()}
    c = {k: round(v / total * 100, 1) for ch in parents.values() for k, v in ch.items()}
    return p, c


class Hierarchy(ChartType):
    needs = frozenset({"tree"})
    axis_labels = False
    labeled = True
    evolvable = ("more-data", "subplot")

    def make(self, d: Draw) -> dict:
        rng, dom = d.rng, d.domain
        m = rng.choice(dom.additive_measures())
        names = list(dom.tree)
        parents = {}
        for pa in names:
            kids = list(dom.tree[pa])
            vals = gen.magnitudes(rng, m, len(kids), gap=0.05)
            parents[pa] = dict(zip(kids, vals))
        context = f"{rng.choice(dom.groups)} ({gen.period_year(rng, dom)})"
        title = f"{cap(m.name)} by category and subcategory — {context}"
        taken: set[str] = set()
        return new_spec(self, d, title=title, about=f"{m.label} split into {len(parents)} categories and their subcategories, {context}",
                        measure=m, kind=("category", "categories"), data={"parents": parents}, vars={"parents": var_name(m.name, taken)},
                        colors=palette.pick(rng, self.library, len(parents)))

    def grow(self, spec: dict, d: Draw) -> bool:
        parents = spec["data"]["parents"]
        m = measure_of(spec["measure"])
        for pa, ch in parents.items():
            if len(ch) < 4:
                name = f"Other {pa.lower()}"
                if name not in ch:
                    ch[name] = gen.rnd(d.rng.uniform(m.lo, m.hi) * 0.6, m.dp) or gen.step(m.dp)
                    return True
        return False

    def tables(self, spec: dict) -> list:
        m = spec["measure"]
        rows = [[pa, c, v] for pa, ch in spec["data"]["parents"].items() for c, v in ch.items()]
        return [table(["Category", "Subcategory", cap(m["name"])], rows, {cap(m["name"]): m["unit"]}, spec["title"])]

    def describe(self, spec: dict) -> list[str]:
        p, c = shares(spec)
        parents = spec["data"]["parents"]
        top = max(p, key=p.get)
        out = [f"The inner level has {len(parents)} categories ({join(list(parents))}); {top} is the largest at {p[top]}% of the total."]
        m = spec["measure"]
        for pa, ch in parents.items():
            if self.labeled_values:
                out.append(f"{pa} ({with_unit(sum(ch.values()), m['unit'], m['dp'])}, {p[pa]}%) splits into "
                           + ", ".join(f"{k} {with_unit(v, m['unit'], m['dp'])}" for k, v in ch.items()) + ".")
            else:
                out.append(f"{pa} ({p[pa]}%) splits into " + ", ".join(f"{k} {c[k]}%" for k in ch) + ".")
        return out

    def leaders(self, spec: dict):
        p, _ = shares(spec)
        return list(p), list(p.values()), "share of the total", 0.0

    def data_lines(self, spec: dict) -> list[str]:
        return [assign(spec["vars"]["parents"], spec["data"]["parents"]), assign("colors", [c[0] for c in spec["colors"]])]

    def ask(self, spec: dict, a: Asker) -> None:
        parents = spec["data"]["parents"]
        p, c = shares(spec)
        names = list(parents)
        ask_title(spec, a)
        a.count("hier.count_parents", "recognition", a.say(["How many top-level categories does the chart show?", "How many categories make up the inner level?"]),
                len(names), [f"The inner level shows {join(names)}.", f"That is {len(names)}."])
        pa = a.rng.choice(names)
        q = a.say(["What share of the total does {p} account for?", "What percentage is printed for the category {p}?"], p=pa)
        a.number("hier.parent_share", "recognition", q, p[pa], [f"{pa} is labelled {p[pa]}%."], unit="%", dp=1, args={"parent": pa})
        pa = a.rng.choice(names)
        q = a.say(["How many subcategories does {p} have?", "Into how many parts is {p} split?"], p=pa)
        a.count("hier.count_children", "recognition", q, len(parents[pa]), [f"{pa} splits into {join(list(parents[pa]))}."], args={"parent": pa})
        order = sorted(names, key=lambda n: -p[n])
        if p[order[0]] > p[order[1]]:
            q = a.say(["Which category holds the largest share of the total?", "Which top-level category is biggest?"])
            a.text("hier.max_parent", "recognition", q, order[0], [", ".join(f"{n} {p[n]}%" for n in order) + ".", f"{order[0]} is largest."])
        kids = sorted(c, key=lambda k: -c[k])
        if c[kids[0]] > c[kids[1]]:
            q = a.say(["Which single subcategory has the largest share of the total?", "Across all categories, which subcategory is the biggest?"])
            a.text("hier.max_child", "reasoning", q, kids[0], [f"The largest subcategory share is {kids[0]} at {c[kids[0]]}%, ahead of {kids[1]} at {c[kids[1]]}%."])
        pa = a.rng.choice(names)
        ch = list(parents[pa])
        if len(ch) >= 2:
            k = a.rng.choice(ch)
            within = parents[pa][k] / sum(parents[pa].values()) * 100
            q = a.say(["What percentage of {p} comes from {c}?", "Within {p}, what share does {c} make up?"], p=pa, c=k)
            a.number("hier.child_within", "reasoning", q, within,
                     [f"{k} is {c[k]}% of the total and {pa} is {p[pa]}%.", f"{c[k]} / {p[pa]} x 100 = {num(within, 1)}%."],
                     unit="%", dp=1, abs_tol=0.5, rel_tol=0.01, args={"parent": pa, "child": k})
        x, y = a.rng.sample(names, 2)
        diff = p[x] - p[y]
        q = a.say(["By how many percentage points does {a} exceed {b} (negative if it is smaller)?", "What is the share of {a} minus the share of {b}?"], a=x, b=y)
        a.number("hier.parent_diff", "reasoning", q, diff, [f"{x}: {p[x]}%; {y}: {p[y]}%.", f"{p[x]} - {p[y]} = {num(diff, 1)}."],
                 unit="%", dp=1, abs_tol=0.1, args={"a": x, "b": y})
        total = sum(v for ch in parents.values() for v in ch.values())
        if self.labeled_values:
            q = a.say(["What is the total {m} across all categories?", "Adding every subcategory, what is the overall {m}?"], m=spec["measure"]["name"])
            a.number("hier.total", "reasoning", q, total, [f"The subcategory values add up to {num(total, spec['measure']['dp'])}."],
                     unit=spec["measure"]["unit"], dp=max(spec["measure"]["dp"], 1))

    labeled_values = False  # True when the chart prints values, not only shares
