from cit.engine.code import s
from cit.engine.shapes.distribution import Distribution
from cit.engine.text import cap
from cit.engine.types.seaborn._frames import groups_frame


class SnsViolin(Distribution):
    family, name = "box", "violin"
    library = "seaborn"
    noun = "violin plot"
    description = "seaborn.violinplot: density outlines per group with dashed quartile lines and the median."

    def draw(self, spec: dict, ax: str) -> list[str]:
        g, val = cap(spec["kind"][0]), cap(spec["measure"]["name"])
        return groups_frame(spec, g, val) + [
            f"sns.violinplot(data=frame, x={s(g)}, y={s(val)}, hue={s(g)}, palette=colors, inner=\"quart\", cut=0, legend=False, ax={ax})",
            f"{ax}.grid(axis=\"y\", alpha=0.3)"]

    def elements(self, spec: dict) -> list[str]:
        return [e for e in super().elements(spec) if e == "reference_line"]


TYPE = SnsViolin()
