from cit.engine.types.matplotlib.funnel import Funnel
from cit.engine.types.plotly._common import PlotlyChart


class PlotlyFunnel(PlotlyChart, Funnel):
    noun = "funnel chart"
    description = "plotly funnel: stages as centred bars narrowing downwards, each labelled with its count."
    plotly_elements = ("conversion_labels",)

    def plotly_body(self, spec: dict):
        v = spec["vars"]
        text = "%{value:,}<br>%{percentPrevious:.1%} of previous" if spec["extras"].get("conversion_labels") else "%{value:,}"
        return [f"fig = go.Figure(go.Funnel(y={v['labels']}, x={v['values']}, texttemplate=\"{text}\", marker=dict(color={v['colors']})))"], \
            {"title": spec["title"]}


TYPE = PlotlyFunnel()
