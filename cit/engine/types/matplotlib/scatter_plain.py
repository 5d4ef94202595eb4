from cit.engine.shapes.points import Points


class ScatterPlain(Points):
    family, name = "scatter", "plain"
    noun = "scatter plot"
    description = "Observations as dots positioned by two quantities; colours separate the groups."
    n_groups = (1, 3)

    def draw(self, spec: dict, ax: str) -> list[str]:
        return self.each_group(spec, [f"{ax}.scatter($xs, $ys, s=45, color=$color, alpha=0.8, edgecolor=\"white\", label=$name)"]) + [
            f"{ax}.grid(alpha=0.3)", f"{ax}.legend()"]


TYPE = ScatterPlain()
