"""Finds chart types: every module under cit/engine/types/ that defines `TYPE`.

Adding a chart type means adding one module; nothing else lists them. Modules are found
by walking the package, so folders (types/matplotlib/, types/plotly/, ...) are fine.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import lru_cache

from cit.engine.base import ChartType


@lru_cache(maxsize=1)
def all_types() -> tuple[ChartType, ...]:
    import cit.engine.types as pkg

    found: dict[str, ChartType] = {}
    for info in pkgutil.walk_packages(pkg.__path__, prefix=f"{pkg.__name__}."):
        if info.ispkg:
            continue
        module = importlib.import_module(info.name)
        t = getattr(module, "TYPE", None)
        if t is None:
            continue
        if not isinstance(t, ChartType):
            raise TypeError(f"{info.name}.TYPE is not a ChartType instance")
        ident = f"{t.key}@{t.library}"
        if ident in found:
            raise RuntimeError(f"chart type {ident} is defined twice ({info.name})")
        found[ident] = t
    return tuple(found[k] for k in sorted(found))


def find(key: str, library: str) -> ChartType | None:
    """The implementation of chart type `key` ("bar/stacked") in `library`, if any."""
    return next((t for t in all_types() if t.key == key and t.library == library), None)
