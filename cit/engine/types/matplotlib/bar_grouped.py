from cit.engine.shapes.series import Series


class BarGrouped(Series):
    family, name = "bar", "grouped"
    noun = "grouped bar chart"
    description = "Side-by-side bars: one group per x value, one bar per series inside each group."
    marks = "bars"
    time_share = 0.5
    n_series = (2, 4)
    n_x = (4, 6)

    def draw(self, spec: dict, ax: str) -> list[str]:
        v = spec["vars"]
        return [f"x = np.arange(len({v['x']}))",
                f"width = 0.8 / len({v['series']})",
                f"for i, (name, values) in enumerate({v['series']}.items()):",
                f"    {ax}.bar(x + (i - (len({v['series']}) - 1) / 2) * width, values, width, color=colors[i], label=name)",
                f"{ax}.set_xticks(x, {v['x']})",
                f"{ax}.grid(axis=\"y\", alpha=0.3)", f"{ax}.set_axisbelow(True)",
                self.legend(spec, ax)]

    def overlay_x(self, spec: dict):
        return "x", spec["data"]["x"]

    def x_at(self, spec: dict, index: str) -> str:
        nm = spec["extras"]["annotate_peak"]["series"]
        j = list(spec["data"]["series"]).index(nm)
        v = spec["vars"]["series"]
        return f"x[{index}] + ({j} - (len({v}) - 1) / 2) * width"


TYPE = BarGrouped()
