from cit.engine.shapes.series import Series


class BarStacked(Series):
    family, name = "bar", "stacked"
    noun = "stacked bar chart"
    description = "Bars split into coloured segments stacked on each other; the full bar is the total."
    stacked = True
    marks = "bars"
    time_share = 0.6
    n_x = (4, 7)

    def draw(self, spec: dict, ax: str) -> list[str]:
        v = spec["vars"]
        return [f"bottom = [0] * len({v['x']})",
                f"for i, (name, values) in enumerate({v['series']}.items()):",
                f"    {ax}.bar({v['x']}, values, bottom=bottom, width=0.6, color=colors[i], label=name)",
                "    bottom = [b + value for b, value in zip(bottom, values)]"] \
            + self.x_ticks(spec, ax) + [f"{ax}.grid(axis=\"y\", alpha=0.3)", f"{ax}.set_axisbelow(True)",
                                        self.legend(spec, ax)]


TYPE = BarStacked()
