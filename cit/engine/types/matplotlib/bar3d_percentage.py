from cit.engine.types.matplotlib.bar3d_stacked import Bar3DStacked


class Bar3DPercentage(Bar3DStacked):
    family, name = "bar3d", "percentage"
    noun = "3D percentage stacked bar chart"
    description = "3D stacked bars scaled to 100%: each segment is a share of its column."
    percent = True

    def draw(self, spec: dict, ax: str) -> list[str]:
        v = spec["vars"]
        return [f"x = np.arange(len({v['x']}))",
                f"totals = [sum(column) for column in zip(*{v['series']}.values())]",
                "bottom = [0] * len(x)",
                f"for i, (name, values) in enumerate({v['series']}.items()):",
                "    shares = [value / total * 100 for value, total in zip(values, totals)]",
                f"    {ax}.bar3d(x, [0] * len(x), bottom, 0.6, 0.6, shares, color=colors[i], alpha=0.9, shade=True)",
                "    bottom = [b + p for b, p in zip(bottom, shares)]",
                f"{ax}.set_zlim(0, 100)",
                *self.ticks(spec, ax)]


TYPE = Bar3DPercentage()
