"""Self-repair: a program that failed to render goes back to the LLM with its traceback.

The render stage calls `Repairer.fix` once per attempt for all failed records of a chunk;
each gets back a new program or the `CodeProblem` that made the reply unusable (that
attempt then counts as spent). The repair template is `prompts/repair/fix.jinja`.
"""

from __future__ import annotations

from cit.config import RunConfig
from cit.prompts import Prompts
from cit.record import Sample
from cit.synth.catalog import ChartType, fallback_type, load_chart_types
from cit.synth.checks import CodeProblem, check_program, program_from_reply
from cit.synth.choice import stable_int
from cit.synth.dialogue import Exchange, converse
from cit.synth.templates import REPAIR_FOLDER, REPAIR_TURNS, REPAIR_VARS

FOLDER, TURNS, VARS = REPAIR_FOLDER, REPAIR_TURNS, REPAIR_VARS


class Repairer:
    def __init__(self, config: RunConfig, prompts: Prompts | None = None):
        self.config = config
        self.prompts = prompts or Prompts(config.prompts)
        self.prompts.check_folder(FOLDER, TURNS, VARS)
        self.types = {t.key: t for t in load_chart_types(self.prompts)}
        s = config.llm.sampling
        self.base_seed = s.seed if s.seed is not None else config.seed

    def chart_of(self, sample: Sample) -> ChartType:
        return self.types.get(sample.chart_type) or fallback_type(sample.chart_type, sample.family, sample.library)

    def variables(self, sample: Sample, attempt: int) -> dict:
        cfg = self.config.synth
        info = sample.render
        return {
            "code": sample.code,
            "error": (info.error if info else None) or "the program drew no chart",
            "traceback": (info.traceback if info else None) or "",
            "chart": self.chart_of(sample).as_vars(),
            "attempt": attempt,
            "max_attempts": cfg.repair_attempts,
            "libraries": cfg.allowed_imports,
            "min_lines": cfg.min_lines,
            "max_lines": cfg.max_lines,
        }

    def fix(self, llm, samples: list[Sample], attempt: int) -> list[str | CodeProblem]:
        cfg = self.config.synth
        exchanges = [Exchange(self.variables(s, attempt), stable_int(self.base_seed, s.id, "repair", attempt, s.code))
                     for s in samples]
        converse(llm, "repair", self.prompts, FOLDER, TURNS, exchanges)
        out: list[str | CodeProblem] = []
        for s, ex in zip(samples, exchanges):
            s.llm_calls.extend(ex.calls)
            try:
                code = program_from_reply(ex.last)
                check_program(code, min_lines=cfg.min_lines, max_lines=cfg.max_lines, allowed_imports=cfg.allowed_imports)
            except CodeProblem as problem:
                out.append(problem)
                continue
            out.append(code)
        return out
