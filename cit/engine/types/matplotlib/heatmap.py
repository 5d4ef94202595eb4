from cit.engine.code import s
from cit.engine.shapes.matrix import Matrix
from cit.engine.text import label_with_unit


class Heatmap(Matrix):
    family, name = "specific", "heatmap"
    noun = "heatmap"
    description = "A grid of coloured cells, rows by columns, with each cell's value written in it."
    figsize = (10.0, 6.5)

    def draw(self, spec: dict, ax: str) -> list[str]:
        v, m = spec["vars"], spec["measure"]
        return [f"image = {ax}.imshow({v['values']}, cmap={s(spec['colors'][0][0])}, aspect=\"auto\")",
                f"{ax}.set_xticks(range(len({v['cols']})), {v['cols']}, rotation=30, ha=\"right\")",
                f"{ax}.set_yticks(range(len({v['rows']})), {v['rows']})",
                f"middle = (max(map(max, {v['values']})) + min(map(min, {v['values']}))) / 2",
                f"for i, row in enumerate({v['values']}):",
                "    for j, value in enumerate(row):",
                f"        {ax}.text(j, i, f\"{{value:,.{m['dp']}f}}\", ha=\"center\", va=\"center\", fontsize=9,",
                "                color=\"white\" if value > middle else \"black\")",
                f"fig.colorbar(image, ax={ax}, label={s(label_with_unit(m['name'], m['unit']))})"]


TYPE = Heatmap()
