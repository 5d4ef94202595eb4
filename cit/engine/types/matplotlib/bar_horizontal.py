from cit.engine.shapes.categorical import Categorical


class BarHorizontal(Categorical):
    family, name = "bar", "horizontal"
    noun = "horizontal bar chart"
    description = "Horizontal bars sorted top to bottom, lengths read against the x-axis."
    horizontal = True
    n_range = (5, 8)

    def draw(self, spec: dict, ax: str) -> list[str]:
        v = spec["vars"]
        return [f"bars = {ax}.barh({v['labels']}, {v['values']}, color={self.color_arg(spec)}, height=0.6)",
                f"{ax}.invert_yaxis()  # first category on top",
                f"{ax}.grid(axis=\"x\", linestyle=\":\", alpha=0.6)",
                f"{ax}.set_axisbelow(True)"]


TYPE = BarHorizontal()
