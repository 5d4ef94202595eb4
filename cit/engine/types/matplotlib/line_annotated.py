from cit.engine.shapes.series import Series


class LineAnnotated(Series):
    family, name = "line", "annotated"
    noun = "annotated line chart"
    description = "Lines with every point's value written beside it and the overall peak called out."
    labeled = True
    n_series = (1, 2)
    n_x = (5, 8)

    def draw(self, spec: dict, ax: str) -> list[str]:
        x, dp = spec["vars"]["x"], spec["measure"]["dp"]
        out = self.each(spec, [
            f"{ax}.plot({x}, $values, marker=\"o\", linewidth=2, color=$color, label=$name)",
            f"for x_pos, value in zip({x}, $values):",
            f"    {ax}.annotate(f\"{{value:,.{dp}f}}\", (x_pos, value), textcoords=\"offset points\", xytext=(0, 7),",
            "                ha=\"center\", fontsize=8, color=$color)",
        ])
        return out + self.x_ticks(spec, ax) + [f"{ax}.margins(y=0.15)", f"{ax}.grid(alpha=0.3)",
                                               self.legend(spec, ax)]


TYPE = LineAnnotated()
