from cit.engine.code import s
from cit.engine.shapes.distribution import Distribution
from cit.engine.text import cap
from cit.engine.types.seaborn._frames import groups_frame


class SnsBoxVertical(Distribution):
    family, name = "box", "vertical"
    library = "seaborn"
    noun = "box plot"
    description = "seaborn.boxplot: one box per group spanning the quartiles, with the median line and 1.5 IQR whiskers."

    def draw(self, spec: dict, ax: str) -> list[str]:
        g, val = cap(spec["kind"][0]), cap(spec["measure"]["name"])
        x, y = (val, g) if self.horizontal else (g, val)
        means = ", showmeans=True" if spec["extras"].get("mean_markers") else ""
        return groups_frame(spec, g, val) + [
            f"sns.boxplot(data=frame, x={s(x)}, y={s(y)}, hue={s(g)}, palette=colors, width=0.5, legend=False{means}, ax={ax})",
            f"{ax}.grid(axis=\"{'x' if self.horizontal else 'y'}\", alpha=0.3)"]


TYPE = SnsBoxVertical()
