"""qa_llm: the LLM reads each chart's code and writes its Q&A (one call per chart).

Items that do not fit the schema or their answer type go to `qa_rejected` with the
reason; a reply that cannot be parsed even after `qa.parse_retries` re-asks rejects the
chart ("qa-unparseable", the raw replies kept on the record); a request that failed for
good (after the client's retries) rejects it as "qa-llm-error". Engine charts arrive with
exact Q&A: those move to `Sample.engine_qa`; with `qa.questions: engine` the LLM
answers exactly those questions instead of writing its own (what `cit audit` measures).
"""

from __future__ import annotations

from cit.pipeline import RunContext, Stage
from cit.prompts import Prompts
from cit.qa.asking import Ask, ask_all, check_folder, stable_seed
from cit.qa.generation import (ANSWER_VARS, FOLDER, WRITE_VARS, answer_vars, answered_items,
                               move_engine_items, parse_reply, pick_given, write_vars, written_items)
from cit.record import QA, Sample


class LLMQA(Stage):
    name = "qa_llm"

    def __init__(self, ctx: RunContext, settings: dict | None = None, label: str | None = None):
        super().__init__(ctx, settings, label)
        self.cfg = self.config.qa
        self.prompts = Prompts(self.config.prompts)
        self.turn = "answer" if self.cfg.questions == "engine" else "write"
        check_folder(self.prompts, FOLDER, [self.turn], ANSWER_VARS if self.turn == "answer" else WRITE_VARS)

    def process(self, records: list[Sample]) -> list[Sample]:
        asks: list[Ask] = []
        given: dict[str, list[QA]] = {}
        out: list[Sample] = []
        for s in records:
            engine = move_engine_items(s)
            if self.turn == "answer":
                given[s.id] = pick_given(engine, self.cfg)
                if not given[s.id]:
                    self.drop(s, "no-engine-qa", "qa.questions is 'engine' but the chart has no engine questions")
                    continue
                variables = answer_vars(s, given[s.id])
            else:
                variables = write_vars(s, self.cfg)
            messages = self.prompts.messages(FOLDER, self.turn, variables)
            asks.append(Ask(s, messages, parse_reply, stable_seed(self.config.seed, s.id)))
        if asks:
            ask_all(self.ctx.llm, self.name, self.prompts, asks, self.cfg.parse_retries,
                    self.cfg.temperature, self.cfg.max_tokens)
        template = f"{FOLDER}/{self.turn}.jinja"
        for ask in asks:
            s = ask.sample
            if ask.error is not None:
                # A request that failed (after the client's retries) is not a bad reply.
                reason = "qa-llm-error" if ask.error.reason.startswith("reply-error") else "qa-unparseable"
                self.drop(s, reason, f"{ask.error.reason} after {ask.attempts} attempt(s): {ask.error.detail}"[:500])
                continue
            if self.turn == "answer":
                built = answered_items(given[s.id], ask.value.items, self.cfg, template)
            else:
                built = written_items(s, ask.value.items, self.cfg, template)
                if ask.value.table_program and not s.data:
                    s.table_program = ask.value.table_program
            if "llm" in self.cfg.sources:  # without it the call still brings chart_data() for the families
                s.qa.extend(built.kept)
                s.qa_rejected.extend(built.rejected)
            self.count("written", len(built.kept) + len(built.rejected))
            for q in built.rejected:
                self.drop_item((q.reason or 'unknown').split(':')[0])
            out.append(s)
        return out


STAGE = LLMQA
