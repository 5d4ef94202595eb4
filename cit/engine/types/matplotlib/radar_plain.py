from cit.engine.code import s
from cit.engine.shapes.series import Series


class RadarPlain(Series):
    family, name = "radar", "plain"
    noun = "radar chart"
    description = "Scores on several criteria drawn as closed polygons on spokes from a common centre."
    radar = True
    projection = "polar"
    axis_labels = False
    n_series = (2, 3)
    figsize = (8.0, 7.0)
    fill = False

    def draw(self, spec: dict, ax: str) -> list[str]:
        x = spec["vars"]["x"]
        body = ["closed = $values + $values[:1]", f"{ax}.plot(angles, closed, color=$color, linewidth=2, label=$name)"]
        if self.fill:
            body.append(f"{ax}.fill(angles, closed, color=$color, alpha=0.25)")
        return [f"angles = np.linspace(0, 2 * np.pi, len({x}), endpoint=False).tolist()",
                "angles += angles[:1]  # close the polygon"] + self.each(spec, body) + [
                f"{ax}.set_xticks(angles[:-1], {x})",
                f"{ax}.set_ylim(0, 100)",
                f"{ax}.set_rlabel_position(90)",
                self.legend(spec, ax, ", loc=\"upper right\", bbox_to_anchor=(1.3, 1.1)")]

    def label_lines(self, spec: dict, ax: str) -> list[str]:
        return [f"{ax}.set_title({s(spec['title'])}, fontsize=13, fontweight=\"bold\", pad=20)"]


TYPE = RadarPlain()
