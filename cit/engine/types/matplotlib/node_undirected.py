from cit.engine.shapes.graph import Graph


class NodeUndirected(Graph):
    family, name = "node", "undirected"
    noun = "network graph"
    description = "Nodes placed on a circle and joined by weighted links, each labelled with its value."

    def draw(self, spec: dict, ax: str) -> list[str]:
        v, dp = spec["vars"], spec["measure"]["dp"]
        graph = "nx.DiGraph()" if self.directed else "nx.Graph()"
        fill, hub = spec["colors"][0][0], spec["colors"][1][0]
        out = [f"G = {graph}",
               f"G.add_nodes_from({v['nodes']})",
               f"G.add_weighted_edges_from({v['edges']})",
               "pos = nx.circular_layout(G)"]
        if spec["extras"].get("highlight_hub"):
            out += ["hub = max(G.degree, key=lambda item: item[1])[0]",
                    f"node_colors = [\"{hub}\" if node == hub else \"{fill}\" for node in G.nodes]"]
        else:
            out.append(f"node_colors = \"{fill}\"")
        bend = ", connectionstyle=\"arc3,rad=0.08\"" if self.directed else ""
        place = "" if self.directed else ", label_pos=0.3, rotate=False"
        arrows = f", arrows=True, arrowstyle=\"-|>\", arrowsize=18{bend}" if self.directed else ""
        out += [f"nx.draw_networkx_nodes(G, pos, node_color=node_colors, node_size=2200, edgecolors=\"black\", ax={ax})",
                f"nx.draw_networkx_labels(G, pos, font_size=9, ax={ax})",
                f"nx.draw_networkx_edges(G, pos, width=[1 + 3 * w / max(w for _, _, w in {v['edges']}) for _, _, w in G.edges(data=\"weight\")],",
                f"                       edge_color=\"gray\", node_size=2200{arrows}, ax={ax})",
                f"edge_labels = {{(a, b): f\"{{w:,.{dp}f}}\" for a, b, w in G.edges(data=\"weight\")}}",
                # Off-centre, unrotated labels: chords of a circle all cross at its centre, where
                # midpoint labels would pile up.
                f"nx.draw_networkx_edge_labels(G, pos, edge_labels=edge_labels, font_size=8{bend}{place}, ax={ax})",
                f"{ax}.margins(0.12)",
                f"{ax}.axis(\"off\")"]
        return out


TYPE = NodeUndirected()
