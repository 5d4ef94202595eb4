from cit.engine.code import s
from cit.engine.shapes.points import Points


class SnsRegplot(Points):
    family, name = "scatter", "smooth_fit"
    library = "seaborn"
    noun = "scatter plot with a fitted line"
    description = "seaborn.regplot: points with a least-squares line and its confidence band; the legend gives the equation."
    fit = True
    n_points = (14, 22)

    def draw(self, spec: dict, ax: str) -> list[str]:
        v = spec["vars"]
        name = next(iter(spec["data"]["groups"]))
        return [f"slope, intercept = np.polyfit({v['x']}, {v['y']}, 1)",
                f"sns.regplot(x={v['x']}, y={v['y']}, color=colors[0], ci=95, ax={ax},",
                f"            scatter_kws=dict(s=40, alpha=0.75, label={s(name)}),",
                "            line_kws=dict(color=\"black\", label=f\"Fit: y = {slope:.3g}x + {intercept:,.1f}\"))",
                f"{ax}.grid(alpha=0.3)", f"{ax}.legend()"]


TYPE = SnsRegplot()
