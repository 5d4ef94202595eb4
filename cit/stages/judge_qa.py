"""judge_qa: optional VLM validation of Q&A (image + items, a yes/no checklist per item).

Each judge in `qa.judges` (an LLM config with a vision model) gets one call per chart with
the chart image and every verified item of it. An item is kept by `qa.judge_rule`
("majority", "all", or "max-no" with `qa.judge_max_no`, ReachQA's "fewer than 2 no");
others move to `qa_rejected` ("judge-rejected", with who said no to what). An item no
judge voted on is rejected too ("judge-error"): unjudged is not judged good. With no
judges configured the stage passes everything through.
"""

from __future__ import annotations

from cit.llm import image_part
from cit.pipeline import RunContext, Stage
from cit.prompts import Prompts
from cit.qa.asking import Ask, ask_all, check_folder, stable_seed
from cit.qa.generation import parse_reply
from cit.qa.judging import Tally, describe, keeps, verdicts
from cit.record import Sample

FOLDER, VARS = "judge_qa", ("items",)


class JudgeQA(Stage):
    name = "judge_qa"

    def __init__(self, ctx: RunContext, settings: dict | None = None, label: str | None = None):
        super().__init__(ctx, settings, label)
        self.cfg = self.config.qa
        if self.cfg.judges:
            self.prompts = Prompts(self.config.prompts)
            check_folder(self.prompts, FOLDER, ["check"], VARS)

    def process(self, records: list[Sample]) -> list[Sample]:
        if not self.cfg.judges:
            return records
        todo = [s for s in records if s.image and any(q.status == "verified" for q in s.qa)]
        tallies = {s.id: {q.id: Tally() for q in s.qa if q.status == "verified"} for s in todo}
        conversations = {s.id: self._messages(s) for s in todo}
        for j, judge_cfg in enumerate(self.cfg.judges):
            llm = self.ctx.llm_for(judge_cfg, f"judge_qa#{j}")  # the run counts its calls and closes it
            label = f"judge:{llm.model}#{j}"
            asks = [Ask(s, conversations[s.id], parse_reply, stable_seed(self.config.seed, s.id, "judge_qa", j)) for s in todo]
            ask_all(llm, self.name, self.prompts, asks, self.cfg.parse_retries)
            for ask in asks:
                if ask.error is not None:
                    self.count(f"vote/{ask.error.reason}")
                    continue
                for qid, (yes, failed) in verdicts(ask.value.items).items():
                    tally = tallies[ask.sample.id].get(qid)
                    if tally is None:
                        continue
                    if yes:
                        tally.yes.append(label)
                    else:
                        tally.no[label] = failed
        for s in todo:
            self._apply(s, tallies[s.id])
        return records

    def _messages(self, s: Sample):
        items = [{"id": q.id, "question": q.question, "rationale": q.rationale, "answer": q.answer}
                 for q in s.qa if q.status == "verified"]
        return self.prompts.messages(FOLDER, "check", {"items": items}, image=image_part(self.ctx.run_dir / s.image))

    def _apply(self, s: Sample, tallies: dict[str, Tally]) -> None:
        kept = []
        for q in s.qa:
            t = tallies.get(q.id)
            if t is None:
                kept.append(q)
                continue
            if keeps(t, self.cfg.judge_rule, self.cfg.judge_max_no):
                q.verified_by = f"{q.verified_by or 'unknown'}+vlm-vote"
                self.count("kept")
                kept.append(q)
                continue
            reason = "judge-error: no judge voted on this item" if t.votes == 0 else f"judge-rejected: {describe(t)}"
            q.reason = reason
            s.qa_rejected.append(q)
            self.drop_item(reason.split(':')[0])
        s.qa = kept


STAGE = JudgeQA
