from cit.engine.shapes.distribution import Distribution


class Histogram(Distribution):
    family, name = "specific", "histogram"
    noun = "histogram"
    description = "Counts of observations in equal-width bins; each bar prints its count."
    histogram = True
    labeled = True

    def draw(self, spec: dict, ax: str) -> list[str]:
        v = self.group_expr(spec)
        return [f"counts, edges, bars = {ax}.hist({v}, bins={spec['vars']['bins']}, color=colors[0], edgecolor=\"white\", alpha=0.85)",
                f"{ax}.bar_label(bars, fmt=\"%d\", padding=2)",
                f"{ax}.set_xticks({spec['vars']['bins']})",
                f"{ax}.tick_params(axis=\"x\", rotation=45)",
                f"{ax}.grid(axis=\"y\", alpha=0.3)"]


TYPE = Histogram()
