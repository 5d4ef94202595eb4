from cit.engine.code import s
from cit.engine.shapes.bubbles import Bubbles
from cit.engine.text import label_with_unit


class ScatterBubble3D(Bubbles):
    family, name = "scatter", "bubble3d"
    noun = "3D bubble chart"
    description = "Labelled bubbles in three dimensions; bubble size encodes a fourth quantity, printed beside each name."
    three_d = True
    projection = "3d"
    evolvable = ("more-data", "subplot")
    figsize = (9.0, 7.5)

    def draw(self, spec: dict, ax: str) -> list[str]:
        v, dp = spec["vars"], spec["size_measure"]["dp"]
        return [f"areas = [value / max({v['size']}) * 1500 for value in {v['size']}]",
                f"{ax}.scatter({v['x']}, {v['y']}, {v['z']}, s=areas, color=colors, alpha=0.65, edgecolor=\"black\", linewidth=0.5)",
                # Name and value on two short lines above the bubble's centre: long one-line labels
                # beside 3D bubbles run into each other and into the tick labels.
                f"lift = 0.06 * (max({v['z']}) - min({v['z']}) or 1)",
                f"for name, x, y, z, value in zip({v['labels']}, {v['x']}, {v['y']}, {v['z']}, {v['size']}):",
                f"    {ax}.text(x, y, z + lift, f\"{{name}}\\n({{value:,.{dp}f}})\", fontsize=7, ha=\"center\", va=\"bottom\")",
                f"{ax}.view_init(elev=20, azim=-60)"]

    def label_lines(self, spec: dict, ax: str) -> list[str]:
        z = spec["z_measure"]
        return [f"{ax}.set_title({s(spec['title'])}, fontsize=13, fontweight=\"bold\")",
                # Few ticks (none at the corner where two axes' first ticks meet) and wide
                # label pads: a 3D axis name is drawn rotated, and its box must clear the ticks.
                f"for axis in ({ax}.xaxis, {ax}.yaxis, {ax}.zaxis):",
                "    axis.set_major_locator(plt.MaxNLocator(4, prune=\"lower\"))",
                f"{ax}.set_xlabel({s(spec['x_label'])}, labelpad=22)",
                f"{ax}.set_ylabel({s(spec['y_label'])}, labelpad=22)",
                f"{ax}.set_zlabel({s(label_with_unit(z['name'], z['unit']))}, labelpad=22)"]


TYPE = ScatterBubble3D()
