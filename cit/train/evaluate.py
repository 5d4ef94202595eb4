"""`cit eval`: answer a held-out split, score it, write report.json / report.md.

    cit eval --model llava-next-charts --data charts_trl                     # transformers, test split
    cit eval --model my-vlm --backend openai --base-url http://localhost:8000/v1 --data charts_trl
    cit eval --model llava-next-charts/merged --backend vllm --data charts_trl --judge gpt-4o-mini

Any dataset `cit sft` can read works (images + messages rows, or image + question + answer).
The reference is the `answer` column when present, else what follows "Answer:" in the
row's last assistant turn; the prompt is every turn before that one. A failed generation
is kept in the report as a wrong answer with its error, never dropped.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cit.errors import UserError
from cit.train.generate import EvalItem, Reply, as_png
from cit.train.scoring import exact_match, extract_answer, relaxed_match

BACKENDS = ("transformers", "vllm", "openai")


@dataclass
class EvalOptions:
    model: str
    data: str
    backend: str = "transformers"
    split: str = "test"
    limit: int | None = None
    out: str | None = None
    batch_size: int = 8
    max_new_tokens: int = 512
    base_url: str | None = None
    api_key_env: str = "OPENAI_API_KEY"
    judge: str | None = None
    judge_base_url: str | None = None
    judge_api_key_env: str = "OPENAI_API_KEY"


def _unit(answer_type: str | None) -> str | None:
    if not answer_type:
        return None
    try:
        return json.loads(answer_type).get("unit") or None
    except (ValueError, AttributeError):
        return None


def eval_items(ds) -> list[EvalItem]:
    """Rows of any trainable layout as evaluation items."""
    from cit.train.data import detect_layout, iter_raw_rows, normalise_messages

    layout = detect_layout(ds.column_names)
    items = []
    for i, row in enumerate(iter_raw_rows(ds)):
        images = row["images"] if layout == "images+messages" else [row["image"]]
        images = [as_png(im) for im in images if im is not None]
        if layout == "image+qa":
            prompt = [{"role": "user", "content": [{"type": "image", "text": None}, {"type": "text", "text": row["question"]}]}]
            reference = row["answer"]
        else:
            messages = normalise_messages(row["messages"], len(images))
            last = max((k for k, m in enumerate(messages) if m["role"] == "assistant"), default=None)
            prompt = messages[:last] if last is not None else messages
            target = "".join(p.get("text") or "" for p in messages[last]["content"]) if last is not None else ""
            reference = row["answer"] if row.get("answer") is not None else extract_answer(target)
        question = row.get("question") or " ".join(
            p.get("text") or "" for m in prompt if m["role"] == "user" for p in m["content"] if p["type"] == "text")
        items.append(EvalItem(
            id=str(row.get("id") or i), prompt=prompt, images=images, reference=str(reference),
            question=question, kind=row.get("kind") or "unknown", chart_type=row.get("chart_type") or "unknown",
            level=row.get("level") or "unknown", unit=_unit(row.get("answer_type")),
            answer_type=row.get("answer_type") or None, qa_family=row.get("qa_family") or "unknown",
            steps=int(row.get("steps") or 0),
        ))
    return items


def score(items: list[EvalItem], replies: list[Reply]) -> list[dict[str, Any]]:
    rows = []
    for it, rep in zip(items, replies):
        pred = extract_answer(rep.text) if rep.text is not None else ""
        ok = rep.text is not None and rep.error is None
        rows.append({
            "id": it.id, "kind": it.kind, "chart_type": it.chart_type, "level": it.level,
            "question": it.question, "reference": it.reference, "reply": rep.text, "prediction": pred,
            "qa_family": it.qa_family, "steps": str(it.steps) if it.steps else "unknown",
            "correct": ok and _correct(pred, it),
            "relaxed": ok and relaxed_match(pred, it.reference, unit=it.unit),
            "exact": ok and exact_match(pred, it.reference, unit=it.unit),
            "error": rep.error,
        })
    return rows


def _correct(prediction: str, it: EvalItem) -> bool:
    """cit's own rule (cit.qa.compare, the item's tolerance); ChartQA's 5% where the data
    carries no answer type."""
    from cit.qa.compare import reply_agrees
    from cit.record import AnswerType

    if not it.answer_type:
        return relaxed_match(prediction, it.reference, unit=it.unit)
    try:
        atype = AnswerType.model_validate_json(it.answer_type)
    except ValueError:
        return relaxed_match(prediction, it.reference, unit=it.unit)
    return reply_agrees(prediction, it.reference, atype)


def _default_out(opts: EvalOptions) -> Path:
    folder = Path(opts.model)
    if opts.backend == "transformers" and folder.is_dir():
        return folder / f"eval-{opts.split}"
    return Path(f"eval-{re.sub(r'[^A-Za-z0-9_.-]+', '_', opts.model)}-{opts.split}")


def generate_replies(opts: EvalOptions, items: list[EvalItem]) -> list[Reply]:
    if opts.backend == "transformers":
        from cit.train.generate import TransformersVLM

        return TransformersVLM(opts.model, opts.batch_size, opts.max_new_tokens).generate(items)
    from cit.train.generate import llm_generate

    return llm_generate(items, opts.backend, opts.model, opts.max_new_tokens, opts.base_url, opts.api_key_env)


def run_eval(opts: EvalOptions) -> dict[str, Any]:
    from cit.train.data import open_dataset, pick_split
    from cit.train.report import aggregate, write_reports

    if opts.backend not in BACKENDS:
        raise UserError(f"unknown backend '{opts.backend}'; choose one of {', '.join(BACKENDS)}")
    ds = pick_split(open_dataset(opts.data), opts.split, opts.data)
    if opts.limit is not None:
        ds = ds.select(range(min(opts.limit, len(ds))))
    if len(ds) == 0:
        raise UserError(f"{opts.data} split '{opts.split}' has no rows to evaluate")
    items = eval_items(ds)
    replies = generate_replies(opts, items)
    rows = score(items, replies)
    if opts.judge:
        from cit.train.judge import judge_replies

        for row, verdict in zip(rows, judge_replies(items, replies, opts.judge, opts.judge_base_url,
                                                    opts.judge_api_key_env)):
            row["judge"] = verdict
    out = Path(opts.out) if opts.out else _default_out(opts)
    report = {"model": opts.model, "backend": opts.backend, "data": opts.data, "split": opts.split,
              "judge": opts.judge, "out": str(out), **aggregate(rows)}
    write_reports(out, report, rows)
    return report
