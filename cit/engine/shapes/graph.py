"""Weighted networks: nodes and labelled edges (node graphs).

spec["data"] = {"nodes": [...], "edges": [[source, target, weight], ...], "directed": bool}.
Edge weights are printed on the edges, so weight questions are exact.
"""

from __future__ import annotations

import heapq
from typing import ClassVar

import cit.engine.data as gen
from cit.engine.base import ChartType, Draw, measure_of
from cit.engine.code import assign
from cit.engine.qa import Asker
from cit.engine.shapes.common import ask_title, new_spec, table
from cit.engine.text import cap, join, num, var_name, with_unit


def degree(spec: dict) -> dict[str, int]:
    deg = {n: 0 for n in spec["data"]["nodes"]}
    for a, b, _ in spec["data"]["edges"]:
        deg[a] += 1
        deg[b] += 1
    return deg


def shortest(spec: dict, src: str, dst: str) -> float | None:
    """Dijkstra over edge weights (following edge direction when directed)."""
    adj: dict[str, list[tuple[str, float]]] = {n: [] for n in spec["data"]["nodes"]}
    for a, b, w in spec["data"]["edges"]:
        adj[a].append((b, w))
        if not spec["data"]["directed"]:
            adj[b].append((a, w))
    best = {src: 0.0}
    heap = [(0.0, src)]
    while heap:
        d, n = heapq.heappop(heap)
        if n == dst:
            return d
        if d > best.get(n, float("inf")):
            continue
        for m, w in adj[n]:
            if d + w < best.get(m, float("inf")):
                best[m] = d + w
                heapq.heappush(heap, (d + w, m))
    return None


class Graph(ChartType):
    directed: ClassVar[bool] = False
    axis_labels = False
    labeled = True
    needs = frozenset({"flow"})
    evolvable = ("more-data", "visual-elements", "subplot")
    figsize = (9.0, 7.5)

    def make(self, d: Draw) -> dict:
        rng, dom = d.rng, d.domain
        m = dom.flow
        kind, pool = (dom.entity, dom.entities) if dom.flow_between == "entities" else (dom.group, dom.groups)
        nodes = gen.pick(rng, pool, rng.randint(5, 7))
        edges = gen.edges(rng, nodes, m, self.directed)
        year = gen.period_year(rng, dom)
        taken: set[str] = set()
        title = f"{cap(m.name)} between {kind[1]} ({year})"
        return new_spec(self, d, title=title, about=f"{m.label} between {kind[1]} as a {'directed ' if self.directed else ''}network, {year}",
                        measure=m, kind=kind, data={"nodes": nodes, "edges": edges, "directed": self.directed},
                        vars={"nodes": var_name(kind[1], taken), "edges": var_name("links", taken)},
                        colors=[["#8ecae6", "light blue"], ["#fb8500", "orange"]])

    def grow(self, spec: dict, d: Draw) -> bool:
        data = spec["data"]
        pool = d.domain.entities if d.domain.flow_between == "entities" else d.domain.groups
        new = gen.pick(d.rng, pool, 1, avoid=data["nodes"])
        if not new or len(data["nodes"]) >= 8:
            return False
        m = measure_of(spec["measure"])
        data["nodes"].append(new[0])
        for other in d.rng.sample(data["nodes"][:-1], 2):
            a, b = (new[0], other) if d.rng.random() < 0.5 else (other, new[0])
            data["edges"].append([a, b, gen.rnd(d.rng.uniform(m.lo, m.hi), m.dp)])
        return True

    def tables(self, spec: dict) -> list:
        m = spec["measure"]
        cols = ["Source", "Target", cap(m["name"])] if self.directed else ["Node A", "Node B", cap(m["name"])]
        return [table(cols, [list(e) for e in spec["data"]["edges"]], {cols[2]: m["unit"]}, spec["title"])]

    def describe(self, spec: dict) -> list[str]:
        data, m = spec["data"], spec["measure"]
        deg = degree(spec)
        hub = max(deg, key=deg.get)
        heavy = max(data["edges"], key=lambda e: e[2])
        arrow = "→" if self.directed else "–"
        out = [f"{len(data['nodes'])} nodes ({join(data['nodes'])}) are joined by {len(data['edges'])} {'arrows' if self.directed else 'links'}, "
               f"each labelled with its {m['name']}.",
               f"{hub} has the most connections ({deg[hub]}); the heaviest link is {heavy[0]} {arrow} {heavy[1]} at {with_unit(heavy[2], m['unit'], m['dp'])}."]
        if spec["extras"].get("highlight_hub"):
            out.append(f"The best-connected node, {hub}, is highlighted in orange.")
        return out

    def leaders(self, spec: dict):
        deg = degree(spec)
        return list(deg), [float(v) for v in deg.values()], "number of connections", 0.0

    def elements(self, spec: dict) -> list[str]:
        deg = sorted(degree(spec).values(), reverse=True)
        return [] if "highlight_hub" in spec["extras"] or deg[0] == deg[1] else ["highlight_hub"]

    def data_lines(self, spec: dict) -> list[str]:
        v, data = spec["vars"], spec["data"]
        return [assign(v["nodes"], data["nodes"]), assign(v["edges"], [tuple(e) for e in data["edges"]])]

    def ask(self, spec: dict, a: Asker) -> None:
        data, m = spec["data"], spec["measure"]
        nodes, edges = data["nodes"], data["edges"]
        dp, unit = m["dp"], m["unit"]
        deg = degree(spec)
        ask_title(spec, a)
        a.count("graph.nodes", "recognition", a.say(["How many nodes does the network have?", "How many {ks} appear as nodes?"], ks=spec["kind"][1]),
                len(nodes), [f"The nodes are {join(nodes)}.", f"That is {len(nodes)}."])
        a.count("graph.edges", "recognition", a.say(["How many edges connect the nodes?", "How many links are drawn in the network?"]),
                len(edges), [f"Counting the labelled links gives {len(edges)}."])
        a_, b_, w = a.rng.choice(edges)
        q = a.say(["What {m} is shown on the link between {a} and {b}?", "What is the weight of the edge connecting {a} and {b}?"],
                  m=m["name"], a=a_, b=b_) if not self.directed else \
            a.say(["What {m} goes from {a} to {b}?", "What value labels the arrow from {a} to {b}?"], m=m["name"], a=a_, b=b_)
        a.number("graph.weight", "recognition", q, w, [f"The edge {a_} - {b_} is labelled {num(w, dp)}."], unit=unit, dp=dp, args={"a": a_, "b": b_})
        order = sorted(nodes, key=lambda n: -deg[n])
        if deg[order[0]] > deg[order[1]]:
            q = a.say(["Which node has the most connections?", "Which {k} is linked to the largest number of others?"], k=spec["kind"][0])
            a.text("graph.hub", "recognition", q, order[0], [", ".join(f"{n}: {deg[n]}" for n in order) + " connections.", f"{order[0]} has the most."],
                   priority=1 if spec["extras"].get("highlight_hub") else 0)
        n = a.rng.choice(nodes)
        q = a.say(["How many connections does {n} have?", "How many edges touch {n}?"], n=n)
        a.count("graph.degree", "recognition", q, deg[n], [f"Edges at {n}: " + ", ".join(f"{e[0]}-{e[1]}" for e in edges if n in e[:2]) + "."],
                args={"node": n})
        n = a.rng.choice(nodes)
        touching = [e for e in edges if n in e[:2]]
        tot = sum(e[2] for e in touching)
        q = a.say(["What is the total {m} on all links touching {n}?", "Summing every edge connected to {n}, what is the total?"], m=m["name"], n=n)
        a.number("graph.node_total", "reasoning", q, tot,
                 [f"Edges at {n}: " + ", ".join(f"{e[0]}-{e[1]} ({num(e[2], dp)})" for e in touching) + ".", f"Sum: {num(tot, dp)}."],
                 unit=unit, dp=max(dp, 1), args={"node": n})
        x, y = a.rng.sample(nodes, 2)
        linked = any((e[0], e[1]) == (x, y) or (not self.directed and (e[0], e[1]) == (y, x)) for e in edges)
        q = a.say(["Is there a direct link between {a} and {b}?", "Are {a} and {b} directly connected?"], a=x, b=y) if not self.directed else \
            a.say(["Is there an arrow directly from {a} to {b}?", "Does a direct arrow run from {a} to {b}?"], a=x, b=y)
        a.yesno("graph.linked", "reasoning", q, linked, [f"{'An' if linked else 'No'} edge {x} -> {y} is drawn."], args={"a": x, "b": y})
        pairs = [(p, q_) for p in nodes for q_ in nodes if p != q_ and shortest(spec, p, q_) is not None]
        direct = {(e[0], e[1]) for e in edges} | (set() if self.directed else {(e[1], e[0]) for e in edges})
        indirect = [pq for pq in pairs if pq not in direct]
        if indirect:
            src, dst = a.rng.choice(indirect)
            best = shortest(spec, src, dst)
            q = a.say(["Following the {w}, what is the smallest total {m} of a route from {a} to {b}?",
                       "What is the lowest sum of edge weights along any path from {a} to {b}?"], w="arrows" if self.directed else "links",
                      m=m["name"], a=src, b=dst)
            a.number("graph.shortest", "reasoning", q, best, [f"Comparing the routes from {src} to {dst} by their summed edge labels, the smallest total is {num(best, dp)}."],
                     unit=unit, dp=max(dp, 1), args={"a": src, "b": dst})
        if self.directed:
            inflow = {n: sum(e[2] for e in edges if e[1] == n) for n in nodes}
            top = sorted(nodes, key=lambda n: -inflow[n])
            if inflow[top[0]] > inflow[top[1]]:
                q = a.say(["Which node receives the largest total {m} from incoming arrows?", "Summing incoming arrows, which {k} receives the most?"],
                          m=m["name"], k=spec["kind"][0])
                a.text("graph.max_inflow", "reasoning", q, top[0], [", ".join(f"{n}: {num(inflow[n], dp)}" for n in top) + ".", f"{top[0]} receives the most."])
