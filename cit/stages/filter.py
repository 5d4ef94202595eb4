"""filter: the last gate before a sample is written.

Q&A items that did not pass verification move to `qa_rejected` with their reason; a chart
left with too few Q&A is rejected as a whole.
"""

from __future__ import annotations

from cit.pipeline import Stage
from cit.record import Sample


class Filter(Stage):
    name = "filter"
    section = "filter"

    def process(self, records: list[Sample]) -> list[Sample]:
        cfg = self.config.filter
        out: list[Sample] = []
        for s in records:
            if cfg.require_verified:
                passed = [q for q in s.qa if q.status == "verified"]
                for q in s.qa:
                    if q.status != "verified":
                        q.reason = q.reason or f"status {q.status}"
                        s.qa_rejected.append(q)
                        self.drop_item(q.status)
                s.qa = passed
            if len(s.qa) < cfg.min_qa:
                self.drop(s, "too-few-qa", f"{len(s.qa)} Q&A left, need {cfg.min_qa}")
                continue
            out.append(s)
        return out


STAGE = Filter
