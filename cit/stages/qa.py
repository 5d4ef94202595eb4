"""qa: Q&A for the template generator.

The engine computes Q&A with each chart (exact answers from its data); this stage keeps
the configured number of recognition and reasoning items per chart, in the engine's order.
"""

from __future__ import annotations

from cit.pipeline import Stage
from cit.record import Sample


class TemplateQA(Stage):
    name = "qa"

    def process(self, records: list[Sample]) -> list[Sample]:
        want = {"recognition": self.config.qa.recognition, "reasoning": self.config.qa.reasoning}
        out: list[Sample] = []
        for s in records:
            taken = {"recognition": 0, "reasoning": 0}
            kept = []
            for item in s.qa:
                if taken[item.kind] < want[item.kind]:
                    taken[item.kind] += 1
                    kept.append(item)
            s.qa = kept
            if not kept:
                self.drop(s, "no-qa", "the chart produced no questions")
                continue
            out.append(s)
        return out


STAGE = TemplateQA
