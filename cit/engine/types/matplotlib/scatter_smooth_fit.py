from cit.engine.code import s
from cit.engine.shapes.points import Points


class ScatterFit(Points):
    family, name = "scatter", "smooth_fit"
    noun = "scatter plot with a fitted line"
    description = "Observations as dots with a least-squares line through them; the legend gives the line's equation."
    fit = True
    n_points = (14, 22)

    def draw(self, spec: dict, ax: str) -> list[str]:
        v = spec["vars"]
        return [f"{ax}.scatter({v['x']}, {v['y']}, s=40, color=colors[0], alpha=0.75, label={s(next(iter(spec['data']['groups'])))})",
                f"slope, intercept = np.polyfit({v['x']}, {v['y']}, 1)",
                f"line_x = np.linspace(min({v['x']}), max({v['x']}), 100)",
                f"{ax}.plot(line_x, slope * line_x + intercept, color=\"black\", linewidth=2,",
                "        label=f\"Fit: y = {slope:.3g}x + {intercept:,.1f}\")",
                f"{ax}.grid(alpha=0.3)", f"{ax}.legend()"]


TYPE = ScatterFit()
