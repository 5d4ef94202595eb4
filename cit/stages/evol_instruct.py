"""evol_instruct: harder charts evolved from accepted programs by the LLM.

A deterministic share (`evolve.rate`) of first-generation records is evolved, each for
`evolve.generations` steps. A step picks a direction (a template in
prompts/evol_instruct/directions/: more data, new visual elements, an overlay or a subplot of
another chart type, or any the user adds) and another chart type for it to use, then talks
the program through the turns `synth.evolve_turns` (design ideas, then code). The child is a
new record `<parent>-e<step>` with its lineage at level "hard"; a reply without a usable
program becomes a rejected child with its reason.

Placed after render/validate/dedup, it evolves accepted programs only (as ReachQA did);
the children then go through those stages again.
"""

from __future__ import annotations

from cit.pipeline import RunContext, Stage
from cit.prompts import Prompts
from cit.record import Lineage, Sample
from cit.synth.catalog import ChartType, direction_file, fallback_type, load_chart_types, load_directions
from cit.synth.checks import take_program
from cit.synth.choice import pick, stable_int, unit
from cit.synth.dialogue import Exchange, converse
from cit.synth.templates import DIRECTION_VARS, EVOLVE_FOLDER, EVOLVE_VARS

FOLDER, VARS = EVOLVE_FOLDER, EVOLVE_VARS


class EvolInstruct(Stage):
    name = "evol_instruct"

    def __init__(self, ctx: RunContext, settings: dict | None = None, label: str | None = None):
        super().__init__(ctx, settings, label)
        cfg = self.config.synth
        self.prompts = Prompts(self.config.prompts)
        self.prompts.check_folder(FOLDER, cfg.evolve_turns, VARS)
        self.directions = load_directions(self.prompts, cfg.directions)
        for d in self.directions:
            self.prompts.template(direction_file(d), DIRECTION_VARS)
        self.types = load_chart_types(self.prompts)
        self.by_key = {t.key: t for t in self.types}
        s = self.config.llm.sampling
        self.base_seed = s.seed if s.seed is not None else self.config.seed

    def chosen(self, record: Sample) -> bool:
        evo = self.config.evolve
        return evo.generations > 0 and unit(self.config.seed, record.id, "evolve") < evo.rate

    def process(self, records: list[Sample]) -> list[Sample]:
        out: list[Sample] = []
        frontier: list[Sample] = []
        for r in records:
            out.append(r)
            if r.lineage.step == 0 and self.chosen(r):
                frontier.append(r)
        for step in range(1, self.config.evolve.generations + 1):
            if not frontier:
                break
            frontier = self._evolve(frontier, step)
            out.extend(frontier)
        return out

    def _chart(self, record: Sample) -> ChartType:
        return self.by_key.get(record.chart_type) or fallback_type(record.chart_type, record.family, record.library)

    def variables(self, parent: Sample, step: int) -> dict:
        cfg = self.config.synth
        seed = self.config.seed
        chart = self._chart(parent)
        direction = pick(self.directions, seed, parent.id, step, "direction")
        others = [t for t in self.types if t.family != chart.family] or self.types
        other = pick(others, seed, parent.id, step, "other-type")
        shared = {"chart": chart.as_vars(), "other": other.as_vars(), "topic": parent.topic or ""}
        text = self.prompts.render(direction_file(direction), **shared).strip()
        return {**shared, "code": parent.code, "direction": direction, "direction_text": text,
                "libraries": cfg.allowed_imports, "min_lines": cfg.min_lines, "max_lines": cfg.max_lines}

    def _evolve(self, parents: list[Sample], step: int) -> list[Sample]:
        cfg = self.config.synth
        exchanges = [Exchange(self.variables(p, step), stable_int(self.base_seed, p.id, "evolve", step)) for p in parents]
        llm = self.ctx.llm
        self.count("attempts", len(parents))
        converse(llm, self.name, self.prompts, FOLDER, cfg.evolve_turns, exchanges)
        children: list[Sample] = []
        for parent, ex in zip(parents, exchanges):
            direction = ex.variables["direction"]
            child = Sample(
                id=f"{parent.id}-e{step}",
                family=parent.family,
                chart_type=parent.chart_type,
                library=parent.library,
                code="",
                topic=parent.topic,
                lineage=Lineage(parent_id=parent.id, step=parent.lineage.step + 1, direction=direction, level="hard"),
                generator=llm.model,
                provenance={"direction": direction, "other_type": ex.variables["other"]["key"]},
                llm_calls=ex.calls,
            )
            problem = take_program(child, ex.last, cfg, parent.library)
            if problem is not None:
                self.drop(child, problem.reason, problem.detail)
                continue
            children.append(child)
        return children


STAGE = EvolInstruct
