"""The topic pool: every module in this folder with a `DOMAINS` list contributes domains."""

from __future__ import annotations

import importlib
import pkgutil

from cit.engine.topics.model import Domain, Measure, Pair


def _collect() -> dict[str, Domain]:
    found: dict[str, Domain] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name == "model":
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        for d in getattr(module, "DOMAINS", []):
            if d.key in found:
                raise RuntimeError(f"topic '{d.key}' is defined twice")
            found[d.key] = d
    return found


TOPICS: dict[str, Domain] = _collect()

__all__ = ["TOPICS", "Domain", "Measure", "Pair"]
