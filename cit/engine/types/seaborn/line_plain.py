from cit.engine.code import s
from cit.engine.shapes.series import Series
from cit.engine.text import cap
from cit.engine.types.seaborn._frames import series_frame


class SnsLinePlain(Series):
    family, name = "line", "plain"
    library = "seaborn"
    noun = "line chart"
    description = "One line per series over time, drawn with seaborn.lineplot with markers."
    n_series = (2, 4)

    def draw(self, spec: dict, ax: str) -> list[str]:
        x_col, hue, y_col = cap(spec["x_noun"]), cap(spec["kind"][0]), cap(spec["measure"]["name"])
        out = series_frame(spec, x_col, hue, y_col) + [
            f"sns.lineplot(data=frame, x={s(x_col)}, y={s(y_col)}, hue={s(hue)}, palette=colors, marker=\"o\", linewidth=2, ax={ax})"]
        return out + self.x_ticks(spec, ax) + [f"{ax}.grid(alpha=0.3)"]

    def elements(self, spec: dict) -> list[str]:
        return [e for e in super().elements(spec) if e != "error_bars"]


TYPE = SnsLinePlain()
