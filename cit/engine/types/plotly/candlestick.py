from cit.engine.shapes.ohlc import OHLC
from cit.engine.types.plotly._common import PlotlyChart


class PlotlyCandlestick(PlotlyChart, OHLC):
    family, name = "specific", "candlestick"
    noun = "candlestick chart"
    description = "plotly candlestick: daily open/close bodies (green up, red down) with high/low wicks."
    plotly_elements = ("moving_average",)
    evolvable = ("more-data", "visual-elements")

    def plotly_body(self, spec: dict):
        v = spec["vars"]
        out = [f"fig = go.Figure(go.Candlestick(x={v['dates']}, open={v['open']}, high={v['high']}, low={v['low']}, close={v['close']},",
               "                               increasing_line_color=\"green\", decreasing_line_color=\"red\", name=\"Price\"))"]
        if spec["extras"].get("moving_average"):
            out += [f"moving_average = [sum({v['close']}[i - 2 : i + 1]) / 3 for i in range(2, len({v['close']}))]",
                    f"fig.add_trace(go.Scatter(x={v['dates']}[2:], y=moving_average, mode=\"lines\", name=\"3-day moving average\",",
                    "                         line=dict(color=\"black\", dash=\"dash\")))"]
        return out, {"title": spec["title"], "xaxis_title": spec["x_label"], "yaxis_title": spec["y_label"],
                     "xaxis_rangeslider_visible": False, "xaxis_type": "category"}


TYPE = PlotlyCandlestick()
