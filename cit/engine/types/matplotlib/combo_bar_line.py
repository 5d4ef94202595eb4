import cit.engine.overlay as overlay
from cit.engine.base import Draw
from cit.engine.shapes.series import Series


class ComboBarLine(Series):
    family, name = "combo", "bar_line"
    noun = "dual-axis bar and line chart"
    description = "Bars for one measure on the left axis and a line for a related measure on a second, right-hand axis."
    marks = "bars"
    n_series = (1, 1)
    n_x = (5, 8)
    evolvable = ("visual-elements",)

    def make(self, d: Draw) -> dict:
        spec = super().make(d)
        overlay.add(self, spec, d)
        return spec

    def draw(self, spec: dict, ax: str) -> list[str]:
        return self.each(spec, [f"{ax}.bar({spec['vars']['x']}, $values, color=$color, width=0.6, label=$name)"]) + \
            self.x_ticks(spec, ax) + [f"{ax}.grid(axis=\"y\", alpha=0.3)", f"{ax}.set_axisbelow(True)"]


TYPE = ComboBarLine()
