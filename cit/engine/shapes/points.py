"""Unlabelled (x, y) observations in one or more groups: scatter plots and fitted lines.

spec["data"] = {"groups": {name: {"x": [...], "y": [...]}}, "fit": bool}; spec["x_measure"]
and spec["measure"] (y) describe the axes. vars: {"x": name, "y": name}, each a dict keyed
by group, or plain lists when there is one group.
"""

from __future__ import annotations

from typing import ClassVar

import cit.engine.colors as palette
import cit.engine.data as gen
from cit.engine.base import ChartType, Draw, measure_dict, measure_of
from cit.engine.code import assign, s
from cit.engine.qa import Asker, read_tol
import cit.engine.shapes.points_qa as points_qa
from cit.engine.shapes.common import new_spec, table
from cit.engine.text import cap, label_with_unit, var_name


class Points(ChartType):
    fit: ClassVar[bool] = False
    n_groups: ClassVar[tuple[int, int]] = (1, 3)
    n_points: ClassVar[tuple[int, int]] = (10, 16)
    marks = "points"
    evolvable = ("more-data", "visual-elements", "subplot")

    def make(self, d: Draw) -> dict:
        rng, dom = d.rng, d.domain
        pair = dom.pair
        n_groups = 1 if self.fit else rng.randint(*self.n_groups)
        use_groups = rng.random() < 0.5
        kind, pool = (dom.group, dom.groups) if use_groups else (dom.entity, dom.entities)
        names = gen.pick(rng, pool, n_groups)
        groups = {}
        for k, nm in enumerate(names):
            width = pair.x.hi - pair.x.lo
            lo = pair.x.lo + width * rng.uniform(0, 0.25)
            xs, ys = gen.points(rng, pair.x, pair.y, rng.randint(*self.n_points), pair.sign,
                                strength=rng.uniform(0.75, 0.95), x_range=(lo, pair.x.hi - width * rng.uniform(0, 0.2)))
            groups[nm] = {"x": xs, "y": ys}
        year = gen.period_year(rng, dom)
        title = f"{cap(pair.y.name)} vs {pair.x.name} ({year})"
        taken: set[str] = set()
        vars_ = {"x": var_name(pair.x.name, taken), "y": var_name(pair.y.name, taken)}
        about = f"{pair.y.label} against {pair.x.label} for {pair.obs}" + (f" in {len(names)} {kind[1]}" if n_groups > 1 else f" ({names[0]})")
        return new_spec(self, d, title=title, about=about, measure=pair.y, kind=kind, data={"groups": groups},
                        vars=vars_, colors=palette.pick(rng, self.library, n_groups), x_label=label_with_unit(pair.x.name, pair.x.unit),
                        y_label=label_with_unit(pair.y.name, pair.y.unit), x_measure=measure_dict(pair.x), obs=pair.obs, fit=self.fit)

    def grow(self, spec: dict, d: Draw) -> bool:
        groups = spec["data"]["groups"]
        if len(groups) >= 4 or self.fit and len(next(iter(groups.values()))["x"]) > 30:
            return False
        xm, ym = measure_of(spec["x_measure"]), measure_of(spec["measure"])
        if self.fit:  # more observations along the same line
            g = next(iter(groups.values()))
            xs, ys = gen.points(d.rng, xm, ym, 8, d.domain.pair.sign, strength=0.85)
            for x, y in zip(xs, ys):
                g["x"].append(x)
                g["y"].append(y)
            return True
        pool = d.domain.groups if spec["kind"][0] == d.domain.group[0] else d.domain.entities
        new = gen.pick(d.rng, pool, 1, avoid=list(groups))
        if not new:
            return False
        xs, ys = gen.points(d.rng, xm, ym, d.rng.randint(*self.n_points), d.domain.pair.sign, strength=0.85)
        groups[new[0]] = {"x": xs, "y": ys}
        spec["colors"] = palette.pick(d.rng, self.library, len(groups))
        return True

    def supported(self) -> tuple[str, ...]:
        return tuple(d for d in super().supported() if not (self.fit and d == "subplot"))  # one group: nothing to compare

    def tol_x(self, spec: dict) -> float:
        xs = [x for g in spec["data"]["groups"].values() for x in g["x"]]
        return read_tol(xs, False, from_zero=False, dp=spec["x_measure"]["dp"])

    def tol_y(self, spec: dict) -> float:
        ys = [y for g in spec["data"]["groups"].values() for y in g["y"]]
        return read_tol(ys, False, from_zero=False, dp=spec["measure"]["dp"])

    def tables(self, spec: dict) -> list:
        xm, ym = spec["x_measure"], spec["measure"]
        cols = [cap(spec["kind"][0]), cap(xm["name"]), cap(ym["name"])]
        rows = [[nm, x, y] for nm, g in spec["data"]["groups"].items() for x, y in zip(g["x"], g["y"])]
        return [table(cols, rows, {cols[1]: xm["unit"], cols[2]: ym["unit"]}, spec["title"])]

    def describe(self, spec: dict) -> list[str]:
        return points_qa.describe(self, spec)

    def ask(self, spec: dict, a: Asker) -> None:
        points_qa.ask(self, spec, a)

    def leaders(self, spec: dict):
        groups = spec["data"]["groups"]
        if len(groups) < 2:
            return None
        return list(groups), [sum(g["y"]) / len(g["y"]) for g in groups.values()], f"average {spec['measure']['name']}", self.tol_y(spec)

    def data_lines(self, spec: dict) -> list[str]:
        v, groups = spec["vars"], spec["data"]["groups"]
        if len(groups) == 1:
            g = next(iter(groups.values()))
            out = [assign(v["x"], g["x"]), assign(v["y"], g["y"])]
        else:
            out = [assign(v["x"], {nm: g["x"] for nm, g in groups.items()}), assign(v["y"], {nm: g["y"] for nm, g in groups.items()})]
        return out + [assign("colors", [c[0] for c in spec["colors"]])]

    def each_group(self, spec: dict, body: list[str]) -> list[str]:
        """`body` per group with $xs, $ys, $name, $color (a loop when there are several)."""
        from string import Template

        v, groups = spec["vars"], spec["data"]["groups"]
        if len(groups) == 1:
            sub = {"xs": v["x"], "ys": v["y"], "name": s(next(iter(groups))), "color": "colors[0]"}
            return [Template(b).safe_substitute(sub) for b in body]
        sub = {"xs": f"{v['x']}[name]", "ys": f"{v['y']}[name]", "name": "name", "color": "colors[i]"}
        return [f"for i, name in enumerate({v['x']}):"] + ["    " + Template(b).safe_substitute(sub) for b in body]

    # ---- visual elements ----------------------------------------------------------------
    def elements(self, spec: dict) -> list[str]:
        return [e for e in ("mean_lines", "annotate_max") if e not in spec["extras"]]

    def element_lines(self, spec: dict, ax: str) -> list[str]:
        ex, v, groups = spec["extras"], spec["vars"], spec["data"]["groups"]
        all_x = f"{v['x']}" if len(groups) == 1 else f"[x for values in {v['x']}.values() for x in values]"
        all_y = f"{v['y']}" if len(groups) == 1 else f"[y for values in {v['y']}.values() for y in values]"
        out: list[str] = []
        if ex.get("mean_lines") or ex.get("annotate_max"):
            out += [f"every_x = {all_x}", f"every_y = {all_y}"]
        if ex.get("mean_lines"):
            xdp, ydp = max(spec["x_measure"]["dp"], 1), max(spec["measure"]["dp"], 1)
            out += ["mean_x, mean_y = sum(every_x) / len(every_x), sum(every_y) / len(every_y)",
                    f"{ax}.axvline(mean_x, color=\"gray\", linestyle=\"--\", linewidth=1, label=f\"Mean x: {{mean_x:,.{xdp}f}}\")",
                    f"{ax}.axhline(mean_y, color=\"gray\", linestyle=\":\", linewidth=1, label=f\"Mean y: {{mean_y:,.{ydp}f}}\")",
                    f"{ax}.legend(fontsize=9)"]
        if ex.get("annotate_max"):
            xdp, ydp = spec["x_measure"]["dp"], spec["measure"]["dp"]
            out += ["top = every_y.index(max(every_y))",
                    f"{ax}.annotate(f\"Highest: ({{every_x[top]:,.{xdp}f}}, {{every_y[top]:,.{ydp}f}})\", xy=(every_x[top], every_y[top]),",
                    "            xytext=(20, -25), textcoords=\"offset points\", fontsize=9, arrowprops=dict(arrowstyle=\"->\"))"]
        return out
