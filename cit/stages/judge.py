"""judge: the optional quality gate, VLM judges rating each rendered chart 1-5.

Each judge in `synth.judges` (an LLM config with a vision model) sees the chart image and
its code with the rubric of prompts/judge_chart/rate.jinja (data accuracy against the code,
clutter or overlap, missing legend, blank space). A chart is kept when the mean over judges
is at least `synth.judge_threshold`; scores land in `scores` ("judge" and "judge:<model>").
A chart no judge could score is rejected as "judge-error": unjudged is not judged good.
With no judges configured the stage passes every chart through.
"""

from __future__ import annotations

from cit.llm import Sampling, as_llm_call
from cit.pipeline import RunContext, Stage
from cit.prompts import Prompts
from cit.record import Sample
from cit.synth.catalog import fallback_type, load_chart_types
from cit.synth.choice import llm_seed
from cit.synth.judge import FOLDER, TURN, VARS, JudgeError, criteria_scores, judge_messages, mean


class Judge(Stage):
    name = "judge"

    def __init__(self, ctx: RunContext, settings: dict | None = None, label: str | None = None):
        super().__init__(ctx, settings, label)
        self.judges = list(self.config.synth.judges)
        if self.judges:
            self.prompts = Prompts(self.config.prompts)
            self.prompts.check_folder(FOLDER, [TURN], VARS)
            self.types = {t.key: t for t in load_chart_types(self.prompts)}
        s = self.config.llm.sampling
        self.base_seed = s.seed if s.seed is not None else self.config.seed

    def _client(self, j: int):
        # The run owns judge clients: their tokens and cost go into stats.json's llm totals.
        return self.ctx.llm_for(self.judges[j], f"judge#{j}")

    def process(self, records: list[Sample]) -> list[Sample]:
        if not self.judges:
            return records
        out, todo = [], []
        for s in records:
            if "judge" in s.scores:
                out.append(s)
            elif s.image is None:
                self.drop(s, "no-image", "nothing to judge: the judge stage must come after render")
            else:
                todo.append(s)
        if not todo:
            return out
        conversations = [judge_messages(self.prompts, s.code, self._chart(s), self.ctx.run_dir / s.image) for s in todo]
        votes: list[dict[str, float]] = [{} for _ in todo]
        problems: list[list[str]] = [[] for _ in todo]
        for j, cfg in enumerate(self.judges):
            llm = self._client(j)
            label = f"judge:{llm.model}" + (f"#{j}" if any(o.model == cfg.model for o in self.judges[:j]) else "")
            samplings = [Sampling(seed=llm_seed(self.base_seed, s.id, "judge", j)) for s in todo]
            replies = llm.generate(conversations, samplings)
            for i, (s, messages, reply) in enumerate(zip(todo, conversations, replies)):
                s.llm_calls.append(as_llm_call(self.name, llm.model, messages, reply))
                self.count("requests")  # replies per judged chart, cached ones too (requests: stats.llm.by_model)
                for k in ("prompt_tokens", "completion_tokens"):
                    self.count(k, int(reply.usage.get(k, 0)))
                try:
                    scores = criteria_scores(reply)
                except JudgeError as exc:
                    problems[i].append(f"{label}: {exc}")
                    self.count(f"vote/{exc.reason}")
                    continue
                votes[i][label] = round(mean(list(scores.values())), 3)
                s.provenance.setdefault("judge_criteria", {})[label] = scores
        keep_ids = set()
        threshold = self.config.synth.judge_threshold
        for s, vote, problem in zip(todo, votes, problems):
            if not vote:
                self.drop(s, "judge-error", "; ".join(problem))
                continue
            s.scores.update(vote)
            s.scores["judge"] = round(mean(list(vote.values())), 3)
            if s.scores["judge"] < threshold:
                detail = ", ".join(f"{k} {v:g}" for k, v in vote.items())
                self.drop(s, "low-judge-score", f"mean {s.scores['judge']:g} < {threshold:g} ({detail})")
                continue
            keep_ids.add(s.id)
        keep_ids.update(s.id for s in out)
        return [s for s in records if s.id in keep_ids]

    def _chart(self, s: Sample):
        return self.types.get(s.chart_type) or fallback_type(s.chart_type, s.family, s.library)


STAGE = Judge
