"""qa_checks: reject written questions that are duplicates, leak their answer or do not need the chart.

The rule-based checks are in `cit.qa.checks`. With `qa.blind_check` the LLM also gets each
chart's number and text questions with no chart and no code (prompts/qa_check/blind.jinja,
one call per chart); an item it still answers correctly does not need the chart. A chart
whose blind reply cannot be parsed keeps its items: a check that could not run rejects
nothing. Rejected items move to `qa_rejected` with the reason; verification never runs them.
"""

from __future__ import annotations

from cit.pipeline import RunContext, Stage
from cit.prompts import Prompts
from cit.qa.asking import Ask, ask_all, check_folder, stable_seed
from cit.qa.checks import Checker
from cit.qa.compare import agree, norm_text
from cit.qa.generation import parse_reply
from cit.record import QA, Sample

BLIND_FOLDER, BLIND_VARS = "qa_check", ("questions",)
BLIND_TYPES = ("number", "text")  # yes/no and choice questions can be guessed


def _fresh(q: QA) -> bool:
    return q.status == "unverified" and q.reason is None


class QAChecks(Stage):
    name = "qa_checks"

    def __init__(self, ctx: RunContext, settings: dict | None = None, label: str | None = None):
        super().__init__(ctx, settings, label)
        self.cfg = self.config.qa
        if self.cfg.blind_check:
            self.prompts = Prompts(self.config.prompts)
            check_folder(self.prompts, BLIND_FOLDER, ["blind"], BLIND_VARS)

    def process(self, records: list[Sample]) -> list[Sample]:
        cfg = self.cfg
        for s in records:
            checker = Checker(s, cfg.dedup_rouge, cfg.check_leaks, cfg.check_needs_chart,
                              accepted=[q for q in s.qa if not _fresh(q)])
            s.qa = [q for q in s.qa if not _fresh(q) or self._passes(s, q, checker.problem(q))]
        if cfg.blind_check:
            self._blind(records)
        return records

    def _passes(self, s: Sample, q: QA, problem: str | None) -> bool:
        if problem is None:
            return True
        q.reason = problem
        s.qa_rejected.append(q)
        self.drop_item(problem.split(':')[0])
        return False

    def _blind(self, records: list[Sample]) -> None:
        asks, todo = [], {}
        for s in records:
            items = [q for q in s.qa if _fresh(q) and q.answer_type.type in BLIND_TYPES]
            if not items:
                continue
            todo[s.id] = items
            questions = [{"id": q.id, "question": q.question} for q in items]
            messages = self.prompts.messages(BLIND_FOLDER, "blind", {"questions": questions})
            asks.append(Ask(s, messages, parse_reply, stable_seed(self.config.seed, s.id, "blind")))
        if not asks:
            return
        ask_all(self.ctx.llm, self.name, self.prompts, asks, self.cfg.parse_retries, temperature=0.0)
        for ask in asks:
            s = ask.sample
            if ask.error is not None:
                self.count("blind-check-unparseable")
                continue
            answers = {str(r.get("id")): r.get("answer") for r in ask.value.items if isinstance(r, dict)}
            bad = set()
            for q in todo[s.id]:
                guess = answers.get(q.id)
                if guess is None or isinstance(guess, (dict, list)) or norm_text(guess).startswith("cannot"):
                    continue
                same, _ = agree(q.value, guess, q.answer_type, stated=q.answer, use_precision=self.cfg.stated_precision)
                if same:
                    bad.add(q.id)
                    self._passes(s, q, f"answerable-without-chart: answered {str(guess)[:60]!r} without the chart")
            s.qa = [q for q in s.qa if q.id not in bad]


STAGE = QAChecks
