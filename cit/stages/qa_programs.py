"""qa_programs: exact, multi-step Q&A for LLM-written charts, with no LLM call.

After `verify` has run a chart's `chart_data()` program, its tables feed the same question
families as the engine's charts (cit/qa/programs). Their items join the LLM's own, already
verified by their solution programs; `qa.sources` without "programs" turns this off. With
`qa.reword`, one LLM call per chart rewrites their wording (cit/qa/reword.py).
"""

from __future__ import annotations

import random

from cit.pipeline import RunContext, Stage
from cit.prompts import Prompts
from cit.qa import reword
from cit.qa.programs import ask, view_of
from cit.qa.programs.select import choose
from cit.record import Sample


class ProgramQA(Stage):
    name = "qa_programs"

    def __init__(self, ctx: RunContext, settings: dict | None = None, label: str | None = None):
        super().__init__(ctx, settings, label)
        self.prompts = None
        if self.config.qa.reword and "programs" in self.config.qa.sources:
            self.prompts = Prompts(self.config.prompts)
            reword.check(self.prompts)  # a broken template fails now, not after the first chunk

    def process(self, records: list[Sample]) -> list[Sample]:
        if "programs" not in self.config.qa.sources:
            return records
        cfg = self.config.qa
        fresh = []
        for s in records:
            if any(q.family for q in s.qa):
                continue  # handled already (a resumed chunk, or the stage listed twice)
            view = view_of(s.data, None, s.chart_type) if s.data else None
            if view is None:
                continue
            rng = random.Random(f"cit-qa-{s.id}")
            items, failed = ask(view, rng, s.id)
            added = choose(items, [], "recognition", cfg.recognition, rng) + choose(items, [], "reasoning", cfg.reasoning, rng)
            s.qa.extend(added)
            s.qa_rejected.extend(failed)
            fresh.append((s, added))
            self.count("items", len(added))
            for q in failed:
                self.count(f"family-failed/{q.family}")
        if self.prompts is not None:
            reword.reword(self.ctx.llm, self.prompts, [(s, a) for s, a in fresh if a], cfg, self.config.seed, self.ctx.stats.counters)
        return records


STAGE = ProgramQA
