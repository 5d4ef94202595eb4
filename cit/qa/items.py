"""The JSON an LLM returns for Q&A, checked against a schema and turned into `QA` items.

A reply is a list of items (or an object holding one under "items"/"questions"/"qa").
Each item is validated on its own: one bad item is rejected with its reason and the rest
are kept. Tolerances never come from the LLM; they come from the run config.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from cit.qa.compare import AnswerError, parse_answer
from cit.qa.config import QAConfig
from cit.record import QA, AnswerType

LIST_KEYS = ("items", "questions", "qa", "rewrites", "answers")


class ReplyItem(BaseModel):
    """One Q&A item as the LLM writes it. Unknown keys are ignored (models add their own)."""

    model_config = ConfigDict(extra="ignore")

    id: str | int | None = None  # given questions and rewrites name the item they answer
    kind: Literal["recognition", "reasoning"] | None = None
    question: str | None = None
    rationale: str = ""
    answer: str
    answer_type: Literal["number", "text", "yesno", "choice"] | None = None
    unit: str | None = None
    options: list[str] | None = None
    program: str | None = None

    @field_validator("answer", "question", "rationale", "unit", "program", mode="before")
    @classmethod
    def _as_text(cls, v: Any) -> Any:
        # Models write 42 for "42" and ["step 1", "step 2"] for a rationale.
        if isinstance(v, bool):
            return "Yes" if v else "No"
        if isinstance(v, (int, float)):
            return str(v)
        if isinstance(v, list) and all(isinstance(x, str) for x in v):
            return "\n".join(v)
        return v

    @field_validator("kind", "answer_type", mode="before")
    @classmethod
    def _lower(cls, v: Any) -> Any:
        aliases = {"numeric": "number", "numerical": "number", "boolean": "yesno", "yes/no": "yesno",
                   "multiple-choice": "choice", "string": "text"}
        if isinstance(v, str):
            v = v.strip().lower()
            return aliases.get(v, v)
        return v


def validate_item(raw: Any) -> ReplyItem:
    """One raw item against the schema; AnswerError('invalid-item', ...) when it does not fit."""
    if not isinstance(raw, dict):
        raise AnswerError("invalid-item", f"expected an object, found {type(raw).__name__}")
    try:
        return ReplyItem.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(map(str, first["loc"])) or "item"
        raise AnswerError("invalid-item", f"{where}: {first['msg']}") from None


def answer_type(type_: str, cfg: QAConfig, unit: str | None = None, options: list[str] | None = None) -> AnswerType:
    if type_ == "number":
        return AnswerType(type="number", unit=unit or None, abs_tol=cfg.abs_tol, rel_tol=cfg.rel_tol)
    if type_ == "choice":
        return AnswerType(type="choice", options=list(options or []))
    return AnswerType(type=type_)  # type: ignore[arg-type]


def build_qa(item: ReplyItem, qa_id: str, kind: str, atype: AnswerType, template: str,
             question: str | None = None) -> QA:
    """A QA from a validated item; AnswerError when its answer does not fit its type."""
    text = (question if question is not None else item.question or "").strip()
    if not text:
        raise AnswerError("invalid-item", "question: empty")
    if atype.type == "choice" and len(atype.options or []) < 2:
        raise AnswerError("invalid-item", "a choice question needs at least two options")
    qa = QA(id=qa_id, question=text, answer=item.answer.strip(), rationale=item.rationale.strip(),
            kind=kind, answer_type=atype, program=(item.program or "").strip() or None, template=template)  # type: ignore[arg-type]
    qa.value = parse_answer(qa.answer, atype)
    return qa


def failed_qa(qa_id: str, raw: Any, kind: str, reason: str, template: str) -> QA:
    """A stand-in QA for an item that could not be built, so the reject keeps what came."""
    raw = raw if isinstance(raw, dict) else {"raw": raw}
    question = raw.get("question")
    return QA(id=qa_id, question=question if isinstance(question, str) else "", answer=str(raw.get("answer", ""))[:500],
              rationale=str(raw.get("rationale", ""))[:2000], kind=kind, answer_type=AnswerType(type="text"),  # type: ignore[arg-type]
              program=raw.get("program") if isinstance(raw.get("program"), str) else None,
              template=template, status="unverified", reason=reason)
