"""Text clutter of a rendered matplotlib figure: overlapping and clipped texts.

While a capture draws, every visible non-empty Text artist that is actually drawn (titles,
axis labels, tick labels that survive tick culling, legend entries, annotations) records
its rendered bounding box in pixels. Two numbers come out:
- text_overlaps: pairs of boxes that overlap by more than a pixel each way;
- clipped_texts: boxes that reach more than a pixel beyond the saved canvas.
Boxes are axis-aligned, so rotated labels count as their bounding rectangle.
"""

from __future__ import annotations

from typing import Any

MAX_TEXTS = 3000  # beyond this the chart is unreadable anyway; keep the O(n^2) bounded
# id(text) -> box. savefig may draw twice (a layout pass with rendering disabled, then the
# real one, possibly on a tight canvas); keyed by artist, the last draw wins.
_boxes: dict[int, tuple[float, float, float, float]] | None = None


def start() -> None:
    global _boxes
    _boxes = {}


def stop() -> list[tuple[float, float, float, float]]:
    global _boxes
    boxes, _boxes = list((_boxes or {}).values()), None
    return boxes


def record(text: Any, renderer: Any) -> None:
    if _boxes is None or (len(_boxes) >= MAX_TEXTS and id(text) not in _boxes):
        return
    try:
        if not text.get_visible() or not str(text.get_text()).strip():
            return
        box = text.get_window_extent(renderer)
    except Exception:  # a broken artist must not break the capture
        return
    if box.width > 0 and box.height > 0:
        _boxes[id(text)] = (box.x0, box.y0, box.x1, box.y1)
    else:
        _boxes.pop(id(text), None)


def measure(boxes: list[tuple[float, float, float, float]], width: int, height: int) -> dict[str, int]:
    import numpy as np

    if not boxes:
        return {"texts": 0, "text_overlaps": 0, "clipped_texts": 0}
    b = np.asarray(boxes, dtype=float)
    x0, y0, x1, y1 = b[:, 0], b[:, 1], b[:, 2], b[:, 3]
    ox = np.minimum(x1[:, None], x1[None, :]) - np.maximum(x0[:, None], x0[None, :])
    oy = np.minimum(y1[:, None], y1[None, :]) - np.maximum(y0[:, None], y0[None, :])
    overlap = (ox > 1.0) & (oy > 1.0)
    pairs = int(np.triu(overlap, k=1).sum())
    clipped = int(((x0 < -1) | (y0 < -1) | (x1 > width + 1) | (y1 > height + 1)).sum())
    return {"texts": len(boxes), "text_overlaps": pairs, "clipped_texts": clipped}
