"""generate: first-generation chart programs from the built-in engine (generator "template")."""

from __future__ import annotations

from cit.engine import ChartEngine
from cit.pipeline import RunContext, Source
from cit.record import Sample


class TemplateGenerate(Source):
    name = "generate"

    def __init__(self, ctx: RunContext, settings: dict | None = None, label: str | None = None):
        super().__init__(ctx, settings, label)
        e = self.config.engine
        # Unknown types/libraries/topics raise a UserError here, before any work starts.
        self.engine = ChartEngine(seed=self.config.seed, types=e.types, libraries=e.libraries, topics=e.topics)

    def produce(self, indices: range) -> list[Sample]:
        return [self.engine.generate(i) for i in indices]


STAGE = TemplateGenerate
