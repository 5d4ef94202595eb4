from cit.engine.shapes.categorical import Categorical
from cit.engine.types.plotly._common import PlotlyChart, hline


class PlotlyBar(PlotlyChart, Categorical):
    family, name = "bar", "plain"
    noun = "bar chart"
    description = "plotly bar chart: one vertical bar per category."
    plotly_elements = ("mean_line", "value_labels")

    def plotly_body(self, spec: dict):
        v, dp = spec["vars"], spec["measure"]["dp"]
        text = f", text={v['values']}, texttemplate=\"%{{text:,.{dp}f}}\", textposition=\"outside\"" if spec["extras"].get("value_labels") else ""
        out = [f"fig = go.Figure(go.Bar(x={v['labels']}, y={v['values']}, marker_color={self.color_arg(spec)}{text}))"]
        if spec["extras"].get("mean_line"):
            out += [f"average = sum({v['values']}) / len({v['values']})",
                    hline("average", f"f\"Average: {{average:,.{max(dp, 1)}f}}\"")]
        return out, {"title": spec["title"], "xaxis_title": spec["x_label"], "yaxis_title": spec["y_label"]}


TYPE = PlotlyBar()
