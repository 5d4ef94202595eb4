from cit.engine.shapes.distribution import Distribution


class BoxVertical(Distribution):
    family, name = "box", "vertical"
    noun = "box plot"
    description = "One box per group: the box spans the quartiles, the line inside is the median, whiskers reach 1.5 IQR."

    def draw(self, spec: dict, ax: str) -> list[str]:
        values, names = self.groups_expr(spec)
        orient = ", orientation=\"horizontal\"" if self.horizontal else ""
        means = ", showmeans=True" if spec["extras"].get("mean_markers") else ""
        grid = "x" if self.horizontal else "y"
        return [f"boxes = {ax}.boxplot({values}, tick_labels={names}, patch_artist=True, widths=0.5{orient}{means})",
                "for patch, color in zip(boxes[\"boxes\"], colors):",
                "    patch.set_facecolor(color)",
                "    patch.set_alpha(0.7)",
                "for median in boxes[\"medians\"]:",
                "    median.set_color(\"black\")",
                f"{ax}.grid(axis=\"{grid}\", alpha=0.3)"]


TYPE = BoxVertical()
