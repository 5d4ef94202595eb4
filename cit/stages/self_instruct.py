"""self_instruct: first-generation chart programs written by an LLM (generator "llm").

For each index: a chart type, topics and k example programs are chosen deterministically
from (seed, index); the LLM plans a backstory with explicit data, then writes the program
(the turns are `synth.self_instruct_turns`, templates in prompts/self_instruct/). The reply
must hold exactly one code block that passes the code checks; anything else becomes a
rejected record with its reason and the raw reply. The example pool grows with every
program the run accepts in the same block of indices (`synth.pool_delay` says when each
one becomes visible).
"""

from __future__ import annotations

from cit.pipeline import RunContext, Source
from cit.prompts import Prompts
from cit.record import Lineage, Sample
from cit.shards import block_start, chunk_start
from cit.synth.catalog import ChartType, load_chart_types, load_topics, select_types
from cit.synth.checks import take_program
from cit.synth.choice import pick_weighted, sample, stable_int
from cit.synth.dialogue import Exchange, converse
from cit.synth.pool import Example, ExamplePool, catalog_seeds, engine_seeds, folder_seeds
from cit.synth.templates import SELF_INSTRUCT_FOLDER, SELF_INSTRUCT_VARS

FOLDER, VARS = SELF_INSTRUCT_FOLDER, SELF_INSTRUCT_VARS


class SelfInstruct(Source):
    name = "self_instruct"

    def __init__(self, ctx: RunContext, settings: dict | None = None, label: str | None = None):
        super().__init__(ctx, settings, label)
        cfg = self.config.synth
        self.prompts = Prompts(self.config.prompts)
        self.prompts.check_folder(FOLDER, cfg.self_instruct_turns, VARS)
        every_type = load_chart_types(self.prompts)
        self.types = select_types(every_type, cfg.chart_types)
        self.weights = [t.weight for t in self.types]
        self.topics = load_topics(self.prompts)
        seeds = catalog_seeds(every_type) + folder_seeds(self.config.seeds) + engine_seeds(self.config.seed, cfg.engine_seeds)
        self.pool = ExamplePool(seeds)
        s = self.config.llm.sampling
        self.base_seed = s.seed if s.seed is not None else self.config.seed

    def record_id(self, index: int) -> str:
        return f"llm-{self.config.seed}-{index:06d}"

    def choose(self, index: int) -> tuple[ChartType, list[str], list[Example]]:
        cfg = self.config.synth
        seed = self.config.seed
        chart = pick_weighted(self.types, self.weights, seed, index, "chart-type")
        topics = sample(self.topics, cfg.topics_per_prompt, seed, index, "topics")
        # Programs of its own block only: a shard holding this block draws the same examples.
        above = block_start(index, self.config.block_size)
        below = chunk_start(index, self.config.chunk_size, self.config.block_size) - cfg.pool_delay
        if below > above:
            self.ctx.wait_committed(below)  # the programs it may draw from are all in the pool
        examples = self.pool.draw(chart.key, cfg.examples, cfg.same_type_examples, seed, index, "examples",
                                  below=max(above, below), above=above)
        return chart, topics, examples

    def variables(self, chart: ChartType, topics: list[str], examples: list[Example]) -> dict:
        cfg = self.config.synth
        return {"chart": chart.as_vars(), "topics": topics, "examples": [e.as_vars() for e in examples],
                "libraries": cfg.allowed_imports, "min_lines": cfg.min_lines, "max_lines": cfg.max_lines}

    def restore(self, kept: Sample) -> None:
        self.pool.add(Example(kept.id, kept.code, kept.chart_type, kept.index))

    def committed(self, kept: list[Sample]) -> None:
        for s in kept:
            self.restore(s)

    def produce(self, indices: range) -> list[Sample]:
        cfg = self.config.synth
        plans = [self.choose(i) for i in indices]
        exchanges = [Exchange(self.variables(*plan), stable_int(self.base_seed, self.record_id(i)))
                     for i, plan in zip(indices, plans)]
        llm = self.ctx.llm
        self.count("attempts", len(exchanges))
        converse(llm, self.name, self.prompts, FOLDER, cfg.self_instruct_turns, exchanges)
        out: list[Sample] = []
        for index, (chart, topics, examples), ex in zip(indices, plans, exchanges):
            record = Sample(
                id=self.record_id(index),
                family=chart.family,
                chart_type=chart.key,
                library=chart.library,
                code="",
                topic="; ".join(topics),
                lineage=Lineage(step=0, level="easy"),
                generator=llm.model,
                provenance={"examples": [e.id for e in examples], "topics": topics},
                llm_calls=ex.calls,
            )
            problem = take_program(record, ex.last, cfg, chart.library)
            if problem is not None:
                self.drop(record, problem.reason, problem.detail)
                continue
            out.append(record)
        return out


STAGE = SelfInstruct
