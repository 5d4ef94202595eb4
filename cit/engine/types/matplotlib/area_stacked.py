from cit.engine.shapes.series import Series


class AreaStacked(Series):
    family, name = "area", "stacked"
    noun = "stacked area chart"
    description = "Series stacked on top of each other; the top edge is the total."
    stacked = True
    n_series = (2, 4)

    def draw(self, spec: dict, ax: str) -> list[str]:
        v = spec["vars"]
        return [f"{ax}.stackplot({v['x']}, list({v['series']}.values()), labels=list({v['series']}.keys()), colors=colors, alpha=0.85)"] \
            + self.x_ticks(spec, ax) + [f"{ax}.grid(alpha=0.3)", self.legend(spec, ax, ", loc=\"upper left\"")]


TYPE = AreaStacked()
