"""evolve: harder variants of first-generation charts (the engine's programmatic transforms).

A deterministic share (`evolve.rate`) of charts is evolved `evolve.generations` times; each
step's child is a new record with its lineage, kept or rejected on its own merits later.
"""

from __future__ import annotations


from cit.engine import ChartEngine
from cit.pipeline import RunContext, Stage
from cit.record import Sample
from cit.stable import unit


def _unit_interval(*parts: object) -> float:
    return unit(*parts, sep="|")


class TemplateEvolve(Stage):
    name = "evolve"

    def __init__(self, ctx: RunContext, settings: dict | None = None, label: str | None = None):
        super().__init__(ctx, settings, label)
        e = self.config.engine
        self.engine = ChartEngine(seed=self.config.seed, types=e.types, libraries=e.libraries, topics=e.topics)
        self.directions = list(self.config.evolve.directions)

    def process(self, records: list[Sample]) -> list[Sample]:
        cfg = self.config.evolve
        out: list[Sample] = []
        for parent in records:
            out.append(parent)
            if cfg.generations == 0 or _unit_interval(self.config.seed, parent.id, "evolve") >= cfg.rate:
                continue
            current = parent
            for step in range(cfg.generations):
                allowed = [d for d in self.engine.directions(current) if d in self.directions]
                if not allowed:
                    self.count("no-direction")
                    break
                pick = allowed[int(_unit_interval(self.config.seed, current.id, step) * len(allowed))]
                child = self.engine.evolve(current, direction=pick)
                if child is None:
                    self.count("not-applicable")
                    break
                out.append(child)
                current = child
        return out


STAGE = TemplateEvolve
