from cit.engine.shapes.distribution import Distribution


class SnsHistogram(Distribution):
    family, name = "specific", "histogram"
    library = "seaborn"
    noun = "histogram"
    description = "seaborn.histplot with explicit bin edges; each bar prints its count."
    histogram = True
    labeled = True

    def draw(self, spec: dict, ax: str) -> list[str]:
        v = self.group_expr(spec)
        return [f"sns.histplot(x={v}, bins={spec['vars']['bins']}, color=colors[0], edgecolor=\"white\", ax={ax})",
                f"{ax}.bar_label({ax}.containers[0], fmt=\"%d\", padding=2)",
                f"{ax}.set_xticks({spec['vars']['bins']})",
                f"{ax}.tick_params(axis=\"x\", rotation=45)"]


TYPE = SnsHistogram()
