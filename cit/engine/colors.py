"""Named palettes: every colour a program draws is written out, and questions name it.

Each entry pairs the colour as the code writes it with the word a question uses. The
words within one palette are distinct hues, so "which series is green?" has one answer.
"""

from __future__ import annotations

import random

MPL_PALETTES: list[list[tuple[str, str]]] = [
    [("tab:blue", "blue"), ("tab:orange", "orange"), ("tab:green", "green"), ("tab:red", "red"),
     ("tab:purple", "purple"), ("tab:brown", "brown"), ("tab:pink", "pink"), ("tab:gray", "gray"),
     ("tab:olive", "olive"), ("tab:cyan", "cyan")],
    [("#2b6cb0", "blue"), ("#dd6b20", "orange"), ("#2f855a", "green"), ("#c53030", "red"),
     ("#6b46c1", "purple"), ("#d69e2e", "yellow"), ("#4a5568", "gray"), ("#b83280", "pink"),
     ("#319795", "teal"), ("#744210", "brown")],
    [("navy", "navy"), ("darkorange", "orange"), ("forestgreen", "green"), ("firebrick", "red"),
     ("orchid", "pink"), ("goldenrod", "gold"), ("teal", "teal"), ("slategray", "gray"),
     ("sienna", "brown"), ("mediumpurple", "purple")],
]

PLOTLY_PALETTES: list[list[tuple[str, str]]] = [
    [("royalblue", "blue"), ("darkorange", "orange"), ("seagreen", "green"), ("crimson", "red"),
     ("mediumpurple", "purple"), ("sienna", "brown"), ("hotpink", "pink"), ("gray", "gray"),
     ("olive", "olive"), ("darkturquoise", "turquoise")],
    [("#1f4e79", "navy"), ("#f28e2b", "orange"), ("#59a14f", "green"), ("#e15759", "red"),
     ("#b07aa1", "purple"), ("#edc948", "yellow"), ("#76b7b2", "teal"), ("#9c755f", "brown"),
     ("#bab0ac", "gray"), ("#ff9da7", "pink")],
]

# Colour maps for continuous values (heatmaps, 3D bars): named, never asked about.
SEQUENTIAL = ["viridis", "YlGnBu", "Blues", "OrRd", "magma", "YlOrBr", "PuBuGn"]

def pick(rng: random.Random, library: str, n: int) -> list[list[str]]:
    """`n` colours as [code colour, word] pairs, from one palette chosen by `rng`."""
    palettes = PLOTLY_PALETTES if library == "plotly" else MPL_PALETTES
    palette = palettes[rng.randrange(len(palettes))]
    start = rng.randrange(len(palette)) if rng.random() < 0.3 else 0
    rotated = palette[start:] + palette[:start]
    return [list(c) for c in (rotated * (n // len(rotated) + 1))[:n]]
