from cit.engine.types.matplotlib.bar3d_plain import Bar3DPlain


class Bar3DStacked(Bar3DPlain):
    family, name = "bar3d", "stacked"
    noun = "3D stacked bar chart"
    description = "3D bars whose series are stacked vertically; the top of each column is the total."
    stacked = True

    def draw(self, spec: dict, ax: str) -> list[str]:
        v = spec["vars"]
        return [f"x = np.arange(len({v['x']}))",
                "bottom = [0] * len(x)",
                f"for i, (name, values) in enumerate({v['series']}.items()):",
                f"    {ax}.bar3d(x, [0] * len(x), bottom, 0.6, 0.6, values, color=colors[i], alpha=0.9, shade=True)",
                "    bottom = [b + value for b, value in zip(bottom, values)]",
                *self.ticks(spec, ax)]

    def ticks(self, spec: dict, ax: str) -> list[str]:
        lines = super().ticks(spec, ax)
        return [ln if "set_yticks" not in ln else f"{ax}.set_yticks([])" for ln in lines]


TYPE = Bar3DStacked()
