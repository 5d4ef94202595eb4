from cit.engine.shapes.series import Series


class BarPercentage(Series):
    family, name = "bar", "percentage"
    noun = "100% stacked bar chart"
    description = "Stacked bars scaled to 100%: each segment is a share of its bar, printed inside it."
    percent = True
    labeled = True
    marks = "bars"
    time_share = 0.6
    n_series = (2, 4)
    n_x = (4, 6)

    def draw(self, spec: dict, ax: str) -> list[str]:
        v = spec["vars"]
        return [f"totals = [sum(column) for column in zip(*{v['series']}.values())]",
                f"bottom = [0] * len({v['x']})",
                f"for i, (name, values) in enumerate({v['series']}.items()):",
                "    shares = [value / total * 100 for value, total in zip(values, totals)]",
                f"    bars = {ax}.bar({v['x']}, shares, bottom=bottom, width=0.6, color=colors[i], label=name)",
                f"    {ax}.bar_label(bars, labels=[f\"{{p:.1f}}%\" for p in shares], label_type=\"center\", fontsize=8, color=\"white\")",
                "    bottom = [b + p for b, p in zip(bottom, shares)]"] \
            + self.x_ticks(spec, ax) + [f"{ax}.set_ylim(0, 100)",
                                        self.legend(spec, ax, ", bbox_to_anchor=(1.01, 1), loc=\"upper left\"")]


TYPE = BarPercentage()
