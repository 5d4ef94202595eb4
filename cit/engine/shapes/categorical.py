"""One value per category: bars, pies, funnels, roses, treemaps.

spec["data"] = {"labels": [...], "values": [...]}; spec["vars"] names the label and value
variables (and "colors" when each category has its own colour). With spec["share"], the
chart shows percentages of the total and questions ask about those.
"""

from __future__ import annotations

from typing import ClassVar

import cit.engine.colors as palette
import cit.engine.data as gen
from cit.engine.base import ChartType, Draw, measure_of
from cit.engine.code import assign, s
from cit.engine.qa import Asker, read_tol
import cit.engine.shapes.categorical_qa as categorical_qa
from cit.engine.shapes.common import fmt, new_spec, table
from cit.engine.text import cap, join, label_with_unit, var_name


class Categorical(ChartType):
    additive_only: ClassVar[bool] = False  # needs a measure that sums (pies, treemaps)
    share: ClassVar[bool] = False  # the chart shows percentages of the total
    per_item_colors: ClassVar[bool] = False
    horizontal: ClassVar[bool] = False
    cartesian: ClassVar[bool] = True  # bars on x/y axes (elements and overlays apply)
    sort_desc: ClassVar[bool] = False  # funnels: widest first
    n_range: ClassVar[tuple[int, int]] = (4, 7)
    max_items: ClassVar[int] = 10

    # ---- data -------------------------------------------------------------------------
    def make(self, d: Draw) -> dict:
        rng, dom = d.rng, d.domain
        pool_m = dom.additive_measures() if (self.additive_only or self.share) else list(dom.measures)
        m = rng.choice(pool_m)
        use_groups = rng.random() < 0.4
        kind, pool, ctx = (dom.group, dom.groups, dom.entities) if use_groups else (dom.entity, dom.entities, dom.groups)
        labels = gen.pick(rng, pool, rng.randint(*self.n_range))
        values = gen.magnitudes(rng, m, len(labels), gap=0.04)
        if self.sort_desc:
            values.sort(reverse=True)
        context = f"{rng.choice(ctx)} ({gen.period_year(rng, dom)})"
        what = f"Share of {m.name}" if self.share else cap(m.name)
        title = f"{what} by {kind[0]} — {context}"
        taken: set[str] = set()
        vars_ = {"labels": var_name(kind[1], taken), "values": var_name(m.name, taken)}
        n_colors = len(labels) if self.per_item_colors else 1
        if self.per_item_colors:
            vars_["colors"] = "colors"
        cat_label, val_label = cap(kind[0]), label_with_unit(m.name, m.unit)
        x_label, y_label = (val_label, cat_label) if self.horizontal else (cat_label, val_label)
        return new_spec(self, d, title=title, about=f"{m.label} by {kind[0]}, {context}", measure=m, kind=kind,
                        data={"labels": labels, "values": values}, vars=vars_, colors=palette.pick(rng, self.library, n_colors),
                        x_label=x_label, y_label=y_label, share=self.share)

    def grow(self, spec: dict, d: Draw) -> bool:
        data, dom = spec["data"], d.domain
        pool = dom.groups if spec["kind"][0] == dom.group[0] else dom.entities
        room = self.max_items - len(data["labels"])
        new = gen.pick(d.rng, pool, min(room, d.rng.randint(2, 3)), avoid=data["labels"])
        if not new:
            return False
        m = measure_of(spec["measure"])
        lo, hi = min(data["values"]), max(data["values"])
        for label in new:
            for _ in range(50):
                v = gen.rnd(d.rng.uniform(lo * 0.85, hi * 1.1), m.dp)
                if v > 0 and all(abs(v - w) >= 0.04 * hi for w in data["values"]):
                    break
            data["labels"].append(label)
            data["values"].append(v)
        if self.sort_desc:
            pairs = sorted(zip(data["values"], data["labels"]), reverse=True)
            data["values"], data["labels"] = [p[0] for p in pairs], [p[1] for p in pairs]
        if self.per_item_colors:
            spec["colors"] = palette.pick(d.rng, self.library, len(data["labels"]))
        return True

    def supported(self) -> tuple[str, ...]:
        out = super().supported()
        if not self.cartesian or self.horizontal or self.share:
            out = tuple(d for d in out if d != "overlay")
        if not self.cartesian and type(self).elements is Categorical.elements:
            out = tuple(d for d in out if d != "visual-elements")
        return out

    def values(self, spec: dict) -> list[float]:
        """What the chart shows per category: values, or percentages of the total."""
        v = spec["data"]["values"]
        if not spec.get("share"):
            return v
        total = sum(v)
        return [round(x / total * 100, 1) for x in v]

    def tol(self, spec: dict) -> float:
        return 0.0 if spec.get("share") else read_tol(spec["data"]["values"], spec["labeled"], dp=spec["measure"]["dp"])

    def tables(self, spec: dict) -> list:
        m = spec["measure"]
        cols = [cap(spec["kind"][0]), cap(m["name"])]
        rows = [[lab, v] for lab, v in zip(spec["data"]["labels"], spec["data"]["values"])]
        if spec.get("share"):
            cols.append("Share (%)")
            rows = [r + [sh] for r, sh in zip(rows, self.values(spec))]
        return [table(cols, rows, {cols[1]: m["unit"], **({"Share (%)": "%"} if spec.get("share") else {})}, spec["title"])]

    def describe(self, spec: dict) -> list[str]:
        labels, vals = spec["data"]["labels"], self.values(spec)
        ks = spec["kind"][1]
        order = sorted(zip(vals, labels), reverse=True)
        show = (lambda v: f"{v:.1f}%") if spec.get("share") else (lambda v: fmt(spec, v))
        out = [f"It compares {spec['measure']['name']} across {len(labels)} {ks}: {join(labels)}."]
        out.append(f"{order[0][1]} is the largest at {show(order[0][0])} and {order[-1][1]} the smallest at {show(order[-1][0])}.")
        mid = ", ".join(f"{lab} {show(v)}" for v, lab in order[1:-1])
        if mid:
            out.append(f"In between: {mid}.")
        return out

    def ask(self, spec: dict, a: Asker) -> None:
        categorical_qa.ask(self, spec, a)

    def leaders(self, spec: dict):
        return spec["data"]["labels"], self.values(spec), spec["measure"]["name"], self.tol(spec)

    def data_lines(self, spec: dict) -> list[str]:
        v = spec["vars"]
        out = [assign(v["labels"], spec["data"]["labels"]), assign(v["values"], spec["data"]["values"])]
        if "colors" in v:
            out.append(assign(v["colors"], [c[0] for c in spec["colors"]]))
        return out

    def color_arg(self, spec: dict) -> str:
        return spec["vars"]["colors"] if "colors" in spec["vars"] else s(spec["colors"][0][0])

    # ---- evolution: visual elements and overlays (cartesian bars only) -------------------
    def elements(self, spec: dict) -> list[str]:
        if not self.cartesian:
            return []
        have = spec["extras"]
        out = [e for e in ("mean_line", "highlight_max") if e not in have]
        if not spec["labeled"] and "value_labels" not in have:
            out.append("value_labels")
        return out

    def add_element(self, spec: dict, name: str, d: Draw) -> None:
        spec["extras"][name] = True
        if name == "value_labels":
            spec["labeled"] = True

    def element_lines(self, spec: dict, ax: str) -> list[str]:
        ex, v, dp = spec["extras"], spec["vars"], max(spec["measure"]["dp"], 1)
        labels, values = v["labels"], v["values"]
        out: list[str] = []
        if ex.get("value_labels"):
            out.append(f"{ax}.bar_label(bars, fmt=\"{{:,.{spec['measure']['dp']}f}}\", padding=3)")
        if ex.get("mean_line"):
            line = "axvline" if self.horizontal else "axhline"
            out += [f"average = sum({values}) / len({values})",
                    f"{ax}.{line}(average, color=\"black\", linestyle=\"--\", linewidth=1.3, label=f\"Average: {{average:,.{dp}f}}\")",
                    f"{ax}.legend(loc=\"upper right\")"]
        if ex.get("highlight_max"):
            out.append(f"top = {values}.index(max({values}))")
            if self.horizontal:
                out += [f"{ax}.set_xlim(right=max({values}) * 1.3)",
                        # Offset in points, past the bar's own value label.
                        f"{ax}.annotate(f\"Highest: {{{labels}[top]}}\", xy=({values}[top], top), xytext=(48, 0),",
                        "            textcoords=\"offset points\", va=\"center\", arrowprops=dict(arrowstyle=\"->\", color=\"black\"))"]
            else:
                out += [f"{ax}.set_ylim(top=max({values}) * 1.3)",
                        f"{ax}.annotate(f\"Highest: {{{labels}[top]}}\", xy=(top, {values}[top]), xytext=(0, 30),",
                        "            textcoords=\"offset points\", ha=\"center\", arrowprops=dict(arrowstyle=\"->\", color=\"black\"))"]
        return out

    def x_series(self, spec: dict):
        if not self.cartesian or self.horizontal or spec.get("share"):
            return None
        return spec["data"]["values"], spec["measure"]["name"], "values", self.tol(spec)

    def overlay_x(self, spec: dict):
        if not self.cartesian or self.horizontal:
            return None
        return spec["vars"]["labels"], spec["data"]["labels"]
