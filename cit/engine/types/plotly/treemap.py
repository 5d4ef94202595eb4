from cit.engine.shapes.hierarchy import Hierarchy


class PlotlyTreemap(Hierarchy):
    family, name = "specific", "treemap"
    library = "plotly"
    noun = "treemap"
    description = "plotly treemap: categories as boxes split into subcategories, each labelled with value and share of the total."
    labeled_values = True
    evolvable = ("more-data",)

    def plotly_body(self, spec: dict):
        v, dp = spec["vars"]["parents"], spec["measure"]["dp"]
        return [f"names = list({v}) + [child for children in {v}.values() for child in children]",
                f"parents = [\"\"] * len({v}) + [parent for parent, children in {v}.items() for _ in children]",
                f"values = [sum(children.values()) for children in {v}.values()] + [value for children in {v}.values() for value in children.values()]",
                "fig = go.Figure(go.Treemap(labels=names, parents=parents, values=values, branchvalues=\"total\",",
                f"                           texttemplate=\"%{{label}}<br>%{{value:,.{dp}f}}<br>%{{percentRoot:.1%}}\",",
                "                           marker=dict(colors=colors + [\"\"] * (len(names) - len(colors)))))"], {"title": spec["title"]}

    def elements(self, spec: dict) -> list[str]:
        return []


TYPE = PlotlyTreemap()
