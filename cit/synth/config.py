"""Settings of the LLM chart generator (a section of the run config).

Which templates a stage sends lives in the prompt folder; these settings say how many
turns, how many examples and topics, what the code must satisfy and who judges charts.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator

from cit.llm.config import LLMConfig

# Top-level modules chart programs may import. Plotting and data libraries plus the
# harmless standard-library helpers that chart code reaches for.
DEFAULT_IMPORTS = [
    "matplotlib", "mpl_toolkits", "numpy", "pandas", "seaborn", "plotly", "scipy", "networkx", "squarify",
    "math", "statistics", "random", "datetime", "calendar", "collections", "itertools", "functools",
    "textwrap", "string", "re", "decimal", "fractions", "colorsys", "dataclasses", "typing", "operator",
]


class SynthConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # Self-Instruct: per prompt, `examples` programs from the seed pool plus accepted
    # programs, of which up to `same_type_examples` draw the chosen chart type.
    examples: int = Field(3, ge=0)
    same_type_examples: int = Field(1, ge=0)
    # An accepted program joins the pool for indices at least `pool_delay` past the start of
    # its chunk's successor: index i draws from programs of indices below
    # (start of i's chunk) - pool_delay. Records run concurrently, so a program written
    # while i was in flight must not reach i (that would depend on timing); with a delay at
    # least the records in flight (see llm.concurrency) no record waits for an earlier commit.
    pool_delay: int = Field(128, ge=0)
    topics_per_prompt: int = Field(2, ge=1)
    # One template per user turn, in order (files in prompts/self_instruct/ and
    # prompts/evol_instruct/); the last turn's reply must hold the program.
    # ReachQA's two turns: plan (backstory + explicit data), then code. ["direct"]: one turn.
    self_instruct_turns: list[str] = ["plan", "code"]
    evolve_turns: list[str] = ["ideas", "code"]
    # Evolution directions: files in prompts/evol_instruct/directions/. None: every file found
    # (so a direction a user drops into their prompt folder is used without more settings).
    directions: list[str] | None = None
    # Chart types to draw ("bar/stacked") or whole families ("bar"); None: every type file.
    chart_types: list[str] | None = None
    # Programs from the built-in engine added to the seed pool (0: hand-written seeds only).
    engine_seeds: int = Field(16, ge=0)
    repair_attempts: int = Field(2, ge=0)  # a failed render goes back to the LLM up to this often
    min_lines: int = Field(10, ge=1)  # non-blank lines of the program
    max_lines: int = Field(150, ge=1)
    allowed_imports: list[str] = DEFAULT_IMPORTS
    # Optional quality gate (stage "judge"): VLMs that rate each chart 1-5; keep when the mean
    # over judges is >= judge_threshold. Empty: the stage passes every chart through.
    judges: list[LLMConfig] = []
    judge_threshold: float = Field(3.75, ge=1.0, le=5.0)

    @field_validator("self_instruct_turns", "evolve_turns")
    @classmethod
    def _some_turns(cls, v: list[str]) -> list[str]:
        if not v:
            raise ValueError("needs at least one turn (the one that writes the program)")
        return v
