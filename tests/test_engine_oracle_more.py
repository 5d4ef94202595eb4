"""The answer oracle, continued: points, bubbles, grids, distributions, hierarchies,
networks and price candles (see test_engine_oracle.py). Helpers only; no tests here."""

from __future__ import annotations

import networkx as nx
import numpy as np

from test_engine_oracle import series_shown, shown, template


def leader(d: dict) -> str:
    """The entity the left chart ranks first, recomputed per data shape."""
    s = d["shape"]
    if s == "categorical":
        scores = shown(d)
    elif s == "series":
        scores = {n: float(np.mean(v)) for n, v in series_shown(d).items()}
    elif s == "distribution":
        scores = {n: float(np.percentile(v, 50)) for n, v in d["groups"].items()}
    elif s == "points":
        scores = {n: float(np.mean(y)) for n, (x, y) in d["groups"].items()}
    elif s == "bubbles":
        scores = dict(zip(d["labels"], d["size"]))
    elif s == "matrix":
        scores = {r: float(np.mean(v)) for r, v in zip(d["rows"], d["values"])}
    elif s == "hierarchy":
        scores = {p: sum(c.values()) for p, c in d["parents"].items()}
    elif s == "graph":
        scores = dict(graph(d).degree)
    elif s == "waterfall":
        scores = dict(zip(d["labels"], d["changes"]))
    else:
        raise AssertionError(f"no leader for shape {s}")
    return max(scores, key=scores.get)


# ---- points ------------------------------------------------------------------------------
def every_point(d: dict) -> list[tuple[float, float]]:
    return [(x, y) for xs, ys in d["groups"].values() for x, y in zip(xs, ys)]


def group(d: dict, a: dict) -> tuple[list, list]:
    return d["groups"][a["group"]]


def fit(d: dict) -> tuple[float, float]:
    xs, ys = next(iter(d["groups"].values()))
    slope, intercept = np.polyfit(xs, ys, 1)
    return float(f"{slope:.3g}"), round(float(intercept), 1)


template("pts.count_groups")(lambda d, a: len(d["groups"]))
template("pts.count")(lambda d, a: len(group(d, a)[0]))
template("pts.x_of_max_y")(lambda d, a: group(d, a)[0][int(np.argmax(group(d, a)[1]))])
template("pts.correlation")(lambda d, a: "positive" if np.corrcoef(*group(d, a))[0, 1] > 0 else "negative")
template("pts.group_of_max")(lambda d, a: max(d["groups"], key=lambda n: max(d["groups"][n][1])))
template("pts.widest_x")(lambda d, a: max(d["groups"], key=lambda n: np.ptp(d["groups"][n][0])))
template("pts.x_range")(lambda d, a: float(np.ptp(group(d, a)[0])))
template("fit.slope")(lambda d, a: fit(d)[0])
template("fit.predict")(lambda d, a: fit(d)[0] * a["x"] + fit(d)[1])
template("pts.mean_y")(lambda d, a: float(np.mean([p[1] for p in every_point(d)])))
template("pts.annotated_x")(lambda d, a: max(every_point(d), key=lambda p: p[1])[0])


@template("pts.upper_right")
def _upper_right(d: dict, a: dict) -> int:
    pts = np.array(every_point(d))
    mx, my = pts.mean(axis=0)
    return int(np.sum((pts[:, 0] > mx) & (pts[:, 1] > my)))


# ---- bubbles -----------------------------------------------------------------------------
def bub(d: dict, key: str, label: str) -> float:
    return d[key][d["labels"].index(label)]


template("bub.count")(lambda d, a: len(d["labels"]))
template("bub.largest")(lambda d, a: d["labels"][int(np.argmax(d["size"]))])
template("bub.size")(lambda d, a: bub(d, "size", a["label"]))
template("bub.max_y")(lambda d, a: d["labels"][int(np.argmax(d["y"]))])
template("bub.max_z")(lambda d, a: d["labels"][int(np.argmax(d["z"]))])
template("bub.x")(lambda d, a: bub(d, "x", a["label"]))
template("bub.size_ratio")(lambda d, a: max(d["size"]) / min(d["size"]))
template("bub.y_of_largest")(lambda d, a: d["y"][int(np.argmax(d["size"]))])
template("bub.y_diff")(lambda d, a: bub(d, "y", a["a"]) - bub(d, "y", a["b"]))


# ---- matrix ------------------------------------------------------------------------------
def cell(d: dict, row: str, col) -> float:
    return d["values"][d["rows"].index(row)][d["cols"].index(col)]


template("mat.value")(lambda d, a: cell(d, a["row"], a["col"]))
template("mat.row_argmax")(lambda d, a: str(d["cols"][int(np.argmax(d["values"][d["rows"].index(a["row"])]))]))
template("mat.max_row")(lambda d, a: d["rows"][int(np.unravel_index(np.argmax(d["values"]), np.shape(d["values"]))[0])])
template("mat.top_row")(lambda d, a: d["rows"][int(np.argmax(np.sum(d["values"], axis=1)))])
template("mat.col_mean")(lambda d, a: float(np.mean([row[d["cols"].index(a["col"])] for row in d["values"]])))
template("mat.diff")(lambda d, a: cell(d, a["a"], a["col"]) - cell(d, a["b"], a["col"]))
template("mat.count_above")(lambda d, a: int(np.sum(np.array(d["values"]) > a["threshold"])))


# ---- distributions -----------------------------------------------------------------------
def med(d: dict, name: str) -> float:
    return float(np.percentile(d["groups"][name], 50))


def iqr(values: list) -> float:
    q1, q3 = np.percentile(values, [25, 75])
    return float(q3 - q1)


def counts(d: dict) -> np.ndarray:
    return np.histogram(next(iter(d["groups"].values())), bins=d["bins"])[0]


def bin_label(d: dict, i: int) -> str:
    fmt = lambda v: f"{v:.2f}".rstrip("0").rstrip(".")  # noqa: E731
    return f"{fmt(d['bins'][i])}–{fmt(d['bins'][i + 1])}"


template("dist.count")(lambda d, a: len(d["groups"]))
template("dist.median")(lambda d, a: med(d, a["group"]))
template("dist.max_median")(lambda d, a: max(d["groups"], key=lambda n: med(d, n)))
template("dist.widest_iqr")(lambda d, a: max(d["groups"], key=lambda n: iqr(d["groups"][n])))
template("dist.median_diff")(lambda d, a: med(d, a["a"]) - med(d, a["b"]))
template("dist.iqr")(lambda d, a: iqr(d["groups"][a["group"]]))
template("dist.mean_above_median")(lambda d, a: "Yes" if np.mean(d["groups"][a["group"]]) > med(d, a["group"]) else "No")
template("dist.above_ref")(lambda d, a: sum(1 for n in d["groups"] if med(d, n) > a["ref"]))
template("hist.total")(lambda d, a: int(counts(d).sum()))
template("hist.mode_bin")(lambda d, a: bin_label(d, int(np.argmax(counts(d)))))
template("hist.count_bin")(lambda d, a: int(counts(d)[a["bin"]]))
template("hist.at_least")(lambda d, a: int(counts(d)[d["bins"].index(a["edge"]):].sum()))
template("hist.share_at_least")(lambda d, a: counts(d)[d["bins"].index(a["edge"]):].sum() / counts(d).sum() * 100)
template("hist.mean")(lambda d, a: float(np.mean(next(iter(d["groups"].values())))))
template("hist.mean_bin")(lambda d, a: bin_label(d, min(int(np.searchsorted(d["bins"], np.mean(next(iter(d["groups"].values()))), side="right")) - 1,
                                                       len(d["bins"]) - 2)))


# ---- hierarchy ---------------------------------------------------------------------------
def parent_pct(d: dict) -> dict[str, float]:
    total = sum(sum(c.values()) for c in d["parents"].values())
    return {p: round(sum(c.values()) / total * 100, 1) for p, c in d["parents"].items()}


def child_pct(d: dict) -> dict[str, float]:
    total = sum(sum(c.values()) for c in d["parents"].values())
    return {k: round(v / total * 100, 1) for c in d["parents"].values() for k, v in c.items()}


template("hier.count_parents")(lambda d, a: len(d["parents"]))
template("hier.parent_share")(lambda d, a: parent_pct(d)[a["parent"]])
template("hier.count_children")(lambda d, a: len(d["parents"][a["parent"]]))
template("hier.max_parent")(lambda d, a: max(parent_pct(d), key=parent_pct(d).get))
template("hier.max_child")(lambda d, a: max(child_pct(d), key=child_pct(d).get))
template("hier.child_within")(lambda d, a: d["parents"][a["parent"]][a["child"]] / sum(d["parents"][a["parent"]].values()) * 100)
template("hier.parent_diff")(lambda d, a: parent_pct(d)[a["a"]] - parent_pct(d)[a["b"]])
template("hier.total")(lambda d, a: float(sum(sum(c.values()) for c in d["parents"].values())))


# ---- networks ----------------------------------------------------------------------------
def graph(d: dict) -> nx.Graph:
    g = nx.DiGraph() if d["directed"] else nx.Graph()
    g.add_nodes_from(d["nodes"])
    g.add_weighted_edges_from(d["edges"])
    return g


template("graph.nodes")(lambda d, a: graph(d).number_of_nodes())
template("graph.edges")(lambda d, a: graph(d).number_of_edges())
template("graph.weight")(lambda d, a: graph(d)[a["a"]][a["b"]]["weight"])
template("graph.hub")(lambda d, a: max(dict(graph(d).degree), key=dict(graph(d).degree).get))
template("graph.degree")(lambda d, a: graph(d).degree[a["node"]])
template("graph.node_total")(lambda d, a: float(graph(d).degree(weight="weight")[a["node"]]))
template("graph.linked")(lambda d, a: "Yes" if graph(d).has_edge(a["a"], a["b"]) else "No")
template("graph.shortest")(lambda d, a: float(nx.shortest_path_length(graph(d), a["a"], a["b"], weight="weight")))
template("graph.max_inflow")(lambda d, a: max(d["nodes"], key=lambda n: graph(d).in_degree(n, weight="weight")))


# ---- price candles -----------------------------------------------------------------------
template("ohlc.up_days")(lambda d, a: int(np.sum(np.array(d["close"]) > np.array(d["open"]))))
template("ohlc.max_high_day")(lambda d, a: d["dates"][int(np.argmax(d["high"]))])
template("ohlc.close")(lambda d, a: d["close"][d["dates"].index(a["date"])])
template("ohlc.widest_day")(lambda d, a: d["dates"][int(np.argmax(np.subtract(d["high"], d["low"])))])
template("ohlc.net_change")(lambda d, a: d["close"][-1] - d["open"][0])
template("ohlc.pct_change")(lambda d, a: (d["close"][-1] / d["open"][0] - 1) * 100)
template("ohlc.moving_average")(lambda d, a: float(np.mean(d["close"][d["dates"].index(a["date"]) - 2 : d["dates"].index(a["date"]) + 1])))
template("dist.range")(lambda d, a: float(np.ptp(d["groups"][a["group"]])))
template("dist.compare")(lambda d, a: "Yes" if med(d, a["a"]) > med(d, a["b"]) else "No")
template("dist.median_spread")(lambda d, a: max(med(d, n) for n in d["groups"]) - min(med(d, n) for n in d["groups"]))
template("hist.two_bins")(lambda d, a: int(counts(d)[a["bin"]] + counts(d)[a["bin"] + 1]))
template("hist.mode_share")(lambda d, a: counts(d).max() / counts(d).sum() * 100)
template("hist.bins_above")(lambda d, a: int(np.sum(counts(d) > a["count"])))
template("pts.count_above")(lambda d, a: sum(1 for p in every_point(d) if p[1] > a["y"]))
template("pts.y_range")(lambda d, a: float(np.ptp([p[1] for p in every_point(d)])))
template("ohlc.up_minus_down")(lambda d, a: int(np.sum(np.array(d["close"]) > np.array(d["open"])) * 2 - len(d["close"])))
template("ohlc.full_range")(lambda d, a: max(d["high"]) - min(d["low"]))
template("ohlc.mean_close")(lambda d, a: float(np.mean(d["close"])))
