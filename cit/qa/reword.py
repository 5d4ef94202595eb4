"""An optional LLM pass over program items (`qa.reword`): the wording changes, the answer
does not. Each reworded question must keep the same id, still be a question, not state its
answer, and keep every name and number of the original; the item's solution program runs
again and must still reproduce the answer. Anything else keeps the original wording."""

from __future__ import annotations

import re
from typing import Any

from cit.prompts import Prompts
from cit.qa.asking import Ask, ask_all, check_folder, stable_seed
from cit.qa.compare import agree
from cit.qa.generation import chart_vars, parse_reply
from cit.qa.programs import run_solution
from cit.record import QA, Sample

FOLDER, VARS = "qa_programs", ("chart", "items")


def check(prompts: Prompts) -> None:
    check_folder(prompts, FOLDER, ["reword"], VARS)


def reword(llm, prompts: Prompts, charts: list[tuple[Sample, list[QA]]], cfg, seed: int, counters) -> None:
    asks = []
    for s, items in charts:
        listed = [{"id": q.id, "question": q.question, "answer": q.answer} for q in items]
        asks.append(Ask(s, prompts.messages(FOLDER, "reword", {"chart": chart_vars(s), "items": listed}),
                        parse_reply, stable_seed(seed, s.id, "reword")))
    if not asks:
        return
    ask_all(llm, "qa_programs", prompts, asks, cfg.parse_retries, cfg.temperature, cfg.max_tokens)
    for ask, (s, items) in zip(asks, charts):
        if ask.error is not None:
            counters[f"qa-reword/{ask.error.reason}"] += len(items)
            continue
        by_id = {q.id: q for q in items}
        for raw in ask.value.items:
            q = by_id.pop(str(raw.get("id")), None) if isinstance(raw, dict) else None
            if q is None:
                continue
            why = _refuse(q, raw.get("question"), s)
            counters[f"qa-reword/{why or 'reworded'}"] += 1
            if why is None:
                q.question, q.rewrite = raw["question"].strip(), "rephrased"
        counters["qa-reword/missing"] += len(by_id)


def _refuse(q: QA, new: Any, s: Sample) -> str | None:
    if not isinstance(new, str) or not new.strip().endswith("?") or len(new) > 400:
        return "not-a-question"
    text = new.lower()
    if q.answer_type.type != "number" and q.answer.lower() in text and q.answer.lower() not in q.question.lower():
        return "answer-leak"
    kept = set(re.findall(r"\d+(?:\.\d+)?", q.question)) <= set(re.findall(r"\d+(?:\.\d+)?", new))
    names = [n for n in re.findall(r"[A-Z][\w'&.-]*(?: [A-Z][\w'&.-]*)*", q.question[1:])]
    if not kept or any(n.lower() not in text for n in names):
        return "lost-a-detail"
    ok, _ = agree(q.value, run_solution(q.program, s.data), q.answer_type)  # the answer is the program's, still
    return None if ok else "program-mismatch"
