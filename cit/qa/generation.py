"""Q&A from code: the prompts for one chart and what its reply becomes.

Two modes (`qa.questions`):
- "llm": the LLM writes `recognition` + `reasoning` items from the code (prompts/qa/write.jinja);
- "engine": the LLM answers the engine's own questions (prompts/qa/answer.jinja), so
  `cit audit` can compare its answers with the engine's exact ones.
Either way each item carries a rationale, an answer, an answer type and an answer program.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from cit.llm.parsing import ParseError, extract_json
from cit.qa.compare import AnswerError
from cit.qa.config import QAConfig
from cit.qa.items import LIST_KEYS, ReplyItem, answer_type, build_qa, failed_qa, validate_item
from cit.qa.verification import ANSWER_FN, TABLE_FN
from cit.paths import prompts_dir
from cit.record import QA, Sample

FOLDER = "qa"
WRITE_VARS = ("code", "chart", "n_recognition", "n_reasoning", "table_program", "answer_fn", "table_fn")
ANSWER_VARS = ("code", "chart", "questions", "answer_fn")


@functools.lru_cache(maxsize=1)
def _type_names() -> dict[str, str]:
    """The readable names of the built-in chart types, from their YAML files."""
    names = {}
    for path in sorted((prompts_dir() / "chart_types").glob("*/*.yaml")):
        try:
            name = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("name")
        except (OSError, yaml.YAMLError):
            continue
        if isinstance(name, str) and name.strip():
            names[f"{path.parent.name}/{path.stem}"] = name.strip()
    return names


ENGINE_ONLY_NAMES = {"box/violin": "violin plot", "combo/bar_line": "bar chart with a line on a second axis",
                     "scatter/bubble": "bubble chart", "specific/candlestick": "candlestick chart"}


def chart_name(chart_type: str, family: str = "") -> str:
    """How a reader names the chart ("3D stacked bar chart", "heatmap"); never an internal key."""
    known = _type_names().get(chart_type) or ENGINE_ONLY_NAMES.get(chart_type)
    if known:
        return known
    words = [w for w in re.split(r"[/_.\s]+", chart_type or family) if w and w not in ("plain", "specific")]
    words = ["3D bar" if w == "bar3d" else w for w in words]
    name = " ".join(reversed(words)) if len(words) == 2 else " ".join(words) or "chart"
    return name if name.endswith(("chart", "map", "plot", "gram", "diagram")) else f"{name} chart"


def chart_vars(s: Sample) -> dict[str, str]:
    return {"name": chart_name(s.chart_type, s.family), "type": s.chart_type, "family": s.family, "library": s.library}


def chart_title(s: Sample) -> str | None:
    """The title the image shows: the engine's spec says it; for other programs, the first
    title the code sets with a literal string."""
    if s.spec and isinstance(s.spec.get("title"), str):
        return s.spec["title"]
    m = _TITLE.search(s.code or "")
    return m.group(2) if m else None


_TITLE = re.compile(r"""(?:set_title|\.title|suptitle|title_text|\btitle\s*=)\s*\(?\s*(['"])((?:(?!\1).){3,200})\1""")


def write_vars(s: Sample, cfg: QAConfig) -> dict[str, Any]:
    return {"code": s.code, "chart": chart_vars(s), "n_recognition": cfg.recognition, "n_reasoning": cfg.reasoning,
            "table_program": cfg.table_program and not s.data, "answer_fn": ANSWER_FN, "table_fn": TABLE_FN}


def answer_vars(s: Sample, given: list[QA]) -> dict[str, Any]:
    questions = [{"id": q.id, "question": q.question, "type": q.answer_type.type, "unit": q.answer_type.unit,
                  "options": q.answer_type.options} for q in given]
    return {"code": s.code, "chart": chart_vars(s), "questions": questions, "answer_fn": ANSWER_FN}


@dataclass
class Reply:
    items: list[Any]
    table_program: str | None = None


def parse_reply(text: str) -> Reply:
    """The raw items (and the chart_data() source, if any) of a reply; ParseError otherwise."""
    value = extract_json(text, expect=(list, dict))
    if isinstance(value, list):
        return Reply(value)
    for key in LIST_KEYS:
        if isinstance(value.get(key), list):
            table = value.get(TABLE_FN)
            return Reply(value[key], table if isinstance(table, str) and table.strip() else None)
    raise ParseError("json-wrong-type", f"an object without a list under {'/'.join(LIST_KEYS)}")


def move_engine_items(s: Sample) -> list[QA]:
    """Take the items a chart arrived with (the engine's exact ones) off the sample; they
    are kept in `engine_qa` for the audit."""
    engine, s.qa = list(s.qa), []
    if engine:
        s.engine_qa = [q.model_copy(deep=True) for q in engine]
    return engine


def pick_given(engine: list[QA], cfg: QAConfig) -> list[QA]:
    want = {"recognition": cfg.recognition, "reasoning": cfg.reasoning}
    out = []
    for q in engine:
        if want[q.kind] > 0:
            want[q.kind] -= 1
            out.append(q)
    return out


@dataclass
class Built:
    kept: list[QA] = field(default_factory=list)
    rejected: list[QA] = field(default_factory=list)


def written_items(s: Sample, raw_items: list[Any], cfg: QAConfig, template: str) -> Built:
    """Items of a "write" reply: validated, typed, and capped at the asked-for counts."""
    out = Built()
    left = {"recognition": cfg.recognition, "reasoning": cfg.reasoning}
    for i, raw in enumerate(raw_items):
        qa_id = f"{s.id}-q{i + 1}"
        given = raw.get("kind") if isinstance(raw, dict) else None
        kind = given if isinstance(given, str) and given in left else "reasoning"
        try:
            item = validate_item(raw)
            if item.kind is None or item.answer_type is None:
                raise AnswerError("invalid-item", "kind and answer_type are required")
            q = build_qa(item, qa_id, item.kind, answer_type(item.answer_type, cfg, item.unit, item.options), template)
        except AnswerError as exc:
            out.rejected.append(failed_qa(qa_id, raw, kind, f"{exc.reason}: {exc.detail}", template))
            continue
        if left[q.kind] <= 0:
            q.reason = f"extra-item: more than {getattr(cfg, q.kind)} {q.kind} questions"
            out.rejected.append(q)
            continue
        left[q.kind] -= 1
        out.kept.append(q)
    return out


def answered_items(given: list[QA], raw_items: list[Any], cfg: QAConfig, template: str) -> Built:
    """Items of an "answer" reply, matched to the given questions by id (or by order when
    the reply has no ids and one item per question)."""
    out = Built()
    by_id: dict[str, Any] = {}
    for raw in raw_items:
        if isinstance(raw, dict) and raw.get("id") is not None:
            by_id.setdefault(str(raw["id"]), raw)
    if not by_id and len(raw_items) == len(given):
        by_id = {q.id: raw for q, raw in zip(given, raw_items)}
    for g in given:
        raw = by_id.get(g.id)
        at = g.answer_type
        atype = answer_type(at.type, cfg, at.unit, at.options)
        if raw is None:
            out.rejected.append(failed_qa(g.id, {"question": g.question}, g.kind, "no-answer: the reply has no item for this question", template))
            continue
        try:
            item: ReplyItem = validate_item(raw)
            q = build_qa(item, g.id, g.kind, atype, g.template or template, question=g.question)
        except AnswerError as exc:
            out.rejected.append(failed_qa(g.id, {**raw, "question": g.question}, g.kind, f"{exc.reason}: {exc.detail}", template))
            continue
        out.kept.append(q)
    return out
