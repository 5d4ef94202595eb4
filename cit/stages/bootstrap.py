"""bootstrap: new questions from verified ones (Math-LLaVA's question bootstrapping).

For each chart, one call (prompts/bootstrap/rewrite.jinja) asks for one rewrite of every
kind in `qa.rewrites` per verified question: rephrased, more complex (one more reasoning
step), simplified, under-specified (only the image resolves it). Each rewrite carries its
own answer program and goes through the same checks and the same verification by
execution as a first-hand item; it is linked to its source by `source_id` and `rewrite`.
Rewrites that fail go to `qa_rejected` with the reason. No rewrites configured: the stage
passes everything through.
"""

from __future__ import annotations

from typing import Any

from cit.pipeline import RunContext, Stage
from cit.prompts import Prompts
from cit.qa.asking import Ask, ask_all, check_folder, stable_seed
from cit.qa.checks import Checker
from cit.qa.compare import AnswerError
from cit.qa.generation import chart_vars, parse_reply
from cit.qa.items import answer_type, build_qa, failed_qa, validate_item
from cit.qa.verification import ANSWER_FN, verify_items
from cit.record import QA, Sample

FOLDER, VARS = "bootstrap", ("code", "chart", "items", "kinds", "answer_fn")
TEMPLATE = f"{FOLDER}/rewrite.jinja"


class Bootstrap(Stage):
    name = "bootstrap"

    def __init__(self, ctx: RunContext, settings: dict | None = None, label: str | None = None):
        super().__init__(ctx, settings, label)
        self.cfg = self.config.qa
        self.kinds = list(dict.fromkeys(self.cfg.rewrites))
        if self.kinds:
            self.prompts = Prompts(self.config.prompts)
            check_folder(self.prompts, FOLDER, ["rewrite"], VARS)

    def sources(self, s: Sample) -> list[QA]:
        done = {q.source_id for q in s.qa + s.qa_rejected if q.rewrite}
        found = [q for q in s.qa if q.status == "verified" and not q.rewrite and not q.variant and q.id not in done]
        return found if self.cfg.rewrite_sources is None else found[: self.cfg.rewrite_sources]

    def process(self, records: list[Sample]) -> list[Sample]:
        if not self.kinds:
            return records
        asks, sources = [], {}
        for s in records:
            sources[s.id] = self.sources(s)
            if not sources[s.id]:
                continue
            items = [{"id": q.id, "question": q.question, "answer": q.answer, "type": q.answer_type.type} for q in sources[s.id]]
            variables = {"code": s.code, "chart": chart_vars(s), "items": items, "kinds": self.kinds, "answer_fn": ANSWER_FN}
            asks.append(Ask(s, self.prompts.messages(FOLDER, "rewrite", variables), parse_reply,
                            stable_seed(self.config.seed, s.id, "bootstrap")))
        if not asks:
            return records
        ask_all(self.ctx.llm, self.name, self.prompts, asks, self.cfg.parse_retries, self.cfg.temperature, self.cfg.max_tokens)
        fresh: dict[str, list[QA]] = {}
        for ask in asks:
            s = ask.sample
            if ask.error is not None:
                self.count(ask.error.reason)
                continue
            fresh[s.id] = self._checked(s, self._rewrites(s, sources[s.id], ask.value.items))
        by_id = {s.id: s for s in records}
        charts = [(sid, by_id[sid].code, items) for sid, items in fresh.items() if items]
        if charts:
            verify_items(self.ctx.executor, charts, self.cfg)
        for sid, items in fresh.items():
            s = by_id[sid]
            for q in items:
                self._count(q.status, q.reason)
                (s.qa if q.status == "verified" else s.qa_rejected).append(q)
        return records

    def _rewrites(self, s: Sample, sources: list[QA], raw_items: list[Any]) -> list[QA]:
        by_id = {q.id: q for q in sources}
        out: dict[str, QA] = {}
        for raw in raw_items:
            src = by_id.get(str(raw.get("id"))) if isinstance(raw, dict) else None
            kind = raw.get("rewrite") if isinstance(raw, dict) else None
            if src is None or kind not in self.kinds:
                self.count("unmatched-item")
                continue
            qa_id = f"{src.id}-{kind}"
            if qa_id in out:
                self.count("extra-item")
                continue
            default_kind = "reasoning" if kind == "more-complex" else src.kind
            try:
                item = validate_item(raw)
                atype = answer_type(item.answer_type or src.answer_type.type, self.cfg, item.unit, item.options)
                q = build_qa(item, qa_id, item.kind or default_kind, atype, TEMPLATE)
            except AnswerError as exc:
                q = failed_qa(qa_id, raw, default_kind, f"{exc.reason}: {exc.detail}", TEMPLATE)
            q.source_id, q.rewrite = src.id, kind
            out[qa_id] = q
        return list(out.values())

    def _checked(self, s: Sample, rewrites: list[QA]) -> list[QA]:
        checker = Checker(s, self.cfg.dedup_rouge, self.cfg.check_leaks, self.cfg.check_needs_chart, accepted=s.qa)
        passed = []
        for q in rewrites:
            problem = q.reason or checker.problem(q)
            if problem:
                q.reason = problem
                s.qa_rejected.append(q)
                self._count("rejected", problem)
            else:
                passed.append(q)
        return passed

    def _count(self, outcome: str, reason: str | None) -> None:
        self.count(outcome)
        if outcome != "verified" and reason:
            self.count(f"{outcome}/{reason.split(':')[0]}")


STAGE = Bootstrap
