from cit.engine.shapes.series import Series
from cit.engine.text import cap
from cit.engine.types.plotly._common import PlotlyChart, category_axis


class PlotlyBarStacked(PlotlyChart, Series):
    family, name = "bar", "stacked"
    noun = "stacked bar chart"
    description = "plotly stacked bar chart: one coloured segment per series in every bar."
    stacked = True
    marks = "bars"
    time_share = 0.6
    n_x = (4, 7)

    def plotly_body(self, spec: dict):
        v = spec["vars"]
        out = ["fig = go.Figure()",
               f"for i, (name, values) in enumerate({v['series']}.items()):",
               f"    fig.add_trace(go.Bar(x={v['x']}, y=values, name=name, marker_color=colors[i]))"]
        return out, {"barmode": "stack", "title": spec["title"], "xaxis_title": spec["x_label"], "yaxis_title": spec["y_label"],
                     "legend_title_text": cap(spec["kind"][0]), "xaxis_type": category_axis()}


TYPE = PlotlyBarStacked()
