from cit.engine.code import s
from cit.engine.shapes.series import Series
from cit.engine.text import cap
from cit.engine.types.seaborn._frames import series_frame


class SnsBarGrouped(Series):
    family, name = "bar", "grouped"
    library = "seaborn"
    noun = "grouped bar chart"
    description = "Side-by-side bars drawn with seaborn.barplot: one group per x value, one bar per series (hue)."
    marks = "bars"
    time_share = 0.5
    n_series = (2, 4)
    n_x = (4, 6)

    def draw(self, spec: dict, ax: str) -> list[str]:
        x_col, hue, y_col = cap(spec["x_noun"]), cap(spec["kind"][0]), cap(spec["measure"]["name"])
        return series_frame(spec, x_col, hue, y_col) + [
            f"sns.barplot(data=frame, x={s(x_col)}, y={s(y_col)}, hue={s(hue)}, palette=colors, ax={ax})",
            f"{ax}.grid(axis=\"y\", alpha=0.3)", f"{ax}.set_axisbelow(True)"]

    def elements(self, spec: dict) -> list[str]:
        return [e for e in super().elements(spec) if e == "reference_line"]

    def overlay_x(self, spec: dict):
        return f"range(len({spec['vars']['x']}))", spec["data"]["x"]


TYPE = SnsBarGrouped()
