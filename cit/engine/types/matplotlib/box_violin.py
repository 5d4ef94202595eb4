from cit.engine.shapes.distribution import Distribution


class BoxViolin(Distribution):
    family, name = "box", "violin"
    noun = "violin plot"
    description = "One violin per group: the width shows how dense the values are, a bar marks the median."

    def draw(self, spec: dict, ax: str) -> list[str]:
        values, names = self.groups_expr(spec)
        means = ", showmeans=True" if spec["extras"].get("mean_markers") else ""
        return [f"parts = {ax}.violinplot({values}, showmedians=True{means})",
                "for body, color in zip(parts[\"bodies\"], colors):",
                "    body.set_facecolor(color)",
                "    body.set_alpha(0.6)",
                f"{ax}.set_xticks(range(1, len({values}) + 1), {names})",
                f"{ax}.grid(axis=\"y\", alpha=0.3)"]


TYPE = BoxViolin()
