from cit.engine.shapes.bubbles import Bubbles


class ScatterBubble(Bubbles):
    family, name = "scatter", "bubble"
    noun = "bubble chart"
    description = "Labelled bubbles positioned by two quantities; bubble area encodes a third, printed under each name."

    def draw(self, spec: dict, ax: str) -> list[str]:
        v, dp = spec["vars"], spec["size_measure"]["dp"]
        return [f"areas = [value / max({v['size']}) * 2500 for value in {v['size']}]",
                f"{ax}.scatter({v['x']}, {v['y']}, s=areas, color=colors, alpha=0.6, edgecolor=\"black\", linewidth=0.6)",
                f"for name, x, y, value in zip({v['labels']}, {v['x']}, {v['y']}, {v['size']}):",
                f"    {ax}.annotate(f\"{{name}}\\n{{value:,.{dp}f}}\", (x, y), ha=\"center\", va=\"center\", fontsize=8)",
                f"{ax}.margins(0.15)", f"{ax}.grid(alpha=0.3)"]


TYPE = ScatterBubble()
