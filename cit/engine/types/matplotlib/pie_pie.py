from cit.engine.base import Draw
from cit.engine.qa import Asker
from cit.engine.shapes.categorical import Categorical


class PiePie(Categorical):
    family, name = "pie", "pie"
    noun = "pie chart"
    description = "A circle split into sectors whose angles are each category's share of the total, with percentages printed."
    share = True
    per_item_colors = True
    cartesian = False
    axis_labels = False
    n_range = (3, 6)
    max_items = 7  # numpy sums 8+ values in another order; keep shares identical to the program's
    figsize = (8.0, 7.0)
    wedge = ""  # extra wedge properties (donuts)
    explode_top = False

    def draw(self, spec: dict, ax: str) -> list[str]:
        v = spec["vars"]
        out = []
        explode = ""
        if self.explode_top or spec["extras"].get("highlight_max"):
            out.append(f"explode = [0.12 if value == max({v['values']}) else 0 for value in {v['values']}]")
            explode = ", explode=explode"
        pct = ", pctdistance=0.8" if self.wedge else ""
        out += [f"{ax}.pie({v['values']}, labels={v['labels']}, colors={v['colors']}, autopct=\"%1.1f%%\", startangle=90,",
                f"       counterclock=False{explode}{pct}, wedgeprops=dict(edgecolor=\"white\"{self.wedge}))",
                f"{ax}.axis(\"equal\")"]
        return out

    def supported(self) -> tuple[str, ...]:
        return tuple(d for d in super().supported() if d != "visual-elements" or not self.explode_top)

    def elements(self, spec: dict) -> list[str]:
        return [] if self.explode_top or "highlight_max" in spec["extras"] else ["highlight_max"]

    def add_element(self, spec: dict, name: str, d: Draw) -> None:
        spec["extras"][name] = True

    def element_lines(self, spec: dict, ax: str) -> list[str]:
        if not spec["extras"].get("highlight_max"):
            return []
        v = spec["vars"]
        return [f"top = {v['values']}.index(max({v['values']}))",
                f"{ax}.text(0, -1.35, f\"Largest share: {{{v['labels']}[top]}}\", ha=\"center\", fontsize=11, fontweight=\"bold\")"]

    def ask(self, spec: dict, a: Asker) -> None:
        super().ask(spec, a)
        if self.explode_top or spec["extras"].get("highlight_max"):
            labels, vals = spec["data"]["labels"], self.values(spec)
            top = labels[vals.index(max(vals))]
            rest = sum(vals) - max(vals)
            q = a.say(["The highlighted sector accounts for how many percentage points more than all other sectors combined?",
                       "How much larger, in percentage points, is the pulled-out sector than the rest of the pie together?"])
            a.number("pie.top_vs_rest", "reasoning", q, max(vals) - rest,
                     [f"The highlighted sector is {top} at {max(vals)}%.", f"The others add up to {round(rest, 1)}%.",
                      f"{max(vals)} - {round(rest, 1)} = {round(max(vals) - rest, 1)}."],
                     unit="%", dp=1, abs_tol=0.1 * len(labels), priority=1 if spec["extras"].get("highlight_max") else 0)


TYPE = PiePie()
