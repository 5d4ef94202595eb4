from cit.engine.code import s
from cit.engine.shapes.matrix import Matrix
from cit.engine.text import label_with_unit


class SnsHeatmap(Matrix):
    family, name = "specific", "heatmap"
    library = "seaborn"
    noun = "heatmap"
    description = "seaborn.heatmap of a rows-by-columns table with every cell annotated."
    cell_origin = 0
    figsize = (10.0, 6.5)

    def draw(self, spec: dict, ax: str) -> list[str]:
        v, m = spec["vars"], spec["measure"]
        return [f"frame = pd.DataFrame({v['values']}, index={v['rows']}, columns={v['cols']})",
                f"sns.heatmap(frame, annot=True, fmt=\",.{m['dp']}f\", cmap={s(spec['colors'][0][0])}, linewidths=0.5,",
                f"            cbar_kws={{\"label\": {s(label_with_unit(m['name'], m['unit']))}}}, ax={ax})",
                f"{ax}.tick_params(axis=\"x\", rotation=30)"]


TYPE = SnsHeatmap()
