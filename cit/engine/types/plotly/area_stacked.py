from cit.engine.shapes.series import Series
from cit.engine.text import cap
from cit.engine.types.plotly._common import PlotlyChart, category_axis


class PlotlyAreaStacked(PlotlyChart, Series):
    family, name = "area", "stacked"
    noun = "stacked area chart"
    description = "plotly stacked area chart: each series fills the band above the previous one."
    stacked = True
    n_series = (2, 4)

    def plotly_body(self, spec: dict):
        v = spec["vars"]
        out = ["fig = go.Figure()",
               f"for i, (name, values) in enumerate({v['series']}.items()):",
               f"    fig.add_trace(go.Scatter(x={v['x']}, y=values, name=name, mode=\"lines\", stackgroup=\"total\",",
               "                             line=dict(color=colors[i], width=1)))"]
        return out, {"title": spec["title"], "xaxis_title": spec["x_label"], "yaxis_title": spec["y_label"],
                     "legend_title_text": cap(spec["kind"][0]), "xaxis_type": category_axis()}


TYPE = PlotlyAreaStacked()
