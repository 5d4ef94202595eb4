from cit.engine.shapes.waterfall import Waterfall


class WaterfallChart(Waterfall):
    family, name = "specific", "waterfall"
    noun = "waterfall chart"
    description = "A start total, floating bars for each positive or negative contribution, and the end total."

    def draw(self, spec: dict, ax: str) -> list[str]:
        v, data, dp = spec["vars"], spec["data"], spec["measure"]["dp"]
        c = [col[0] for col in spec["colors"]]
        return [f"steps = [{data['start_label']!r}] + {v['labels']} + [{data['end_label']!r}]".replace("'", '"'),
                f"running = {v['start']}",
                f"bottoms, heights, bar_colors = [0], [{v['start']}], [\"{c[0]}\"]",
                f"for change in {v['changes']}:",
                "    bottoms.append(running if change >= 0 else running + change)",
                "    heights.append(abs(change))",
                f"    bar_colors.append(\"{c[1]}\" if change >= 0 else \"{c[2]}\")",
                "    running += change",
                "bottoms.append(0)",
                "heights.append(running)",
                f"bar_colors.append(\"{c[3]}\")",
                f"bars = {ax}.bar(steps, heights, bottom=bottoms, color=bar_colors, width=0.6, edgecolor=\"black\", linewidth=0.5)",
                f"bar_texts = [f\"{{{v['start']}:,.{dp}f}}\"] + [f\"{{change:+,.{dp}f}}\" for change in {v['changes']}] + [f\"{{running:,.{dp}f}}\"]",
                f"{ax}.bar_label(bars, labels=bar_texts, padding=3, fontsize=9)",
                f"{ax}.tick_params(axis=\"x\", rotation=30)",
                f"{ax}.margins(y=0.12)",
                f"{ax}.grid(axis=\"y\", linestyle=\":\", alpha=0.6)",
                f"{ax}.set_axisbelow(True)"]


TYPE = WaterfallChart()
