from cit.engine.code import lit
from cit.engine.shapes.waterfall import Waterfall


class PlotlyWaterfall(Waterfall):
    family, name = "specific", "waterfall"
    library = "plotly"
    noun = "waterfall chart"
    description = "plotly waterfall: a starting total, signed contributions as floating bars, and the resulting total."
    evolvable = ("more-data",)

    def plotly_body(self, spec: dict):
        v, data, dp = spec["vars"], spec["data"], spec["measure"]["dp"]
        return [f"steps = [{lit(data['start_label'])}] + {v['labels']} + [{lit(data['end_label'])}]",
                f"amounts = [{v['start']}] + {v['changes']} + [0]",
                f"kinds = [\"absolute\"] + [\"relative\"] * len({v['changes']}) + [\"total\"]",
                "fig = go.Figure(go.Waterfall(x=steps, y=amounts, measure=kinds, textposition=\"outside\",",
                f"                             texttemplate=\"%{{delta:+,.{dp}f}}\",",
                "                             increasing=dict(marker_color=\"seagreen\"), decreasing=dict(marker_color=\"crimson\"),",
                "                             totals=dict(marker_color=\"royalblue\")))",
                f"fig.data[0].texttemplate = [f\"{{{v['start']}:,.{dp}f}}\"] + [f\"{{c:+,.{dp}f}}\" for c in {v['changes']}] + [f\"{{{v['start']} + sum({v['changes']}):,.{dp}f}}\"]"], \
            {"title": spec["title"], "xaxis_title": spec["x_label"], "yaxis_title": spec["y_label"], "showlegend": False}

    def elements(self, spec: dict) -> list[str]:
        return []


TYPE = PlotlyWaterfall()
