"""The one record type that flows through every stage: a chart sample.

A `Sample` carries a chart program (the intermediary), its lineage, what rendering
produced, the data it draws when known, its Q&A, scores and provenance. Records are
serialised one per line as JSON (`Sample.to_json_line` / `Sample.from_json_line`).

A dropped record becomes a `Rejected`: the record as it was when dropped, plus the
stage and a short reason, so nothing leaves a run without a trace.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

QAKind = Literal["recognition", "reasoning"]
VerifyStatus = Literal["verified", "unverified", "disagree"]
Variant = Literal["text-dominant", "text-lite", "vision-dominant"]


class _Model(BaseModel):
    # Unknown keys are bugs (a field renamed in one stage and not the next is exactly
    # how ReachQA's scripts broke), so refuse them.
    model_config = ConfigDict(extra="forbid", validate_assignment=False)


class AnswerType(_Model):
    """How an answer is written and compared.

    - number: `unit` (may be empty) and a tolerance; an answer `a` matches `x` when
      |a - x| <= max(abs_tol, rel_tol * |x|).
    - text: compared case- and whitespace-insensitively.
    - yesno: "Yes" or "No".
    - choice: one of `options`.
    """

    type: Literal["number", "text", "yesno", "choice"]
    unit: str | None = None
    abs_tol: float = 0.0
    rel_tol: float = 0.0
    options: list[str] | None = None


class QA(_Model):
    id: str
    question: str
    answer: str
    rationale: str
    kind: QAKind
    answer_type: AnswerType
    # The machine-readable answer (a float for numbers, the option text for choices),
    # what verification and evaluation compare against.
    value: float | int | str | None = None
    verified: bool = False
    verified_by: str | None = None  # "engine", "execution", "vlm-vote", ...
    status: VerifyStatus = "unverified"
    reason: str | None = None
    # A short program that recomputes the answer from the chart's data (LLM path).
    program: str | None = None
    template: str | None = None  # which question template or prompt produced it
    family: str | None = None  # the question family (cit/qa/families/) whose program produced it
    steps: int | None = None  # dependent operations in its solution program
    # Question bootstrapping and modality variants are linked records.
    source_id: str | None = None  # the QA this one was derived from
    rewrite: str | None = None  # "rephrased", "more-complex", "simplified", "under-specified"
    variant: Variant | None = None
    variant_group: str | None = None


class Lineage(_Model):
    parent_id: str | None = None
    step: int = 0  # 0 for a first-generation chart, n for the n-th evolution
    direction: str | None = None  # "more-data", "visual-elements", "overlay", "subplot", ...
    level: Literal["easy", "hard"] = "easy"


class RenderInfo(_Model):
    ok: bool
    images: list[str] = Field(default_factory=list)  # relative to the run folder
    error: str | None = None
    traceback: str | None = None
    # No timings here: a record must come out byte-identical when a run is resumed.
    # Per-stage seconds live in stats.json.
    sandbox: str | None = None  # "bwrap" or "none"
    width: int | None = None
    height: int | None = None
    figures: list[dict[str, Any]] = Field(default_factory=list)  # per-figure layout facts
    shims: list[str] = Field(default_factory=list)  # compatibility shims that fired (sandbox/compat.py)


class LLMCall(_Model):
    """The raw input and output of one LLM call, kept on the record it produced."""

    stage: str
    model: str
    messages: list[dict[str, Any]]
    reply: str | None = None
    finish_reason: str | None = None
    usage: dict[str, int] = Field(default_factory=dict)
    # No "served from the cache" flag: a resumed run must write the same bytes as an
    # uninterrupted one, and which replies a resume finds cached depends on when it stopped.
    error: str | None = None


class DataTable(_Model):
    """The numbers a chart draws, as a table: what Q&A and captions are computed from."""

    columns: list[str]
    rows: list[list[Any]]
    units: dict[str, str] = Field(default_factory=dict)
    title: str | None = None


class Fingerprints(_Model):
    """What dedup compared a chart by, and on which of its passes it was kept."""

    code: str  # hash of the program's tokens
    phash: str | None = None  # 64-bit perceptual hash of the image, hex
    dedup_pass: int = 1  # 1: before evolution, 2: after it (the LLM pipeline lists dedup twice)


class Sample(_Model):
    id: str
    index: int | None = None  # the first-generation index it descends from (set by the runner)
    family: str
    chart_type: str
    library: str
    code: str
    topic: str | None = None
    lineage: Lineage = Field(default_factory=Lineage)
    generator: str = "template"  # "template" or the model name that wrote the code
    image: str | None = None  # the main PNG, relative to the run folder
    render: RenderInfo | None = None
    data: list[DataTable] = Field(default_factory=list)
    caption: str | None = None
    qa: list[QA] = Field(default_factory=list)
    # Q&A items dropped by checks or verification, each with its status and reason.
    qa_rejected: list[QA] = Field(default_factory=list)
    scores: dict[str, float] = Field(default_factory=dict)
    # Generator-specific structured description (the engine's chart spec), used to
    # evolve a chart and to audit the LLM path against exact answers.
    spec: dict[str, Any] | None = None
    # Data one stage hands to a later one: typed, so drift is refused like any unknown key.
    fingerprints: Fingerprints | None = None  # dedup -> the cross-block check, and resume
    table_program: str | None = None  # qa_llm -> verify: the LLM's chart_data() source
    table_error: str | None = None  # verify: why that program gave no data table
    engine_qa: list[QA] = Field(default_factory=list)  # the engine's exact items, set aside for `cit audit`
    # How the record came to be (examples drawn, topics, evolution direction, repairs, judges' scores).
    provenance: dict[str, Any] = Field(default_factory=dict)
    llm_calls: list[LLMCall] = Field(default_factory=list)

    def to_json_line(self) -> str:
        return self.model_dump_json(exclude_none=False) + "\n"

    @classmethod
    def from_json_line(cls, line: str) -> "Sample":
        return cls.model_validate_json(line)


class Rejected(_Model):
    stage: str
    reason: str  # short and countable, e.g. "render-error", "duplicate-code"
    detail: str | None = None  # the human-readable specifics
    record: Sample

    def to_json_line(self) -> str:
        return self.model_dump_json() + "\n"

    @classmethod
    def from_json_line(cls, line: str) -> "Rejected":
        return cls.model_validate_json(line)
