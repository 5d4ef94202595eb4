"""Samples per group: box plots, violins and histograms.

spec["data"] = {"groups": {name: [observations]}} and, for histograms, "bins" (edges).
Statistics follow numpy/matplotlib: linear-interpolated percentiles for quartiles and
medians; histogram bins are half-open [a, b) except the last, which is closed.
"""

from __future__ import annotations

from typing import ClassVar

import cit.engine.colors as palette
import cit.engine.data as gen
from cit.engine.base import ChartType, Draw, measure_of
from cit.engine.code import assign, s
from cit.engine.qa import Asker, read_tol
import cit.engine.shapes.distribution_qa as distribution_qa
from cit.engine.shapes.common import new_spec, table
from cit.engine.shapes.numbers import hist_counts, nice_bins, percentile
from cit.engine.text import cap, label_with_unit, var_name


class Distribution(ChartType):
    histogram: ClassVar[bool] = False
    horizontal: ClassVar[bool] = False
    n_groups: ClassVar[tuple[int, int]] = (3, 5)
    n_obs: ClassVar[tuple[int, int]] = (25, 40)
    evolvable = ("more-data", "visual-elements", "subplot")

    def make(self, d: Draw) -> dict:
        rng, dom = d.rng, d.domain
        m = dom.samples
        use_groups = rng.random() < 0.5
        kind, pool = (dom.group, dom.groups) if use_groups else (dom.entity, dom.entities)
        names = gen.pick(rng, pool, 1 if self.histogram else rng.randint(*self.n_groups))
        width = m.hi - m.lo
        groups = {}
        for nm in names:
            center = rng.uniform(m.lo + 0.25 * width, m.hi - 0.25 * width)
            groups[nm] = gen.samples(rng, m, rng.randint(*self.n_obs) * (3 if self.histogram else 1), center, rng.uniform(0.07, 0.16) * width)
        data = {"groups": groups}
        year = gen.period_year(rng, dom)
        taken: set[str] = set()
        vars_ = {"groups": var_name(m.name, taken) if len(names) > 1 else {names[0]: var_name(m.name, taken)}}
        if self.histogram:
            data["bins"] = nice_bins(groups[names[0]])
            vars_["bins"] = var_name("bin_edges", taken)
            title = f"Distribution of {m.name} — {names[0]} ({year})"
            x_label, y_label = label_with_unit(m.name, m.unit), f"Number of {dom.sample_obs}"
        else:
            title = f"{cap(m.name)} by {kind[0]} ({year})"
            x_label, y_label = cap(kind[0]), label_with_unit(m.name, m.unit)
            if self.horizontal:
                x_label, y_label = y_label, x_label
        return new_spec(self, d, title=title, about=f"{m.label} of {dom.sample_obs} by {kind[0]}, {year}", measure=m, kind=kind,
                        data=data, vars=vars_, colors=palette.pick(rng, self.library, len(names)), x_label=x_label, y_label=y_label,
                        obs=dom.sample_obs)

    def grow(self, spec: dict, d: Draw) -> bool:
        m, groups = measure_of(spec["measure"]), spec["data"]["groups"]
        if self.histogram:
            g = next(iter(groups.values()))
            if len(g) > 200:
                return False
            center = percentile(g, 50)
            g += gen.samples(d.rng, m, 40, center, (m.hi - m.lo) * 0.12)
            spec["data"]["bins"] = nice_bins(g)
            return True
        pool = d.domain.groups if spec["kind"][0] == d.domain.group[0] else d.domain.entities
        new = gen.pick(d.rng, pool, 1, avoid=list(groups))
        if not new or len(groups) >= 7:
            return False
        groups[new[0]] = gen.samples(d.rng, m, d.rng.randint(*self.n_obs))
        if isinstance(spec["vars"]["groups"], dict):
            spec["vars"]["groups"] = next(iter(spec["vars"]["groups"].values()))
        spec["colors"] = palette.pick(d.rng, self.library, len(groups))
        return True

    def supported(self) -> tuple[str, ...]:
        return tuple(d for d in super().supported() if not (self.histogram and d == "subplot"))  # one group: nothing to compare

    def tol(self, spec: dict) -> float:
        allv = [v for g in spec["data"]["groups"].values() for v in g]
        return read_tol(allv, False, from_zero=False, dp=spec["measure"]["dp"])

    def tables(self, spec: dict) -> list:
        m = spec["measure"]
        out = []
        for nm, g in spec["data"]["groups"].items():
            out.append(table(["Observation", cap(m["name"])], [[i + 1, v] for i, v in enumerate(g)], {cap(m["name"]): m["unit"]}, nm))
        if self.histogram:
            edges = spec["data"]["bins"]
            counts = hist_counts(next(iter(spec["data"]["groups"].values())), edges)
            rows = [[edges[i], edges[i + 1], c] for i, c in enumerate(counts)]
            out.append(table(["Bin start", "Bin end", "Count"], rows, {"Bin start": m["unit"], "Bin end": m["unit"]}, "Histogram counts"))
        return out

    def describe(self, spec: dict) -> list[str]:
        return distribution_qa.describe(self, spec)

    def ask(self, spec: dict, a: Asker) -> None:
        distribution_qa.ask(self, spec, a)

    def leaders(self, spec: dict):
        groups = spec["data"]["groups"]
        if len(groups) < 2:
            return None
        return list(groups), [percentile(g, 50) for g in groups.values()], f"median {spec['measure']['name']}", self.tol(spec)

    def elements(self, spec: dict) -> list[str]:
        if self.histogram:
            return [] if "mean_line" in spec["extras"] else ["mean_line"]
        return [e for e in ("mean_markers", "reference_line") if e not in spec["extras"]]

    def add_element(self, spec: dict, name: str, d: Draw) -> None:
        if name == "reference_line":
            allv = sorted(v for g in spec["data"]["groups"].values() for v in g)
            dp = spec["measure"]["dp"]
            spec["extras"][name] = {"value": gen.rnd(percentile(allv, 50), max(dp, 0))}
        else:
            spec["extras"][name] = True

    def element_lines(self, spec: dict, ax: str) -> list[str]:
        ex, out = spec["extras"], []
        if "reference_line" in ex:
            line = "axvline" if self.horizontal else "axhline"
            out += [f"{ax}.{line}({ex['reference_line']['value']}, color=\"black\", linestyle=\"--\", linewidth=1.2,",
                    f"           label=\"Overall median: {ex['reference_line']['value']}\")", f"{ax}.legend(loc=\"upper right\")"]
        if ex.get("mean_line"):
            v = self.group_expr(spec)
            dp = max(spec["measure"]["dp"], 1)
            out += [f"mean_value = sum({v}) / len({v})",
                    f"{ax}.axvline(mean_value, color=\"black\", linestyle=\"--\", linewidth=1.5, label=f\"Mean: {{mean_value:,.{dp}f}}\")",
                    f"{ax}.legend()"]
        return out

    def group_expr(self, spec: dict) -> str:
        v = spec["vars"]["groups"]
        return next(iter(v.values())) if isinstance(v, dict) else f"list({v}.values())[0]"

    def data_lines(self, spec: dict) -> list[str]:
        v, data = spec["vars"], spec["data"]
        if isinstance(v["groups"], dict):
            out = [assign(var, data["groups"][nm]) for nm, var in v["groups"].items()]
        else:
            out = [assign(v["groups"], data["groups"])]
        if "bins" in data:
            out.append(assign(v["bins"], data["bins"]))
        return out + [assign("colors", [c[0] for c in spec["colors"]])]

    def groups_expr(self, spec: dict) -> tuple[str, str]:
        """(values expression, names expression) for drawing every group at once."""
        v = spec["vars"]["groups"]
        if isinstance(v, dict):
            (nm, var), = v.items()
            return f"[{var}]", f"[{s(nm)}]"
        return f"list({v}.values())", f"list({v}.keys())"
