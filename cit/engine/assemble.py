"""A chart type's whole program: its own drawing lines plus the overlay and panel parts
that evolution adds. Kept out of `cit.engine.base` so the contract imports nothing that
imports it back (overlay and panel build on the contract)."""

from __future__ import annotations

import cit.engine.code as code
import cit.engine.overlay as overlay
import cit.engine.panel as panel
from cit.engine.base import ChartType


def program(t: ChartType, spec: dict) -> str:
    if t.library == "plotly":
        body, layout = t.plotly_body(spec)
        w, h = spec["figsize"]
        return code.plotly_program(t.header(spec), t.data_lines(spec), body, layout, (int(w * 100), int(h * 100)))
    data = t.data_lines(spec) + overlay.data_lines(spec) + panel.data_lines(spec)
    body = t.draw(spec, "ax") + t.element_lines(spec, "ax")
    body += overlay.draw_lines(t, spec) + t.label_lines(spec, "ax") + panel.draw_lines(spec)
    return code.mpl_program(t.header(spec), data, code.figure_lines(spec, t.projection), body, [], spec["dpi"])
