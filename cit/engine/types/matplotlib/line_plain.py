from cit.engine.shapes.series import Series


class LinePlain(Series):
    family, name = "line", "plain"
    noun = "line chart"
    description = "One line per series over time, with markers at each period."
    n_series = (1, 4)

    def draw(self, spec: dict, ax: str) -> list[str]:
        if "errors" in spec["data"]:
            out = self.each(spec, [f"{ax}.errorbar({spec['vars']['x']}, $values, yerr=$errors, marker=\"o\", linewidth=2, capsize=4, color=$color, label=$name)"])
        else:
            out = self.each(spec, [f"{ax}.plot({spec['vars']['x']}, $values, marker=\"o\", linewidth=2, color=$color, label=$name)"])
        return out + self.x_ticks(spec, ax) + [f"{ax}.grid(alpha=0.3)", self.legend(spec, ax)]


TYPE = LinePlain()
