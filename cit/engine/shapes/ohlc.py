"""Daily open/high/low/close prices: candlestick charts.

spec["data"] = {"dates": [...], "open", "high", "low", "close": [...]}. Green candles
close above their open, red ones below.
"""

from __future__ import annotations

import datetime as dt

import cit.engine.data as gen
from cit.engine.base import ChartType, Draw, measure_of
from cit.engine.code import assign
from cit.engine.qa import Asker, read_tol
from cit.engine.shapes.common import ask_axis, ask_title, new_spec, table
from cit.engine.text import label_with_unit, num, var_name, with_unit

KEYS = ("open", "high", "low", "close")


def trading_days(rng, n: int) -> list[str]:
    day = dt.date(rng.randint(2022, 2024), rng.randint(1, 10), rng.randint(1, 20))
    out = []
    while len(out) < n:
        if day.weekday() < 5:
            out.append(day.strftime("%b %d"))
        day += dt.timedelta(days=1)
    return out


class OHLC(ChartType):
    needs = frozenset({"price"})
    evolvable = ("more-data", "visual-elements")
    figsize = (10.0, 6.0)

    def make(self, d: Draw) -> dict:
        rng, dom = d.rng, d.domain
        m = dom.price
        n = rng.randint(10, 16)
        days = trading_days(rng, n)
        prices = gen.ohlc(rng, m, n)
        taken: set[str] = set()
        vars_ = {"dates": var_name("dates", taken), **{k: var_name(f"{k}_prices", taken) for k in KEYS}}
        return new_spec(self, d, title=f"Daily {m.name} from {days[0]}", about=f"daily {m.label}",
                        measure=m, kind=("trading day", "trading days"), data={"dates": days, **prices}, vars=vars_,
                        colors=[["tab:green", "green"], ["tab:red", "red"]], x_label="Date", y_label=label_with_unit(m.name, m.unit))

    def grow(self, spec: dict, d: Draw) -> bool:
        data = spec["data"]
        if len(data["dates"]) > 24:
            return False
        m = measure_of(spec["measure"])
        more = gen.ohlc(d.rng, m, 6)
        shift = data["close"][-1] - more["open"][0]  # continue from the last close
        for k in KEYS:
            data[k] += [gen.rnd(v + shift, m.dp) for v in more[k]]
        last = dt.datetime.strptime(f"{data['dates'][-1]} 2024", "%b %d %Y").date()  # a leap year parses Feb 29
        while len(data["dates"]) < len(data["close"]):
            last += dt.timedelta(days=1)
            if last.weekday() < 5:
                data["dates"].append(last.strftime("%b %d"))
        return True

    def tol(self, spec: dict) -> float:
        d = spec["data"]
        return read_tol(d["high"] + d["low"], False, from_zero=False, dp=spec["measure"]["dp"])

    def tables(self, spec: dict) -> list:
        d, m = spec["data"], spec["measure"]
        rows = [[day] + [d[k][i] for k in KEYS] for i, day in enumerate(d["dates"])]
        return [table(["Date", "Open", "High", "Low", "Close"], rows, {k.capitalize(): m["unit"] for k in KEYS}, spec["title"])]

    def describe(self, spec: dict) -> list[str]:
        d, m = spec["data"], spec["measure"]
        show = lambda v: with_unit(v, m["unit"], m["dp"])  # noqa: E731
        ups = sum(1 for o, c in zip(d["open"], d["close"]) if c > o)
        hi = d["high"].index(max(d["high"]))
        lo = d["low"].index(min(d["low"]))
        out = [f"{len(d['dates'])} candles from {d['dates'][0]} to {d['dates'][-1]}: {ups} close higher (green) and "
               f"{len(d['dates']) - ups} lower (red).",
               f"The price opens at {show(d['open'][0])} and closes at {show(d['close'][-1])}; the high is {show(d['high'][hi])} on "
               f"{d['dates'][hi]} and the low {show(d['low'][lo])} on {d['dates'][lo]}."]
        if spec["extras"].get("moving_average"):
            out.append("A dashed line shows the 3-day moving average of the close.")
        return out

    def elements(self, spec: dict) -> list[str]:
        return [] if "moving_average" in spec["extras"] else ["moving_average"]

    def data_lines(self, spec: dict) -> list[str]:
        v, d = spec["vars"], spec["data"]
        return [assign(v["dates"], d["dates"])] + [assign(v[k], d[k]) for k in KEYS]

    def ask(self, spec: dict, a: Asker) -> None:
        d, m = spec["data"], spec["measure"]
        dates, n = d["dates"], len(d["dates"])
        dp, unit, r = m["dp"], m["unit"], self.tol(spec)
        show = lambda v: with_unit(v, unit, dp)  # noqa: E731
        ask_title(spec, a)
        ask_axis(spec, a)
        ups = [dates[i] for i in range(n) if d["close"][i] > d["open"][i]]
        a.count("ohlc.up_days", "recognition", a.say(["How many green candles (days that closed above their open) are there?",
                                                        "On how many days did the price close higher than it opened?"]),
                len(ups), [f"Green candles: {', '.join(ups) or 'none'}.", f"That is {len(ups)}."])
        order = sorted(range(n), key=lambda i: -d["high"][i])
        if d["high"][order[0]] - d["high"][order[1]] > 2 * r:
            q = a.say(["On which date does the price reach its highest high?", "Which day's candle wick reaches highest?"])
            a.text("ohlc.max_high_day", "recognition", q, dates[order[0]], [f"The tallest wick is on {dates[order[0]]} at about {show(d['high'][order[0]])}."])
        i = a.rng.randrange(n)
        q = a.say(["What was the closing price on {d}?", "At what price did the market close on {d}?"], d=dates[i])
        a.number("ohlc.close", "recognition", q, d["close"][i], [f"The candle for {dates[i]} closes at about {show(d['close'][i])}."],
                 unit=unit, dp=dp, abs_tol=r, args={"date": dates[i]})
        ranges = [h - lo for h, lo in zip(d["high"], d["low"])]
        ro = sorted(range(n), key=lambda j: -ranges[j])
        if ranges[ro[0]] - ranges[ro[1]] > 4 * r:
            q = a.say(["Which day has the widest range between its high and its low?", "On which date is the candle (with wicks) longest?"])
            a.text("ohlc.widest_day", "reasoning", q, dates[ro[0]], [f"{dates[ro[0]]}: {num(d['high'][ro[0]], dp)} - {num(d['low'][ro[0]], dp)} = {num(ranges[ro[0]], dp)}, the largest range."])
        net = d["close"][-1] - d["open"][0]
        q = a.say(["By how much did the price change from the first open to the last close?", "What is the last close minus the first open?"])
        a.number("ohlc.net_change", "reasoning", q, net, [f"First open {show(d['open'][0])}, last close {show(d['close'][-1])}.",
                                                          f"{num(d['close'][-1], dp)} - {num(d['open'][0], dp)} = {num(net, dp)}."],
                 unit=unit, dp=dp, abs_tol=2 * r)
        pct = net / d["open"][0] * 100
        q = a.say(["By what percentage did the price change from the first open to the last close?"])
        a.number("ohlc.pct_change", "reasoning", q, pct, [f"({num(d['close'][-1], dp)} - {num(d['open'][0], dp)}) / {num(d['open'][0], dp)} x 100 = {num(pct, 2)}%."],
                 unit="%", dp=2, abs_tol=max(0.05, 2 * r / d["open"][0] * 100))
        downs = n - len(ups)
        q = a.say(["How many more days closed up than down (negative if fewer)?", "What is the number of up days minus the number of down days?"])
        a.count("ohlc.up_minus_down", "reasoning", q, len(ups) - downs,
                [f"{len(ups)} green and {downs} red candles.", f"{len(ups)} - {downs} = {len(ups) - downs}."])
        span = max(d["high"]) - min(d["low"])
        q = a.say(["What is the difference between the highest high and the lowest low over the period?", "How wide is the full price range shown?"])
        a.number("ohlc.full_range", "reasoning", q, span, [f"Highest high {show(max(d['high']))}; lowest low {show(min(d['low']))}.",
                                                           f"{num(max(d['high']), dp)} - {num(min(d['low']), dp)} = {num(span, dp)}."],
                 unit=unit, dp=dp, abs_tol=2 * r)
        avg = sum(d["close"]) / n
        q = a.say(["What is the average closing price over all days shown?", "Averaged over the period, where did the price close?"])
        a.number("ohlc.mean_close", "reasoning", q, avg, [f"Closes: {', '.join(num(c, dp) for c in d['close'])}.", f"Their mean is {num(avg, 2)}."],
                 unit=unit, dp=2, abs_tol=r)
        if spec["extras"].get("moving_average") and n >= 4:
            i = a.rng.randrange(2, n)
            ma = sum(d["close"][i - 2 : i + 1]) / 3
            q = a.say(["What is the value of the 3-day moving average on {d}?", "On {d}, where does the dashed moving-average line sit?"], d=dates[i])
            a.number("ohlc.moving_average", "reasoning", q, ma,
                     [f"Closes on the three days up to {dates[i]}: {', '.join(num(c, dp) for c in d['close'][i - 2 : i + 1])}.",
                      f"Their mean is {num(ma, 2)}."], unit=unit, dp=2, abs_tol=r, args={"date": dates[i]}, priority=1)
