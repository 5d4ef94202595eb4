from cit.engine.shapes.series import Series


class AreaPlain(Series):
    family, name = "area", "plain"
    noun = "area chart"
    description = "Each series is a line with the area below it shaded; overlapping areas stay translucent."
    n_series = (1, 2)

    def draw(self, spec: dict, ax: str) -> list[str]:
        x = spec["vars"]["x"]
        out = self.each(spec, [f"{ax}.fill_between({x}, $values, color=$color, alpha=0.3)",
                               f"{ax}.plot({x}, $values, color=$color, linewidth=2, label=$name)"])
        return out + self.x_ticks(spec, ax) + [f"{ax}.set_ylim(bottom=0)", f"{ax}.grid(alpha=0.3)",
                                               self.legend(spec, ax, ", loc=\"upper left\"")]


TYPE = AreaPlain()
