from cit.engine.shapes.ohlc import OHLC


class Candlestick(OHLC):
    family, name = "specific", "candlestick"
    noun = "candlestick chart"
    description = "Daily price candles: the body spans open to close (green up, red down), wicks reach the high and low."

    def draw(self, spec: dict, ax: str) -> list[str]:
        v = spec["vars"]
        up, down = spec["colors"][0][0], spec["colors"][1][0]
        out = [f"x = range(len({v['dates']}))",
               f"for i, (o, h, lo, c) in enumerate(zip({v['open']}, {v['high']}, {v['low']}, {v['close']})):",
               f"    color = \"{up}\" if c > o else \"{down}\"",
               f"    {ax}.vlines(i, lo, h, color=color, linewidth=1.2)",
               f"    {ax}.bar(i, abs(c - o), bottom=min(o, c), width=0.6, color=color, edgecolor=color)"]
        if spec["extras"].get("moving_average"):
            out += [f"moving_average = [sum({v['close']}[i - 2 : i + 1]) / 3 for i in range(2, len({v['close']}))]",
                    f"{ax}.plot(range(2, len({v['close']})), moving_average, color=\"black\", linestyle=\"--\", linewidth=1.5, label=\"3-day moving average\")",
                    f"{ax}.legend()"]
        return out + [f"{ax}.set_xticks(x, {v['dates']}, rotation=45, ha=\"right\")", f"{ax}.grid(alpha=0.3)"]


TYPE = Candlestick()
