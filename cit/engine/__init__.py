"""The built-in chart engine: offline chart programs with exactly computed Q&A.

    from cit.engine import ChartEngine, chart_types
    eng = ChartEngine(seed=0, types=["bar"], libraries=["matplotlib"])
    sample = eng.generate(0)          # program, data, caption, verified Q&A, spec
    harder = eng.evolve(sample)       # a programmatic "hard" variant, or None

See cit/engine/README.md for how it works and how to add a chart type.
"""

from __future__ import annotations

from cit.engine.base import DIRECTIONS, ChartTypeInfo
from cit.engine.engine import ENGINE_VERSION, ChartEngine, build, rebuild
from cit.engine.registry import all_types
from cit.engine.topics import TOPICS


def chart_types() -> list[ChartTypeInfo]:
    """Every registered implementation, sorted by key then library. A key ("bar/plain")
    may appear once per library; `ChartTypeInfo.id` ("bar/plain@plotly") is unique."""
    return sorted((t.info() for t in all_types()), key=lambda i: (i.key, i.library))


def topics() -> list[str]:
    """Topic domain keys accepted by ChartEngine(topics=...)."""
    return sorted(TOPICS)


__all__ = ["ChartEngine", "ChartTypeInfo", "DIRECTIONS", "ENGINE_VERSION", "build", "chart_types", "rebuild", "topics"]
