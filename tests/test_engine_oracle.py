"""An answer oracle for the chart engine, written apart from the engine's question code.

It reads the data back out of each emitted program (the literal assignments, via ast),
then recomputes every question template's answer from those numbers with its own code
(numpy, networkx). Only names come from the spec: which variable holds what, which
template and arguments a question used, and display facts such as "shown as shares".
The tests live in test_engine_answers.py; this module only holds the oracle.
"""

from __future__ import annotations

import ast
from typing import Any, Callable

import numpy as np

EXPECT: dict[str, Callable[[dict, dict], Any]] = {}


def template(*names: str):
    def deco(fn):
        for n in names:
            EXPECT[n] = fn
        return fn
    return deco


def read_literals(code: str) -> dict[str, Any]:
    env: dict[str, Any] = {}
    for node in ast.parse(code).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            try:
                env[node.targets[0].id] = ast.literal_eval(node.value)
            except ValueError:
                pass
    return env


def lit_of(values: list) -> str:
    """How the engine writes a short flat list on one line (to find it in a program)."""
    return "[" + ", ".join(repr(v) for v in values) + "]"


def string_constants(code: str) -> set[str]:
    return {n.value for n in ast.walk(ast.parse(code)) if isinstance(n, ast.Constant) and isinstance(n.value, str)}


def _named(env: dict, ref: Any) -> dict[str, Any]:
    """A dict variable, or {name: variable} mappings for single series written as lists."""
    return env[ref] if isinstance(ref, str) else {name: env[var] for name, var in ref.items()}


def data_of(sample) -> dict:
    spec, env = sample.spec, read_literals(sample.code)
    v, keys = spec["vars"], spec["data"]
    d: dict[str, Any] = {"spec": spec, "env": env, "code": sample.code}
    if "changes" in keys:
        d.update(shape="waterfall", start=env[v["start"]], labels=env[v["labels"]], changes=env[v["changes"]])
    elif "labels" in keys and "values" in keys:
        d.update(shape="categorical", labels=env[v["labels"]], values=env[v["values"]], colors=env.get(v.get("colors", "")))
    elif "series" in keys:
        d.update(shape="series", x=env[v["x"]], series=_named(env, v["series"]), colors=env["colors"])
        if "errors" in v:
            errs = env[v["errors"]]
            d["errors"] = errs if isinstance(errs, dict) else {next(iter(d["series"])): errs}
    elif "size" in keys:
        d.update(shape="bubbles", **{k: env[v[k]] for k in ("labels", "x", "y", "size", "z") if k in v})
    elif "groups" in keys and isinstance(next(iter(keys["groups"].values())), dict):
        xs, ys = env[v["x"]], env[v["y"]]
        if isinstance(xs, list):
            xs, ys = {next(iter(keys["groups"])): xs}, {next(iter(keys["groups"])): ys}
        d.update(shape="points", groups={n: (xs[n], ys[n]) for n in xs}, colors=env["colors"])
    elif "groups" in keys:
        d.update(shape="distribution", groups=_named(env, v["groups"]), colors=env["colors"], bins=env.get(v.get("bins", "")))
    elif "rows" in keys:
        d.update(shape="matrix", rows=env[v["rows"]], cols=env[v["cols"]], values=env[v["values"]])
    elif "parents" in keys:
        d.update(shape="hierarchy", parents=env[v["parents"]])
    elif "nodes" in keys:
        d.update(shape="graph", nodes=env[v["nodes"]], edges=[list(e) for e in env[v["edges"]]], directed=keys["directed"])
    elif "open" in keys:
        d.update(shape="ohlc", dates=env[v["dates"]], **{k: env[v[k]] for k in ("open", "high", "low", "close")})
    if spec.get("overlay"):
        d["overlay"] = env[spec["overlay"]["vars"]["values"]]
    if spec.get("panel"):
        p = spec["panel"]
        d["panel"] = dict(zip(env[p["vars"]["labels"]], env[p["vars"]["values"]]))
    return d


def x_labels(d: dict) -> list:
    return d["x"] if d["shape"] == "series" else d["labels"]


# ---- chart-level -------------------------------------------------------------------------
@template("chart.title", "chart.axis", "pan.title")
def _printed_text(d: dict, args: dict) -> Any:
    answer = args["_answer"]
    return answer if answer in string_constants(d["code"]) else f"<{answer!r} is not a string in the program>"


@template("chart.color")
def _color(d: dict, args: dict) -> Any:
    names = {"categorical": lambda: d["labels"], "series": lambda: list(d["series"]), "points": lambda: list(d["groups"]),
             "distribution": lambda: list(d["groups"])}[d["shape"]]()
    return names[d["colors"].index(args["color"])]


# ---- categorical -------------------------------------------------------------------------
def shown(d: dict) -> dict[str, float]:
    vals = d["values"]
    if d["spec"].get("share"):
        total = sum(vals)
        vals = [round(v / total * 100, 1) for v in vals]
    return dict(zip(d["labels"], vals))


template("cat.count")(lambda d, a: len(d["labels"]))
template("cat.max")(lambda d, a: max(shown(d), key=shown(d).get))
template("cat.min")(lambda d, a: min(shown(d), key=shown(d).get))
template("cat.value")(lambda d, a: shown(d)[a["label"]])
template("cat.diff")(lambda d, a: shown(d)[a["a"]] - shown(d)[a["b"]])
template("cat.ratio")(lambda d, a: shown(d)[a["a"]] / shown(d)[a["b"]])
template("cat.mean")(lambda d, a: float(np.mean(list(shown(d).values()))))
template("cat.total")(lambda d, a: float(np.sum(d["values"])))
template("cat.share")(lambda d, a: shown(d)[a["label"]] / sum(d["values"]) * 100)
template("cat.rank")(lambda d, a: sorted(shown(d).values(), reverse=True).index(shown(d)[a["label"]]) + 1)
template("cat.above_mean")(lambda d, a: int(np.sum(np.array(list(shown(d).values())) > np.mean(list(shown(d).values())))))
template("cat.compare")(lambda d, a: "Yes" if shown(d)[a["a"]] > shown(d)[a["b"]] else "No")
template("cat.range")(lambda d, a: max(shown(d).values()) - min(shown(d).values()))
template("cat.top2")(lambda d, a: sum(sorted(shown(d).values(), reverse=True)[:2]))
template("pie.top_vs_rest")(lambda d, a: max(shown(d).values()) - (sum(shown(d).values()) - max(shown(d).values())))
template("funnel.step_rate")(lambda d, a: shown(d)[a["b"]] / shown(d)[a["a"]] * 100)
template("funnel.overall")(lambda d, a: d["values"][-1] / d["values"][0] * 100)
template("funnel.biggest_drop")(lambda d, a: d["labels"][int(np.argmax(-np.diff(d["values"]))) + 1])


# ---- series ------------------------------------------------------------------------------
def series_shown(d: dict) -> dict[str, list[float]]:
    if not d["spec"].get("percent"):
        return d["series"]
    totals = [sum(column) for column in zip(*d["series"].values())]  # as the program sums them
    return {n: [round(v / t * 100, 1) for v, t in zip(vals, totals)] for n, vals in d["series"].items()}


def at(d: dict, x: Any) -> int:
    return d["x"].index(x)


template("ser.count_series")(lambda d, a: len(d["series"]))
template("ser.value")(lambda d, a: series_shown(d)[a["series"]][at(d, a["x"])])
template("ser.highest_at")(lambda d, a: max(series_shown(d), key=lambda n: series_shown(d)[n][at(d, a["x"])]))
template("ser.peak_x")(lambda d, a: str(d["x"][int(np.argmax(series_shown(d)[a["series"]]))]))
template("ser.diff_at")(lambda d, a: series_shown(d)[a["a"]][at(d, a["x"])] - series_shown(d)[a["b"]][at(d, a["x"])])
template("ser.change")(lambda d, a: series_shown(d)[a["series"]][at(d, a["x1"])] - series_shown(d)[a["series"]][at(d, a["x0"])])
template("ser.pct_change")(lambda d, a: (series_shown(d)[a["series"]][at(d, a["x1"])] / series_shown(d)[a["series"]][at(d, a["x0"])] - 1) * 100)
template("ser.mean")(lambda d, a: float(np.mean(series_shown(d)[a["series"]])))
template("ser.direction")(lambda d, a: "Yes" if series_shown(d)[a["series"]][-1] > series_shown(d)[a["series"]][0] else "No")
template("ser.increase_count")(lambda d, a: int(np.sum(np.diff(series_shown(d)[a["series"]]) > 0)))
template("ser.total_at")(lambda d, a: float(sum(vals[at(d, a["x"])] for vals in series_shown(d).values())))
template("ser.top_total")(lambda d, a: max(series_shown(d), key=lambda n: sum(series_shown(d)[n])))
template("ser.max_gap_x")(lambda d, a: str(d["x"][int(np.argmax(np.abs(np.subtract(series_shown(d)[a["a"]], series_shown(d)[a["b"]]))))]))
template("ser.peak_value")(lambda d, a: max(d["series"][a["series"]]))
template("ser.peak_minus")(lambda d, a: max(d["series"][a["series"]]) - d["series"][a["series"]][at(d, a["x"])])
template("ser.error_upper")(lambda d, a: d["series"][a["series"]][at(d, a["x"])] + d["errors"][a["series"]][at(d, a["x"])])


@template("ser.above_ref")
def _above_ref(d: dict, a: dict) -> int:
    vals = np.sum(list(series_shown(d).values()), axis=0) if a["series"] == "total" else np.array(series_shown(d)[a["series"]])
    return int(np.sum(vals > a["ref"]))


# ---- overlay and panel -------------------------------------------------------------------
def base_along_x(d: dict, key: str) -> list[float]:
    if d["shape"] == "categorical":
        return d["values"]
    return list(np.sum(list(d["series"].values()), axis=0)) if key == "total" else d["series"][key]


template("ov.value")(lambda d, a: d["overlay"][x_labels(d).index(a["x"])])
template("ov.peak")(lambda d, a: str(x_labels(d)[int(np.argmax(d["overlay"]))]))
template("ov.change")(lambda d, a: d["overlay"][x_labels(d).index(a["x1"])] - d["overlay"][x_labels(d).index(a["x0"])])
template("ov.at_base_peak")(lambda d, a: d["overlay"][int(np.argmax(base_along_x(d, a["base"])))])


@template("ov.both_rise")
def _both_rise(d: dict, a: dict) -> str:
    b = base_along_x(d, a["base"])
    return "Yes" if b[-1] > b[0] and d["overlay"][-1] > d["overlay"][0] else "No"


def panel_shown(d: dict) -> dict[str, float]:
    p = d["panel"]
    if d["spec"]["panel"]["kind"] != "pie":
        return p
    total = sum(p.values())
    return {k: round(v / total * 100, 1) for k, v in p.items()}


template("pan.max")(lambda d, a: max(panel_shown(d), key=panel_shown(d).get))
template("pan.value")(lambda d, a: panel_shown(d)[a["label"]])


@template("pan.cross")
def _pan_cross(d: dict, a: dict) -> float:
    from test_engine_oracle_more import leader

    assert leader(d) == a["leader"], f"left-chart leader {leader(d)} != {a['leader']}"
    return panel_shown(d)[a["leader"]]


@template("pan.same_leader")
def _pan_same(d: dict, a: dict) -> str:
    from test_engine_oracle_more import leader

    return "Yes" if leader(d) == max(panel_shown(d), key=panel_shown(d).get) else "No"


# ---- waterfall ---------------------------------------------------------------------------
template("wf.end")(lambda d, a: d["start"] + sum(d["changes"]))
template("wf.change")(lambda d, a: d["changes"][d["labels"].index(a["label"])])
template("wf.largest_up")(lambda d, a: d["labels"][int(np.argmax(d["changes"]))])
template("wf.largest_down")(lambda d, a: d["labels"][int(np.argmin(d["changes"]))])
template("wf.neg_count")(lambda d, a: int(np.sum(np.array(d["changes"]) < 0)))
template("wf.net")(lambda d, a: float(np.sum(d["changes"])))
template("wf.running")(lambda d, a: d["start"] + sum(d["changes"][: d["labels"].index(a["label"]) + 1]))
template("ser.range")(lambda d, a: float(np.ptp(series_shown(d)[a["series"]])))
template("ser.compare_at")(lambda d, a: "Yes" if series_shown(d)[a["a"]][at(d, a["x"])] > series_shown(d)[a["b"]][at(d, a["x"])] else "No")
template("ser.top_mean")(lambda d, a: max(series_shown(d), key=lambda n: np.mean(series_shown(d)[n])))
