"""What plotly types share: no matplotlib visual elements, overlays or subplots; plotly
draws its own reference lines where a type supports one."""

from __future__ import annotations

from typing import ClassVar

from cit.engine.code import Raw, s


class PlotlyChart:
    library = "plotly"
    plotly_elements: ClassVar[tuple[str, ...]] = ()

    def elements(self, spec: dict) -> list[str]:
        return [e for e in self.plotly_elements if e not in spec["extras"]]

    def element_lines(self, spec: dict, ax: str) -> list[str]:
        return []

    def draw(self, spec: dict, ax: str) -> list[str]:
        raise NotImplementedError("plotly types write plotly_body")


def hline(value: str, label: str, position: str = "top left") -> str:
    """A dashed horizontal reference line with its label (fig.add_hline)."""
    return f"fig.add_hline(y={value}, line_dash=\"dash\", line_color=\"black\", annotation_text={label}, annotation_position={s(position)})"


def category_axis() -> Raw:
    return Raw("\"category\"")
