"""Several series over a shared x: lines, areas, grouped/stacked bars, 3D bars, radars.

spec["data"] = {"x": [...], "series": {name: [values]}} (and "errors" for error bars);
spec["x_noun"] says what one x is ("year", "month", "quarter", or a category noun).
vars: {"x": name, "series": dict-variable name} or, for one series, {"series": {name: var}}.
With spec["percent"], each x's values are shown as percentages of that x's total.
"""

from __future__ import annotations

from typing import ClassVar

import cit.engine.colors as palette
import cit.engine.data as gen
from cit.engine.base import ChartType, Draw, measure_of
from cit.engine.code import assign, s
from cit.engine.overlay import TIME_NOUNS
from cit.engine.qa import Asker, read_tol
import cit.engine.shapes.series_qa as series_qa
from cit.engine.shapes.common import new_spec, table
from cit.engine.text import cap, label_with_unit, var_name
from cit.engine.topics import Measure

SCORE = Measure("score", "points", 25, 95, 0, additive=False)


class Series(ChartType):
    stacked: ClassVar[bool] = False
    percent: ClassVar[bool] = False
    radar: ClassVar[bool] = False  # x are rating criteria, values are scores
    time_share: ClassVar[float] = 1.0  # chance that x is a time axis (else categories)
    n_series: ClassVar[tuple[int, int]] = (2, 4)
    n_x: ClassVar[tuple[int, int]] = (5, 9)
    max_series: ClassVar[int] = 6
    read_factor: ClassVar[float] = 1.0  # 3D charts are harder to read
    error_bars: ClassVar[bool] = False
    marks = "lines"

    # ---- data -------------------------------------------------------------------------
    def make(self, d: Draw) -> dict:
        rng, dom = d.rng, d.domain
        taken: set[str] = set()
        n_series = rng.randint(*self.n_series)
        if self.radar:
            m, kind = SCORE, dom.entity
            xs, x_noun = gen.pick(rng, dom.criteria, rng.randint(5, 6)), "criterion"
            names = gen.pick(rng, dom.entities, n_series)
            context = f"{rng.choice(dom.groups)} ({gen.period_year(rng, dom)})"
            title = f"{cap(kind[0])} ratings — {context}"
            about = f"scores out of 100 on {len(xs)} criteria for several {kind[1]}, {context}"
            series = {nm: gen.spread_values(rng, 30, 95, len(xs), 0, gap=0.02) for nm in names}
            x_var = var_name("criteria", taken)
        else:
            additive = self.stacked or self.percent
            m = rng.choice(dom.additive_measures() if additive else list(dom.measures))
            use_groups = rng.random() < 0.35
            kind, pool, ctx_pool = (dom.group, dom.groups, dom.entities) if use_groups else (dom.entity, dom.entities, dom.groups)
            names = gen.pick(rng, pool, n_series)
            context = rng.choice(ctx_pool)
            if rng.random() < self.time_share:
                xs, x_noun = gen.periods(rng, dom, rng.randint(*self.n_x))
                x_var = var_name({"year": "years", "month": "months", "quarter": "quarters"}[x_noun], taken)
                series = {nm: gen.trend(rng, m, len(xs), seasonal=x_noun == "month") for nm in names}
                period = f"{xs[0]}–{xs[-1]}" + (f" {gen.period_year(rng, dom)}" if x_noun == "month" else "")
            else:  # categories on x, e.g. countries, one bar group each
                other = dom.entities if use_groups else dom.groups
                xs, x_noun = gen.pick(rng, other, rng.randint(4, 6)), (dom.entity if use_groups else dom.group)[0]
                x_var = var_name((dom.entity if use_groups else dom.group)[1], taken)
                series = {nm: gen.magnitudes(rng, m, len(xs), gap=0.0) for nm in names}
                period = str(gen.period_year(rng, dom))
                context = f"{len(names)} {kind[1]}"
            what = f"Share of {m.name}" if self.percent else cap(m.name)
            who = kind[1] if len(names) > 1 else names[0]
            if x_noun in TIME_NOUNS:
                title = f"{what} by {kind[0]} — {context}, {period}"
                about = f"{m.label} of {who} ({context}) per {x_noun}, {period}"
            else:
                title = f"{what} by {x_noun} and {kind[0]}, {period}"
                about = f"{m.label} of {who} across {len(xs)} {x_noun}s, {period}"
        values_var = var_name(m.name if not self.radar else "scores", taken)
        vars_ = {"x": x_var, "series": values_var if len(names) > 1 else {names[0]: var_name(names[0], taken)}}
        spec = new_spec(self, d, title=title, about=about, measure=m, kind=kind, data={"x": xs, "series": series}, vars=vars_,
                        colors=palette.pick(rng, self.library, len(names)), x_label=cap(x_noun),
                        y_label=f"Share of {m.name} (%)" if self.percent else label_with_unit(m.name, m.unit),
                        x_noun=x_noun, percent=self.percent)
        if self.error_bars:
            self._add_errors(spec, d)
        return spec

    def _add_errors(self, spec: dict, d: Draw) -> None:
        dp = spec["measure"]["dp"]
        errs = {nm: [gen.rnd(max(abs(v) * d.rng.uniform(0.04, 0.12), gen.step(dp)), dp) for v in vals]
                for nm, vals in spec["data"]["series"].items()}
        spec["data"]["errors"] = errs
        spec["vars"]["errors"] = var_name("errors", set())

    def grow(self, spec: dict, d: Draw) -> bool:
        data, dom = spec["data"], d.domain
        series = data["series"]
        if len(series) >= self.max_series or self.radar and len(series) >= 5:
            return False
        pool = dom.groups if spec["kind"][0] == dom.group[0] else dom.entities
        new = gen.pick(d.rng, pool, 1 if len(series) > 2 else 2, avoid=list(series))
        if not new:
            return False
        m = measure_of(spec["measure"])
        for nm in new:
            if self.radar:
                series[nm] = gen.spread_values(d.rng, 30, 95, len(data["x"]), 0, gap=0.02)
            elif spec["x_noun"] in TIME_NOUNS:
                series[nm] = gen.trend(d.rng, m, len(data["x"]), seasonal=spec["x_noun"] == "month")
            else:
                series[nm] = gen.magnitudes(d.rng, m, len(data["x"]), gap=0.0)
            if "errors" in data:
                data["errors"][nm] = [gen.rnd(max(abs(v) * 0.08, gen.step(m.dp)), m.dp) for v in series[nm]]
        if isinstance(spec["vars"]["series"], dict):  # one series becomes several: a dict variable
            spec["vars"]["series"] = var_name(m.name if not self.radar else "scores", set(spec["vars"]["series"].values()) | {spec["vars"]["x"]})
        spec["colors"] = palette.pick(d.rng, self.library, len(series))
        return True

    def supported(self) -> tuple[str, ...]:
        out = super().supported()
        if self.radar or self.projection or self.percent:
            out = tuple(d for d in out if d not in ("overlay", "visual-elements"))
        return out

    # ---- reading ----------------------------------------------------------------------
    def shown(self, spec: dict) -> dict[str, list[float]]:
        """Per series, what the chart shows: values, or percentages of each x's total."""
        series = spec["data"]["series"]
        if not spec.get("percent"):
            return series
        totals = [sum(col) for col in zip(*series.values())]
        return {nm: [round(v / t * 100, 1) for v, t in zip(vals, totals)] for nm, vals in series.items()}

    def tol(self, spec: dict) -> float:
        if spec.get("percent"):
            base = read_tol([100.0], spec["labeled"], dp=1)
        elif self.stacked:
            base = read_tol([sum(c) for c in zip(*spec["data"]["series"].values())], spec["labeled"], dp=spec["measure"]["dp"])
        else:
            allv = [v for vals in spec["data"]["series"].values() for v in vals]
            base = read_tol(allv, spec["labeled"], from_zero=self.marks == "bars" or self.radar, dp=spec["measure"]["dp"])
        return round(base * self.read_factor, 6)

    def segment_tol(self, spec: dict) -> float:
        """Reading one stacked segment takes two readings (its top and its bottom)."""
        return self.tol(spec) * (2 if self.stacked or spec.get("percent") else 1)

    def tables(self, spec: dict) -> list:
        names = list(spec["data"]["series"])
        cols = [cap(spec["x_noun"])] + names
        rows = [[x] + [spec["data"]["series"][nm][i] for nm in names] for i, x in enumerate(spec["data"]["x"])]
        out = [table(cols, rows, {nm: spec["measure"]["unit"] for nm in names}, spec["title"])]
        if "errors" in spec["data"]:
            erows = [[x] + [spec["data"]["errors"][nm][i] for nm in names] for i, x in enumerate(spec["data"]["x"])]
            out.append(table(cols, erows, {nm: spec["measure"]["unit"] for nm in names}, "Error bar half-widths (±)"))
        return out

    def describe(self, spec: dict) -> list[str]:
        return series_qa.describe(self, spec)

    def ask(self, spec: dict, a: Asker) -> None:
        series_qa.ask(self, spec, a)

    def leaders(self, spec: dict):
        shown = self.shown(spec)
        names = list(shown)
        if len(names) < 2:
            return None
        means = [sum(v) / len(v) for v in shown.values()]
        return names, means, f"average {spec['measure']['name']}", self.segment_tol(spec)

    def x_series(self, spec: dict):
        if self.radar or spec.get("percent"):
            return None
        series = spec["data"]["series"]
        if self.stacked:
            return [sum(c) for c in zip(*series.values())], f"total {spec['measure']['name']}", "total", self.tol(spec)
        name = next(iter(series))
        return series[name], f"{spec['measure']['name']} of {name}", name, self.tol(spec)

    def overlay_x(self, spec: dict):
        if self.radar or self.projection:
            return None
        return spec["vars"]["x"], spec["data"]["x"]

    # ---- code -------------------------------------------------------------------------
    def data_lines(self, spec: dict) -> list[str]:
        v, data = spec["vars"], spec["data"]
        out = [assign(v["x"], data["x"])]
        if isinstance(v["series"], dict):
            out += [assign(var, data["series"][nm]) for nm, var in v["series"].items()]
        else:
            out.append(assign(v["series"], data["series"]))
        if "errors" in data:
            errs = data["errors"] if not isinstance(v["series"], dict) else next(iter(data["errors"].values()))
            out.append(assign(v["errors"], errs))
        out.append(assign("colors", [c[0] for c in spec["colors"]]))
        return out

    def x_ticks(self, spec: dict, ax: str) -> list[str]:
        x = spec["data"]["x"]
        return [f"{ax}.set_xticks({spec['vars']['x']})"] if isinstance(x[0], int) else []

    # ---- visual elements ----------------------------------------------------------------
    def elements(self, spec: dict) -> list[str]:
        if self.radar or self.projection or spec.get("percent"):
            return []
        have = spec["extras"]
        out = [e for e in ("reference_line", "annotate_peak") if e not in have and not (self.stacked and e == "annotate_peak")]
        if self.marks == "lines" and not self.stacked and "errors" not in spec["data"]:
            out.append("error_bars")
        return out

    def add_element(self, spec: dict, name: str, d: Draw) -> None:
        if name == "error_bars":
            self._add_errors(spec, d)
            spec["extras"][name] = True
            return
        if name == "reference_line":
            vals = sorted(v for vals in spec["data"]["series"].values() for v in vals)
            if self.stacked:
                vals = sorted(sum(c) for c in zip(*spec["data"]["series"].values()))
            target = vals[len(vals) // 2]
            mag = 10 ** max(0, len(str(int(abs(target)))) - 2)
            spec["extras"][name] = {"value": round(target / mag) * mag or target, "label": d.rng.choice(["Target", "Benchmark", "Threshold"])}
            return
        spec["extras"][name] = {"series": next(iter(spec["data"]["series"]))}

    def element_lines(self, spec: dict, ax: str) -> list[str]:
        ex, out = spec["extras"], []
        if "reference_line" in ex:
            ref = ex["reference_line"]
            out.append(f"{ax}.axhline({ref['value']}, color=\"black\", linestyle=\"--\", linewidth=1.2, label={s(ref['label'] + ': ' + str(ref['value']))})")
            out.append(f"{ax}.legend(fontsize=9)")
        if "annotate_peak" in ex:
            nm = ex["annotate_peak"]["series"]
            dp = spec["measure"]["dp"]
            out += [f"peak_values = {self.series_expr(spec, nm)}",
                    "peak = peak_values.index(max(peak_values))",
                    f"{ax}.annotate(f\"Peak of {nm}: {{peak_values[peak]:,.{dp}f}}\", xy=({self.x_at(spec, 'peak')}, peak_values[peak]),",
                    "            xytext=(0, 28), textcoords=\"offset points\", ha=\"center\", fontsize=9,",
                    "            arrowprops=dict(arrowstyle=\"->\", color=\"black\"))",
                    f"{ax}.margins(y=0.18)"]
        return out

    def series_expr(self, spec: dict, name: str) -> str:
        v = spec["vars"]["series"]
        return v[name] if isinstance(v, dict) else f"{v}[{s(name)}]"

    def x_at(self, spec: dict, index: str) -> str:
        return f"{spec['vars']['x']}[{index}]"

    def each(self, spec: dict, body: list[str]) -> list[str]:
        """`body` once per series: a loop over the series dict, or the single series
        written out. Placeholders: $name, $values, $color, $i, $errors."""
        from string import Template

        v = spec["vars"]["series"]
        if isinstance(v, dict):
            (name, var), = v.items()
            sub = {"name": s(name), "values": var, "color": s(spec["colors"][0][0]), "i": "0", "errors": spec["vars"].get("errors", "")}
            return [Template(b).safe_substitute(sub) for b in body]
        sub = {"name": "name", "values": "values", "color": "colors[i]", "i": "i", "errors": f"{spec['vars'].get('errors', '')}[name]"}
        return [f"for i, (name, values) in enumerate({v}.items()):"] + ["    " + Template(b).safe_substitute(sub) for b in body]

    def legend(self, spec: dict, ax: str, extra: str = "") -> str:
        return f"{ax}.legend(title={s(cap(spec['kind'][0]))}{extra})"
