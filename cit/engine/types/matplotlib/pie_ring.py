from cit.engine.shapes.hierarchy import Hierarchy


class PieRing(Hierarchy):
    family, name = "pie", "ring"
    noun = "nested ring chart"
    description = "Two concentric rings: the inner ring shows categories, the outer ring splits each into subcategories; all labelled with shares."
    figsize = (9.0, 8.0)

    def draw(self, spec: dict, ax: str) -> list[str]:
        v = spec["vars"]["parents"]
        return [f"grand_total = sum(sum(children.values()) for children in {v}.values())",
                f"inner = [sum(children.values()) for children in {v}.values()]",
                f"outer = [value for children in {v}.values() for value in children.values()]",
                f"outer_labels = [name for children in {v}.values() for name in children]",
                f"outer_colors = [color for color, children in zip(colors, {v}.values()) for _ in children]",
                f"{ax}.pie(inner, labels=[f\"{{name}}\\n{{value / grand_total * 100:.1f}}%\" for name, value in zip({v}, inner)],",
                "       colors=colors, radius=0.7, labeldistance=0.45, startangle=90, counterclock=False,",
                "       wedgeprops=dict(width=0.4, edgecolor=\"white\"), textprops=dict(fontsize=9, fontweight=\"bold\"))",
                f"{ax}.pie(outer, labels=[f\"{{name}} {{value / grand_total * 100:.1f}}%\" for name, value in zip(outer_labels, outer)],",
                "       colors=outer_colors, radius=1.0, startangle=90, counterclock=False,",
                "       wedgeprops=dict(width=0.3, edgecolor=\"white\", alpha=0.75), textprops=dict(fontsize=8))",
                f"{ax}.axis(\"equal\")"]


TYPE = PieRing()
