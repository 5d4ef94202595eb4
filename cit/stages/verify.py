"""verify: confirm each Q&A answer by computation.

Engine Q&A arrive verified (their answers are computed from the data) and are left as
they are. Every other item is settled by running its answer program in the sandbox after
the chart's own code (`cit.qa.verification`): "verified" when the result agrees with the
stated answer within the answer type's tolerance, "disagree" when it does not,
"unverified" when there is no program or it crashed or timed out; the reason says which.
The same job runs the LLM's chart_data() program, whose tables become `Sample.data`.
"""

from __future__ import annotations

from cit.pipeline import Stage
from cit.qa.verification import tables_from, verify_items
from cit.record import Sample


class Verify(Stage):
    name = "verify"

    def process(self, records: list[Sample]) -> list[Sample]:
        cfg = self.config.qa
        charts, tables = [], {}
        for s in records:
            todo = [q for q in s.qa if q.status == "unverified" and q.reason is None]
            table = s.table_program if not s.data else None
            if todo or table:
                charts.append((s.id, s.code, todo))
                if table:
                    tables[s.id] = table
        if charts:
            ran = verify_items(self.ctx.executor, charts, cfg, tables)
            by_id = {s.id: s for s in records}
            for sid, run in ran.items():
                self._take_tables(by_id[sid], run)
        for s in records:
            for q in s.qa:
                self.count(f"qa-{q.status}")
                if q.status != "verified" and q.reason:
                    self.count(q.reason.split(':')[0])
        return records

    def _take_tables(self, s: Sample, run) -> None:
        try:
            if not run.ok:
                raise ValueError(run.error or "chart_data() failed")
            s.data = tables_from(run.value)
            self.count("tables-from-program")
        except ValueError as exc:
            s.table_error = str(exc)[:300]
            self.count("tables-failed")


STAGE = Verify
