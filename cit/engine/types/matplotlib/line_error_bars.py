from cit.engine.shapes.series import Series


class LineErrorBars(Series):
    family, name = "line", "error_bars"
    noun = "line chart with error bars"
    description = "Lines whose points carry symmetric error bars (measurement uncertainty)."
    error_bars = True
    n_series = (1, 3)
    n_x = (5, 8)

    def draw(self, spec: dict, ax: str) -> list[str]:
        out = self.each(spec, [f"{ax}.errorbar({spec['vars']['x']}, $values, yerr=$errors, marker=\"o\", linewidth=2, capsize=4,",
                               "            color=$color, label=$name)"])
        return out + self.x_ticks(spec, ax) + [f"{ax}.grid(alpha=0.3)", self.legend(spec, ax)]


TYPE = LineErrorBars()
