from cit.engine.shapes.hierarchy import Hierarchy


class PlotlySunburst(Hierarchy):
    family, name = "pie", "ring"
    library = "plotly"
    noun = "sunburst (nested ring) chart"
    description = "plotly sunburst: an inner ring of categories and an outer ring of subcategories, labelled with shares of the total."
    evolvable = ("more-data",)
    figsize = (8.0, 8.0)

    def plotly_body(self, spec: dict):
        v = spec["vars"]["parents"]
        return [f"names = list({v}) + [child for children in {v}.values() for child in children]",
                f"parents = [\"\"] * len({v}) + [parent for parent, children in {v}.items() for _ in children]",
                f"values = [sum(children.values()) for children in {v}.values()] + [value for children in {v}.values() for value in children.values()]",
                "fig = go.Figure(go.Sunburst(labels=names, parents=parents, values=values, branchvalues=\"total\",",
                "                            texttemplate=\"%{label}<br>%{percentRoot:.1%}\", insidetextorientation=\"horizontal\",",
                "                            marker=dict(colors=colors + [\"\"] * (len(names) - len(colors)))))"], {"title": spec["title"]}

    def elements(self, spec: dict) -> list[str]:
        return []


TYPE = PlotlySunburst()
