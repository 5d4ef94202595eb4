"""A grid of values: rows by columns, every cell annotated (heatmaps).

spec["data"] = {"rows": [...], "cols": [...], "values": [[...], ...]} (one list per row);
spec["row_noun"] / spec["col_noun"] say what rows and columns are.
"""

from __future__ import annotations

import cit.engine.data as gen
from cit.engine.base import ChartType, Draw, measure_of
from cit.engine.code import assign
from cit.engine.colors import SEQUENTIAL
from cit.engine.qa import Asker
from cit.engine.shapes.common import ask_axis, ask_title, new_spec, table
from cit.engine.text import cap, num, var_name, with_unit

DARK_HIGH = [c for c in SEQUENTIAL if c not in ("viridis", "magma")]  # white text on the dark end


class Matrix(ChartType):
    labeled = True
    cell_origin = -0.5  # where cell (0, 0) starts: imshow centres cells on integers, seaborn does not
    evolvable = ("more-data", "visual-elements", "subplot")

    def make(self, d: Draw) -> dict:
        rng, dom = d.rng, d.domain
        m = rng.choice(list(dom.measures))
        rows = gen.pick(rng, dom.groups, rng.randint(4, 6))
        if rng.random() < 0.5 and dom.time == "month":
            cols, col_noun = gen.periods(rng, dom, rng.randint(6, 9))
        else:
            cols, col_noun = gen.pick(rng, dom.entities, rng.randint(4, 6)), dom.entity[0]
        values = [gen.magnitudes(rng, m, len(cols), gap=0.0) for _ in rows]
        year = gen.period_year(rng, dom)
        taken: set[str] = set()
        title = f"{cap(m.name)} by {dom.group[0]} and {col_noun} ({year})"
        return new_spec(self, d, title=title, about=f"{m.label} by {dom.group[0]} and {col_noun}, {year}",
                        measure=m, kind=dom.group, data={"rows": rows, "cols": cols, "values": values},
                        vars={"rows": var_name(dom.group[1], taken), "cols": var_name(f"{col_noun}s", taken), "values": var_name(m.name, taken)},
                        colors=[[rng.choice(DARK_HIGH), "colour map"]], x_label=cap(col_noun), y_label=cap(dom.group[0]),
                        row_noun=dom.group[0], col_noun=col_noun)

    def grow(self, spec: dict, d: Draw) -> bool:
        data = spec["data"]
        new = gen.pick(d.rng, d.domain.groups, 1, avoid=data["rows"])
        if not new or len(data["rows"]) >= 8:
            return False
        data["rows"].append(new[0])
        data["values"].append(gen.magnitudes(d.rng, measure_of(spec["measure"]), len(data["cols"]), gap=0.0))
        return True

    def cells(self, spec: dict) -> list[tuple[float, str, str]]:
        data = spec["data"]
        return [(v, r, c) for r, row in zip(data["rows"], data["values"]) for c, v in zip(data["cols"], row)]

    def tables(self, spec: dict) -> list:
        data, m = spec["data"], spec["measure"]
        cols = [cap(spec["row_noun"])] + [str(c) for c in data["cols"]]
        return [table(cols, [[r] + row for r, row in zip(data["rows"], data["values"])], {c: m["unit"] for c in cols[1:]}, spec["title"])]

    def describe(self, spec: dict) -> list[str]:
        cells = sorted(self.cells(spec))
        (lo, lr, lc), (hi, hr, hc) = cells[0], cells[-1]
        out = [f"Rows are {spec['row_noun']}s ({', '.join(spec['data']['rows'])}) and columns are {spec['col_noun']}s; every cell prints its value.",
               f"The highest value is {hr} / {hc} at {with_unit(hi, spec['measure']['unit'], spec['measure']['dp'])}; "
               f"the lowest is {lr} / {lc} at {with_unit(lo, spec['measure']['unit'], spec['measure']['dp'])}."]
        if spec["extras"].get("highlight_max"):
            out.append("A box outlines the highest cell.")
        return out

    def leaders(self, spec: dict):
        data = spec["data"]
        return data["rows"], [sum(r) / len(r) for r in data["values"]], f"average {spec['measure']['name']}", 0.0

    def elements(self, spec: dict) -> list[str]:
        return [] if "highlight_max" in spec["extras"] else ["highlight_max"]

    def data_lines(self, spec: dict) -> list[str]:
        v, data = spec["vars"], spec["data"]
        return [assign(v["rows"], data["rows"]), assign(v["cols"], data["cols"]), assign(v["values"], data["values"])]

    def element_lines(self, spec: dict, ax: str) -> list[str]:
        if not spec["extras"].get("highlight_max"):
            return []
        v = spec["vars"]["values"]
        off = f" - {-self.cell_origin}" if self.cell_origin else ""
        return [f"best = max((value, i, j) for i, row in enumerate({v}) for j, value in enumerate(row))",
                f"{ax}.add_patch(plt.Rectangle((best[2]{off}, best[1]{off}), 1, 1, fill=False, edgecolor=\"red\", linewidth=3))"]

    def ask(self, spec: dict, a: Asker) -> None:
        data, m = spec["data"], spec["measure"]
        rows, cols, vals = data["rows"], data["cols"], data["values"]
        dp, unit = m["dp"], m["unit"]
        rn, cn = spec["row_noun"], spec["col_noun"]
        show = lambda v: with_unit(v, unit, dp)  # noqa: E731
        ask_title(spec, a)
        ask_axis(spec, a)
        i, j = a.rng.randrange(len(rows)), a.rng.randrange(len(cols))
        q = a.say(["What value does the cell for {r} and {c} show?", "What is the {m} of {r} for {c}?"], r=rows[i], c=cols[j], m=m["name"])
        a.number("mat.value", "recognition", q, vals[i][j], [f"The cell in row {rows[i]}, column {cols[j]} reads {show(vals[i][j])}."],
                 unit=unit, dp=dp, args={"row": rows[i], "col": cols[j]})
        i = a.rng.randrange(len(rows))
        row = vals[i]
        if sorted(row)[-1] > sorted(row)[-2]:
            best = cols[row.index(max(row))]
            q = a.say(["In which {c} does {r} have its highest value?", "For {r}, which {c} shows the largest {m}?"], c=cn, r=rows[i], m=m["name"])
            a.text("mat.row_argmax", "recognition", q, str(best),
                   [f"Row {rows[i]}: " + ", ".join(f"{c} {num(v, dp)}" for c, v in zip(cols, row)) + ".", f"The largest is {best}."],
                   args={"row": rows[i]})
        cells = sorted(self.cells(spec), reverse=True)
        if cells[0][0] > cells[1][0]:
            q = a.say(["Which {r} has the single highest value anywhere in the heatmap?", "The darkest (highest) cell belongs to which {r}?"], r=rn)
            a.text("mat.max_row", "recognition", q, cells[0][1],
                   [f"The highest cell is {cells[0][1]} / {cells[0][2]} at {show(cells[0][0])}, above {show(cells[1][0])}."],
                   priority=1 if spec["extras"].get("highlight_max") else 0)
        means = [sum(r) / len(r) for r in vals]
        order = sorted(range(len(rows)), key=lambda k: -means[k])
        if means[order[0]] > means[order[1]]:
            word = "total" if m["additive"] else "average"
            q = a.say(["Which {r} has the highest {w} {m} across all {c}s?", "Summing each row, which {r} comes out on top?"] if m["additive"] else
                      ["Which {r} has the highest average {m} across the {c}s?"], r=rn, w=word, m=m["name"], c=cn)
            a.text("mat.top_row", "reasoning", q, rows[order[0]],
                   [", ".join(f"{rows[k]}: {num(sum(vals[k]), dp)}" for k in order) + " (row sums).", f"{rows[order[0]]} is highest."])
        j = a.rng.randrange(len(cols))
        col = [r[j] for r in vals]
        mean = sum(col) / len(col)
        q = a.say(["What is the average value in the {c} column?", "Across all {r}s, what is the mean {m} for {c}?"], c=cols[j], r=rn, m=m["name"])
        a.number("mat.col_mean", "reasoning", q, mean,
                 [f"Column {cols[j]}: {', '.join(num(v, dp) for v in col)}.", f"Sum {num(sum(col), dp)} / {len(col)} = {num(mean, 2)}."],
                 unit=unit, dp=2, abs_tol=0.01, args={"col": cols[j]})
        i1, i2 = a.rng.sample(range(len(rows)), 2)
        j = a.rng.randrange(len(cols))
        diff = vals[i1][j] - vals[i2][j]
        q = a.say(["For {c}, by how much does {a} exceed {b} (negative if it is lower)?", "What is {a} minus {b} in the {c} column?"],
                  c=cols[j], a=rows[i1], b=rows[i2])
        a.number("mat.diff", "reasoning", q, diff, [f"{rows[i1]}: {num(vals[i1][j], dp)}; {rows[i2]}: {num(vals[i2][j], dp)}.",
                                                    f"{num(vals[i1][j], dp)} - {num(vals[i2][j], dp)} = {num(diff, dp)}."],
                 unit=unit, dp=dp, args={"a": rows[i1], "b": rows[i2], "col": cols[j]})
        flat = [c[0] for c in cells]
        thr = float(num(sorted(flat)[len(flat) // 2], 0 if dp == 0 else 1))
        if thr not in flat:
            above = sum(1 for v in flat if v > thr)
            q = a.say(["How many cells show a value above {t}?", "In how many cells does the {m} exceed {t}?"], t=num(thr, dp), m=m["name"])
            a.count("mat.count_above", "reasoning", q, above, [f"Counting cells greater than {num(thr, dp)} gives {above} of {len(flat)}."],
                    args={"threshold": thr})
