from cit.engine.code import s
from cit.engine.shapes.categorical import Categorical
from cit.engine.text import label_with_unit


class Rose(Categorical):
    family, name = "specific", "rose"
    noun = "rose chart"
    description = "A polar bar chart (Nightingale rose): one wedge per category, its length is the value."
    per_item_colors = True
    cartesian = False
    axis_labels = False
    projection = "polar"
    n_range = (5, 8)
    figsize = (8.0, 7.5)

    def draw(self, spec: dict, ax: str) -> list[str]:
        v, m = spec["vars"], spec["measure"]
        return [f"angles = np.linspace(0, 2 * np.pi, len({v['labels']}), endpoint=False)",
                f"{ax}.bar(angles, {v['values']}, width=2 * np.pi / len({v['labels']}) * 0.9, color={v['colors']},",
                "       edgecolor=\"white\", alpha=0.85)",
                f"{ax}.set_xticks(angles, {v['labels']})",
                # Radial tick labels between the first two wedges, clear of every category label;
                # the radial axis's name as the axes' own label, which layout keeps clear of the lowest one.
                f"{ax}.set_rlabel_position(180 / len({v['labels']}))",
                f"{ax}.tick_params(axis=\"x\", pad=8)",
                f"{ax}.set_xlabel({s('Radial axis: ' + label_with_unit(m['name'], m['unit']))}, labelpad=14, fontsize=10)"]

    def label_lines(self, spec: dict, ax: str) -> list[str]:
        return [f"{ax}.set_title({s(spec['title'])}, fontsize=13, fontweight=\"bold\", pad=30)"]


TYPE = Rose()
