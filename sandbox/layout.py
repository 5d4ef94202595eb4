"""Text clutter of a rendered matplotlib figure: overlapping and clipped texts.

While a capture draws, every visible non-empty Text artist that is actually drawn (titles,
axis labels, tick labels that survive tick culling, legend entries, annotations) records
its rendered bounding box in pixels. Two numbers come out:
- text_overlaps: pairs of texts whose drawn rectangles overlap by more than a pixel;
- clipped_texts: boxes that reach more than a pixel beyond the saved canvas.
A rotated text (a slanted tick label, a 3D axis name) is its rotated rectangle, not the
axis-aligned box around it: that box also covers the empty corners beside a slanted text.
"""

from __future__ import annotations

from typing import Any

MAX_TEXTS = 3000  # beyond this the chart is unreadable anyway; keep the O(n^2) bounded
# id(text) -> (x0, y0, x1, y1, width, height, degrees): the axis-aligned box, then the
# unrotated size and the rotation. savefig may draw twice (a layout pass with rendering
# disabled, then the real one, possibly on a tight canvas); keyed by artist, the last draw wins.
_boxes: dict[int, tuple[float, ...]] | None = None


def start() -> None:
    global _boxes
    _boxes = {}


def stop() -> list[tuple[float, ...]]:
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
        angle = float(text.get_rotation()) % 180.0
        w, h = box.width, box.height
        if angle not in (0.0, 90.0):
            try:  # the size before rotation: the widest line by the line count
                lines = str(text.get_text()).split("\n")
                sizes = [renderer.get_text_width_height_descent(line, text.get_fontproperties(), ismath=False) for line in lines]
                w = max(sw for sw, _, _ in sizes)
                h = sum(sh for _, sh, _ in sizes) * (1.0 + 0.2 * (len(lines) > 1))
            except Exception:
                angle = 0.0
        _boxes[id(text)] = (box.x0, box.y0, box.x1, box.y1, w, h, angle)
    else:
        _boxes.pop(id(text), None)


def _corners(b: tuple[float, ...]):
    import numpy as np

    x0, y0, x1, y1, w, h, angle = b
    if angle in (0.0, 90.0):
        return np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]])
    t = np.radians(angle)
    u, v = np.array([np.cos(t), np.sin(t)]), np.array([-np.sin(t), np.cos(t)])
    c = np.array([(x0 + x1) / 2, (y0 + y1) / 2])
    return np.array([c + sx * w / 2 * u + sy * h / 2 * v for sx, sy in ((-1, -1), (1, -1), (1, 1), (-1, 1))])


def _rectangles_overlap(a, b) -> bool:
    """Separating axes of two convex quadrilaterals: overlap by more than a pixel on every axis."""
    import numpy as np

    for poly in (a, b):
        for k in range(2):
            edge = poly[k + 1] - poly[k]
            axis = np.array([-edge[1], edge[0]]) / (np.hypot(*edge) or 1.0)
            pa, pb = a @ axis, b @ axis
            if min(pa.max(), pb.max()) - max(pa.min(), pb.min()) <= 1.0:
                return False
    return True


def measure(boxes: list[tuple[float, ...]], width: int, height: int) -> dict[str, int]:
    import numpy as np

    if not boxes:
        return {"texts": 0, "text_overlaps": 0, "clipped_texts": 0}
    b = np.asarray([box[:4] for box in boxes], dtype=float)
    x0, y0, x1, y1 = b[:, 0], b[:, 1], b[:, 2], b[:, 3]
    ox = np.minimum(x1[:, None], x1[None, :]) - np.maximum(x0[:, None], x0[None, :])
    oy = np.minimum(y1[:, None], y1[None, :]) - np.maximum(y0[:, None], y0[None, :])
    overlap = np.triu((ox > 1.0) & (oy > 1.0), k=1)
    pairs = 0
    for i, j in zip(*np.nonzero(overlap)):  # boxes meet: do the texts themselves?
        plain = boxes[i][6] in (0.0, 90.0) and boxes[j][6] in (0.0, 90.0)
        pairs += plain or _rectangles_overlap(_corners(boxes[i]), _corners(boxes[j]))
    clipped = int(((x0 < -1) | (y0 < -1) | (x1 > width + 1) | (y1 > height + 1)).sum())
    return {"texts": len(boxes), "text_overlaps": pairs, "clipped_texts": clipped}
