from cit.engine.types.matplotlib.bar_plain import BarPlain


class BarAnnotated(BarPlain):
    family, name = "bar", "annotated"
    noun = "bar chart with value labels"
    description = "Vertical bars with each bar's exact value printed above it."
    labeled = True

    def draw(self, spec: dict, ax: str) -> list[str]:
        dp = spec["measure"]["dp"]
        return super().draw(spec, ax) + [f"{ax}.bar_label(bars, fmt=\"{{:,.{dp}f}}\", padding=3)", f"{ax}.margins(y=0.12)"]


TYPE = BarAnnotated()
