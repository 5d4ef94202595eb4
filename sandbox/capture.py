"""Capture every figure a chart program draws, whatever API it uses (runs in the job child).

matplotlib: `savefig` (any filename or file object, any format), `plt.show()`, and figures
left open when the program ends. Each capture renders a PNG in memory with the DPI capped
so the image stays near the pixel cap, and measures text clutter during that same draw.
plotly: `show`, `write_image`, `to_image`, `write_html` and their `plotly.io` forms; the
figure travels as JSON and the shared warm renderer outside this process draws it.

Captures stream to the zygote as they happen, so a program that dies after saving still
yields its image. A figure captured again without any change in between (savefig, then
show) is not sent twice.
"""

from __future__ import annotations

import functools
import io
import json
import math
import os
import struct
from typing import Any

from . import layout
from .frames import write_frame

# A 1x1 PNG handed back by plotly's to_image(): the real image is drawn outside the job.
TINY_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)
PLOTLY_SIZE = (700, 500)  # plotly's default image size


def png_size(data: bytes) -> tuple[int, int]:
    if data[:8] != b"\x89PNG\r\n\x1a\n" or len(data) < 24:
        return 0, 0
    return struct.unpack(">II", data[16:24])


class Capture:
    def __init__(self, fd: int, max_pixels: int, max_captures: int = 64):
        self.fd = fd
        self.max_pixels = max_pixels
        self.max_captures = max_captures
        self.count = 0
        self._mpl_seen: dict[int, int] = {}  # id(figure) -> change counter at its last capture
        self._plotly_seen: dict[int, int] = {}  # id(figure) -> hash of its JSON at last capture
        self._keep: list[Any] = []  # captured figures stay alive, so their ids stay unique
        self._quiet = 0  # >0 while we draw: changes made by drawing are not the program's
        self.plotly_enabled = True  # False for answer programs: plotly calls do nothing

    # ---- output -------------------------------------------------------------------------
    def _emit(self, kind: str, figure: dict[str, Any], blob: bytes, opts: dict[str, Any] | None = None) -> None:
        if self.count >= self.max_captures:
            raise RuntimeError(f"more than {self.max_captures} figures captured")
        self.count += 1
        write_frame(self.fd, {"t": "capture", "kind": kind, "figure": figure, "opts": opts or {}}, [blob])

    # ---- matplotlib ---------------------------------------------------------------------
    def install_matplotlib(self) -> None:
        import matplotlib.artist as martist
        import matplotlib.backend_bases as bb
        import matplotlib.figure as mfig
        import matplotlib.pyplot as plt
        import matplotlib.text as mtext

        cap = self
        orig_print = bb.FigureCanvasBase.print_figure
        orig_text_draw = mtext.Text.draw
        self._orig_print = orig_print

        def print_figure(canvas, filename, *args, **kwargs):
            return cap._savefig(canvas, orig_print, filename, args, kwargs)

        def text_draw(text, renderer, *args, **kwargs):
            out = orig_text_draw(text, renderer, *args, **kwargs)
            layout.record(text, renderer)
            return out

        artist_stale = martist.Artist.stale

        def stale_set(fig, value):
            # Every change to a figure's artists marks it stale: count the ones the program made.
            artist_stale.fset(fig, value)
            if value and not cap._quiet:
                fig.__dict__["_cit_changes"] = fig.__dict__.get("_cit_changes", 0) + 1

        def quiet(method):
            # Drawing marks artists stale, and savefig restores colours after printing:
            # neither is a change the program made to its chart.
            def wrapper(*args, **kwargs):
                cap._quiet += 1
                try:
                    return method(*args, **kwargs)
                finally:
                    cap._quiet -= 1

            return functools.wraps(method)(wrapper)

        def show(*args, **kwargs):
            for num in plt.get_fignums():
                cap.capture_matplotlib(plt.figure(num))

        # Agg has no window to refresh: pyplot.savefig's draw_idle() would only redraw the
        # whole figure again, at its full uncapped size.
        bb.FigureCanvasBase.draw_idle = lambda canvas, *args, **kwargs: None
        mfig.Figure.savefig = quiet(mfig.Figure.savefig)
        mfig.Figure.draw = quiet(mfig.Figure.draw)
        bb.FigureCanvasBase.print_figure = print_figure
        mtext.Text.draw = text_draw
        mfig.FigureBase.stale = property(artist_stale.fget, stale_set)
        plt.show = show

    def _dpi(self, fig, dpi: Any) -> float:
        """The requested DPI, resolved like matplotlib does, capped to the pixel budget."""
        import matplotlib as mpl

        if dpi is None:
            dpi = mpl.rcParams["savefig.dpi"]
        if dpi == "figure":
            dpi = getattr(fig, "_original_dpi", fig.dpi)
        w, h = fig.get_size_inches()
        return min(float(dpi), math.sqrt(self.max_pixels / max(w * h, 1e-6)))

    def _changes(self, fig) -> int:
        return fig.__dict__.get("_cit_changes", 0)

    def capture_matplotlib(self, fig, params: dict[str, Any] | None = None) -> bytes | None:
        """Render `fig` to PNG and send it; None if it is unchanged since its last capture."""
        if self._mpl_seen.get(id(fig)) == self._changes(fig):
            return None
        params = dict(params or {})
        params.pop("backend", None)
        params.update(format="png", dpi=self._dpi(fig, params.get("dpi")), metadata=None, pil_kwargs=None)
        buf = io.BytesIO()
        self._quiet += 1
        layout.start()
        try:
            self._orig_print(fig.canvas, buf, **params)
        finally:
            self._quiet -= 1
            texts = layout.stop()
        data = buf.getvalue()
        width, height = png_size(data)
        info = {"library": "matplotlib", "width": width, "height": height, "axes": len(fig.axes)}
        info.update(layout.measure(texts, width, height))
        self._mpl_seen[id(fig)] = self._changes(fig)
        self._keep.append(fig)
        self._emit("png", info, data)
        return data

    def _savefig(self, canvas, orig_print, filename, args, kwargs):
        import inspect

        bound = inspect.signature(orig_print).bind(canvas, filename, *args, **kwargs)
        params = dict(bound.arguments)
        params.pop("self", None)
        params.pop("filename", None)
        params.update(params.pop("kwargs", {}))
        fmt = params.get("format") or _format_of(filename)
        data = self.capture_matplotlib(canvas.figure, params)
        try:
            if fmt == "png" and data is not None:
                _write_target(filename, data)
            else:  # another format, or the same chart saved twice: let matplotlib write it
                params["dpi"] = self._dpi(canvas.figure, params.get("dpi"))
                self._quiet += 1
                try:
                    orig_print(canvas, filename, **params)
                finally:
                    self._quiet -= 1
        except OSError as exc:
            # The chart is captured already; a path the program cannot write is not fatal.
            os.write(2, f"cit: figure captured, but writing {filename!r} failed: {exc}\n".encode())

    def capture_open_figures(self) -> None:
        import matplotlib.pyplot as plt

        for num in plt.get_fignums():
            self.capture_matplotlib(plt.figure(num))

    # ---- plotly -------------------------------------------------------------------------
    def install_plotly(self) -> None:
        # Patched on plotly.io only: figure methods call through it, and importing
        # plotly.io._kaleido would drag kaleido and asyncio into every job.
        import plotly.io as pio

        cap = self

        def write_image(fig, file=None, format=None, scale=None, width=None, height=None, *a, **k):
            cap.capture_plotly(fig, scale=scale, width=width, height=height)

        def to_image(fig, format=None, width=None, height=None, scale=None, *a, **k):
            cap.capture_plotly(fig, scale=scale, width=width, height=height)
            return TINY_PNG

        def write_images(fig, file=None, *a, **k):
            for f in fig if isinstance(fig, (list, tuple)) else [fig]:
                cap.capture_plotly(f)

        def show(fig, *a, **k):
            cap.capture_plotly(fig)

        def write_html(fig, *a, **k):
            cap.capture_plotly(fig)

        pio.write_image, pio.to_image, pio.write_images = write_image, to_image, write_images
        pio.show, pio.write_html = show, write_html
        self._plotly_io = pio

    def capture_plotly(self, fig, scale=None, width=None, height=None) -> None:
        if not self.plotly_enabled:
            return
        pio = self._plotly_io
        spec = pio.to_json(fig, validate=False, remove_uids=True)
        digest = hash(spec)
        if self._plotly_seen.get(id(fig)) == digest:
            return
        self._plotly_seen[id(fig)] = digest
        self._keep.append(fig)
        layout_dict = json.loads(spec).get("layout", {})
        w = int(width or layout_dict.get("width") or PLOTLY_SIZE[0])
        h = int(height or layout_dict.get("height") or PLOTLY_SIZE[1])
        s = float(scale or 1)
        s = min(s, math.sqrt(self.max_pixels / max(w * h, 1)))
        opts = {"width": w, "height": h, "scale": s}
        info = {"library": "plotly", "width": round(w * s), "height": round(h * s), "text_overlaps": None, "clipped_texts": None}
        self._emit("plotly", info, spec.encode("utf-8"), opts)

    def capture_plotly_globals(self, namespace: dict[str, Any]) -> None:
        """A plotly program that never shows its figure: take the figures it left in variables."""
        from plotly.basedatatypes import BaseFigure

        for value in list(namespace.values()):
            if isinstance(value, BaseFigure) and value.data:
                self.capture_plotly(value)


def _format_of(target: Any) -> str:
    import matplotlib as mpl

    if isinstance(target, (str, os.PathLike)):
        ext = os.path.splitext(os.fspath(target))[1].lstrip(".").lower()
        if ext:
            return "jpg" if ext == "jpeg" else ext
    return str(mpl.rcParams["savefig.format"]).lower()


def _write_target(target: Any, data: bytes) -> None:
    if isinstance(target, (str, bytes, os.PathLike)):
        with open(target, "wb") as f:
            f.write(data)
    else:
        target.write(data)
