from cit.engine.code import s
from cit.engine.shapes.points import Points
from cit.engine.text import cap


class SnsScatter(Points):
    family, name = "scatter", "plain"
    library = "seaborn"
    noun = "scatter plot"
    description = "seaborn.scatterplot of observations coloured by group."
    n_groups = (2, 3)

    def draw(self, spec: dict, ax: str) -> list[str]:
        v, xm, ym = spec["vars"], spec["x_measure"], spec["measure"]
        g, x, y = cap(spec["kind"][0]), cap(xm["name"]), cap(ym["name"])
        if len(spec["data"]["groups"]) == 1:
            rows = f"[({s(next(iter(spec['data']['groups'])))}, a, b) for a, b in zip({v['x']}, {v['y']})]"
        else:
            rows = f"[(name, a, b) for name in {v['x']} for a, b in zip({v['x']}[name], {v['y']}[name])]"
        return [f"frame = pd.DataFrame({rows}, columns=[{s(g)}, {s(x)}, {s(y)}])",
                f"sns.scatterplot(data=frame, x={s(x)}, y={s(y)}, hue={s(g)}, palette=colors, s=60, alpha=0.85, ax={ax})",
                f"{ax}.grid(alpha=0.3)"]


TYPE = SnsScatter()
