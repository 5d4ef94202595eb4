"""Settings of Q&A generation and verification (a section of the run config).

`recognition` and `reasoning` are per-chart counts for both generators: the template
pipeline keeps that many of the engine's exact items, the LLM pipeline asks for that many.
Everything else concerns the LLM path: how answers are compared, which checks run, who
judges, how questions are bootstrapped and which modality variants are made.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from cit.llm.config import LLMConfig

RewriteKind = Literal["rephrased", "more-complex", "simplified", "under-specified"]
REWRITE_KINDS: tuple[str, ...] = ("rephrased", "more-complex", "simplified", "under-specified")


class QAConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    recognition: int = Field(3, ge=0)  # per chart
    reasoning: int = Field(4, ge=0)
    # Where questions come from: "programs" (the question families over the chart's data
    # tables: exact, multi-step, no LLM call) and "llm" (the LLM reads the code and writes
    # its own; LLM generator only).
    sources: list[Literal["programs", "llm"]] = ["programs", "llm"]
    # One LLM call per chart rewrites the wording of its program items (never the answer,
    # which the program recomputes): prompts/qa_programs/reword.jinja. LLM generator only.
    reword: bool = False

    # --- generation (stage qa_llm) ---
    # "llm": the LLM writes its own questions from the code. "engine": the LLM answers the
    # built-in engine's questions (their exact answers are moved to provenance; `cit audit`).
    questions: Literal["llm", "engine"] = "llm"
    temperature: float | None = Field(None, ge=0.0)  # None: llm.sampling.temperature
    max_tokens: int | None = Field(None, ge=1)  # None: llm.sampling.max_tokens
    parse_retries: int = Field(1, ge=0)  # a reply that cannot be parsed is sent back this often
    table_program: bool = True  # also ask for chart_data(): the drawn data as tables, for variants

    # --- verification by execution (stage verify) ---
    # Answer types whose items need an answer program; an item without one stays unverified.
    program_types: list[Literal["number", "text", "yesno", "choice"]] = ["number", "text", "yesno", "choice"]
    abs_tol: float = Field(1e-6, ge=0.0)  # numbers: |stated - computed| <= max(abs_tol, rel_tol*|computed|, ...)
    rel_tol: float = Field(0.01, ge=0.0)
    # A stated "23.5" claims +-0.05: also accept a computed value within half a unit of the
    # stated answer's last digit (the LLM rounds; the program does not).
    stated_precision: bool = True
    program_timeout: float = Field(2.0, gt=0.0)  # seconds per answer program
    chart_timeout: float = Field(20.0, gt=0.0)  # seconds for the chart code that precedes them

    # --- checks (stage qa_checks) ---
    dedup_rouge: float = Field(0.7, ge=0.0, le=1.0)  # ROUGE-L F1 above this: a duplicate question
    check_leaks: bool = True  # the question must not state its own answer
    check_needs_chart: bool = True  # the question must refer to the chart and not carry its data
    # Ask the LLM each number/text question without chart or code; an item it still answers
    # correctly does not need the chart. One extra call per chart.
    blind_check: bool = False

    # --- VLM validation (stage judge_qa); empty: the stage passes everything through ---
    judges: list[LLMConfig] = []
    # "majority": more yes than no; "all": no "no" at all; "max-no": at most judge_max_no "no"
    # votes (ReachQA keeps items with fewer than 2 "no" votes: max-no with 1).
    judge_rule: Literal["majority", "all", "max-no"] = "majority"
    judge_max_no: int = Field(1, ge=0)

    # --- question bootstrapping (stage bootstrap); empty: no rewrites ---
    rewrites: list[RewriteKind] = []  # one rewrite of each listed kind per verified question
    rewrite_sources: int | None = Field(None, ge=0)  # at most this many source questions per chart

    # --- modality variants (stage variants) ---
    variants: bool = True
    variant_max_cells: int = Field(400, ge=1)  # a bigger data table is not written into a question
