from cit.engine.shapes.bubbles import Bubbles
from cit.engine.types.plotly._common import PlotlyChart


class PlotlyBubble(PlotlyChart, Bubbles):
    family, name = "scatter", "bubble"
    noun = "bubble chart"
    description = "plotly bubble chart: labelled markers placed by two quantities, sized by a third printed under each name."

    def plotly_body(self, spec: dict):
        v, dp = spec["vars"], spec["size_measure"]["dp"]
        return [f"texts = [f\"{{name}}<br>{{value:,.{dp}f}}\" for name, value in zip({v['labels']}, {v['size']})]",
                f"fig = go.Figure(go.Scatter(x={v['x']}, y={v['y']}, mode=\"markers+text\", text=texts, textposition=\"middle center\",",
                f"                           marker=dict(size={v['size']}, sizemode=\"area\", sizeref=2 * max({v['size']}) / 70 ** 2,",
                "                                       color=colors, opacity=0.6, line=dict(color=\"black\", width=1))))"], \
            {"title": spec["title"], "xaxis_title": spec["x_label"], "yaxis_title": spec["y_label"], "showlegend": False}


TYPE = PlotlyBubble()
