from cit.engine.shapes.categorical import Categorical


class Treemap(Categorical):
    family, name = "specific", "treemap"
    noun = "treemap"
    description = "Nested rectangles whose areas are proportional to each category's value, labelled with name and value."
    additive_only = True
    per_item_colors = True
    cartesian = False
    axis_labels = False
    labeled = True
    n_range = (5, 8)

    def draw(self, spec: dict, ax: str) -> list[str]:
        v, dp = spec["vars"], spec["measure"]["dp"]
        return [f"tile_labels = [f\"{{name}}\\n{{value:,.{dp}f}}\" for name, value in zip({v['labels']}, {v['values']})]",
                f"squarify.plot(sizes={v['values']}, label=tile_labels, color={v['colors']}, alpha=0.85, pad=True,",
                f"              text_kwargs=dict(fontsize=10, color=\"white\"), ax={ax})",
                f"{ax}.axis(\"off\")"]


TYPE = Treemap()
