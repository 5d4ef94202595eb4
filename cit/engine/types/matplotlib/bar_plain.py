from cit.engine.shapes.categorical import Categorical


class BarPlain(Categorical):
    family, name = "bar", "plain"
    noun = "bar chart"
    description = "Vertical bars, one per category, heights read against the y-axis."

    def draw(self, spec: dict, ax: str) -> list[str]:
        v = spec["vars"]
        return [f"bars = {ax}.bar({v['labels']}, {v['values']}, color={self.color_arg(spec)}, width=0.6)",
                f"{ax}.tick_params(axis=\"x\", rotation=30)",
                f"{ax}.grid(axis=\"y\", linestyle=\":\", alpha=0.6)",
                f"{ax}.set_axisbelow(True)"]


TYPE = BarPlain()
