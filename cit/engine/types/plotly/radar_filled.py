from cit.engine.shapes.series import Series
from cit.engine.text import cap
from cit.engine.types.plotly._common import PlotlyChart


class PlotlyRadar(PlotlyChart, Series):
    family, name = "radar", "filled"
    noun = "filled radar chart"
    description = "plotly radar (polar) chart: each series a shaded polygon over the criteria."
    radar = True
    axis_labels = False
    n_series = (2, 3)
    figsize = (8.0, 7.0)

    def plotly_body(self, spec: dict):
        x = spec["vars"]["x"]
        out = ["fig = go.Figure()"] + self.each(spec, [
            f"fig.add_trace(go.Scatterpolar(r=$values + $values[:1], theta={x} + {x}[:1], fill=\"toself\", name=$name,",
            "                              line=dict(color=$color), opacity=0.6))"])
        return out, {"title": spec["title"], "polar": {"radialaxis": {"visible": True, "range": [0, 100]}},
                     "legend_title_text": cap(spec["kind"][0]), "showlegend": True}


TYPE = PlotlyRadar()
