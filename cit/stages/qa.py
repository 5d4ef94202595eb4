"""qa: Q&A for the template generator.

The engine writes its own exact items with each chart; this stage adds the question
families' program items (cit/qa/programs, over the chart's tables and its spec) and keeps
the configured number of recognition and reasoning items per chart: families first, each
at most once, then the engine's own, title and axis lookups last. Items a family failed on
go to `qa_rejected` with the family and reason, and are counted in stats.json.
"""

from __future__ import annotations

import random

from cit.pipeline import Stage
from cit.qa.programs import ask, view_of
from cit.qa.programs.select import choose
from cit.record import Sample


class TemplateQA(Stage):
    name = "qa"

    def process(self, records: list[Sample]) -> list[Sample]:
        out: list[Sample] = []
        use_programs = "programs" in self.config.qa.sources
        for s in records:
            items, failed = [], []
            view = view_of(s.data, s.spec, s.chart_type) if use_programs else None
            rng = random.Random(f"cit-qa-{s.id}")
            if view is not None:
                items, failed = ask(view, rng, s.id)
            s.qa = (choose(items, s.qa, "recognition", self.config.qa.recognition, rng)
                    + choose(items, s.qa, "reasoning", self.config.qa.reasoning, rng))
            s.qa_rejected.extend(failed)
            for q in failed:
                self.count(f"family-failed/{q.family}")
            if not s.qa:
                self.drop(s, "no-qa", "the chart produced no questions")
                continue
            out.append(s)
        return out


STAGE = TemplateQA
