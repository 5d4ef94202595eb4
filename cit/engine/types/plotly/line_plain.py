from cit.engine.shapes.series import Series
from cit.engine.text import cap
from cit.engine.types.plotly._common import PlotlyChart, category_axis, hline


class PlotlyLine(PlotlyChart, Series):
    family, name = "line", "plain"
    noun = "line chart"
    description = "plotly line chart with markers, one trace per series."
    n_series = (1, 4)
    plotly_elements = ("reference_line",)

    def plotly_body(self, spec: dict):
        out = ["fig = go.Figure()"] + self.each(spec, [
            f"fig.add_trace(go.Scatter(x={spec['vars']['x']}, y=$values, name=$name, mode=\"lines+markers\", line=dict(color=$color, width=3)))"])
        ref = spec["extras"].get("reference_line")
        if ref:
            out.append(hline(str(ref["value"]), f"\"{ref['label']}: {ref['value']}\""))
        return out, {"title": spec["title"], "xaxis_title": spec["x_label"], "yaxis_title": spec["y_label"],
                     "legend_title_text": cap(spec["kind"][0]), "xaxis_type": category_axis(), "showlegend": True}


TYPE = PlotlyLine()
