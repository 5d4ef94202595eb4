from cit.engine.code import s
from cit.engine.shapes.series import Series


class Bar3DPlain(Series):
    family, name = "bar3d", "plain"
    noun = "3D bar chart"
    description = "Bars in three dimensions: x values along one axis, series along the depth axis, height is the value."
    projection = "3d"
    marks = "bars"
    read_factor = 1.6
    time_share = 0.6
    n_series = (2, 4)
    n_x = (4, 6)
    figsize = (10.0, 7.0)

    def draw(self, spec: dict, ax: str) -> list[str]:
        v = spec["vars"]
        return [f"x = np.arange(len({v['x']}))",
                f"for i, (name, values) in enumerate({v['series']}.items()):",
                f"    {ax}.bar3d(x, [i] * len(x), [0] * len(x), 0.6, 0.5, values, color=colors[i], alpha=0.9, shade=True)",
                *self.ticks(spec, ax)]

    def ticks(self, spec: dict, ax: str) -> list[str]:
        v = spec["vars"]
        return [f"{ax}.set_xticks(x + 0.3, {v['x']})",
                f"{ax}.set_yticks(np.arange(len({v['series']})) + 0.25, list({v['series']}.keys()))",
                f"handles = [mpatches.Patch(color=color, label=name) for name, color in zip({v['series']}, colors)]",
                f"{ax}.legend(handles=handles, title={s(spec['kind'][0].capitalize())}, loc=\"upper left\")",
                f"{ax}.view_init(elev=22, azim=-58)"]

    def label_lines(self, spec: dict, ax: str) -> list[str]:
        return [f"{ax}.set_title({s(spec['title'])}, fontsize=13, fontweight=\"bold\")",
                f"{ax}.set_xlabel({s(spec['x_label'])}, labelpad=10)",
                f"{ax}.set_zlabel({s(spec['y_label'])}, labelpad=10)"]

    def data_lines(self, spec: dict) -> list[str]:
        if isinstance(spec["vars"]["series"], dict):  # 3D bars always draw from a dict of series
            nm, var = next(iter(spec["vars"]["series"].items()))
            spec = {**spec, "vars": {**spec["vars"], "series": var}}
        return super().data_lines(spec)


TYPE = Bar3DPlain()
