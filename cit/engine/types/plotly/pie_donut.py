from cit.engine.code import s
from cit.engine.shapes.categorical import Categorical
from cit.engine.types.plotly._common import PlotlyChart


class PlotlyDonut(PlotlyChart, Categorical):
    family, name = "pie", "donut"
    noun = "donut chart"
    description = "plotly donut chart: a ring of sectors labelled with name and share of the total."
    share = True
    per_item_colors = True
    cartesian = False
    axis_labels = False
    n_range = (3, 6)
    max_items = 7
    figsize = (8.0, 7.0)

    def plotly_body(self, spec: dict):
        v, m = spec["vars"], spec["measure"]
        centre = f"{m['name']}<br>({m['unit']})" if m["unit"] else m["name"]
        out = [f"fig = go.Figure(go.Pie(labels={v['labels']}, values={v['values']}, hole=0.45, sort=False, direction=\"clockwise\",",
               f"                       marker=dict(colors={v['colors']}, line=dict(color=\"white\", width=2)),",
               "                       textinfo=\"label+percent\", texttemplate=\"%{label}<br>%{percent:.1%}\"))",
               f"fig.add_annotation(text={s(centre)}, showarrow=False, font=dict(size=14))"]
        return out, {"title": spec["title"], "showlegend": False}


TYPE = PlotlyDonut()
