"""What the Q&A stages will send, for `cit prompts show` (registered through `PREVIEWS`).

Built with the same functions the stages use, on a chart from the built-in engine, so
what is shown is what goes out.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cit.prompts import Prompts
from cit.qa.asking import check_folder
from cit.qa.generation import ANSWER_VARS, FOLDER, WRITE_VARS, answer_vars, chart_vars, pick_given, write_vars
from cit.qa.verification import ANSWER_FN
from cit.record import Sample

Message = dict[str, Any]
IMAGE = {"type": "image_url", "image_url": {"url": "<the chart's PNG>"}}


def _chart(opts: Any) -> Sample:
    from cit.engine import ChartEngine

    return ChartEngine(seed=opts.config.seed).generate(0)


def qa_llm(prompts: Prompts, opts: Any) -> list[Message]:
    cfg = opts.config.qa
    s = _chart(opts)
    s.data = []  # as for a chart the LLM wrote: the reply is also asked for chart_data()
    check_folder(prompts, FOLDER, ["write"], WRITE_VARS)
    return prompts.messages(FOLDER, "write", write_vars(s, cfg))


def qa_llm_engine(prompts: Prompts, opts: Any) -> list[Message]:
    s = _chart(opts)
    check_folder(prompts, FOLDER, ["answer"], ANSWER_VARS)
    return prompts.messages(FOLDER, "answer", answer_vars(s, pick_given(s.qa, opts.config.qa)))


def qa_checks(prompts: Prompts, opts: Any) -> list[Message]:
    s = _chart(opts)
    check_folder(prompts, "qa_check", ["blind"], ("questions",))
    return prompts.messages("qa_check", "blind", {"questions": [{"id": q.id, "question": q.question} for q in s.qa[:3]]})


def bootstrap(prompts: Prompts, opts: Any) -> list[Message]:
    s = _chart(opts)
    kinds = list(opts.config.qa.rewrites) or ["rephrased", "more-complex", "simplified", "under-specified"]
    items = [{"id": q.id, "question": q.question, "answer": q.answer, "type": q.answer_type.type} for q in s.qa[:2]]
    variables = {"code": s.code, "chart": chart_vars(s), "items": items, "kinds": kinds, "answer_fn": ANSWER_FN}
    check_folder(prompts, "bootstrap", ["rewrite"], tuple(variables))
    return prompts.messages("bootstrap", "rewrite", variables)


def judge_qa(prompts: Prompts, opts: Any) -> list[Message]:
    s = _chart(opts)
    check_folder(prompts, "judge_qa", ["check"], ("items",))
    items = [{"id": q.id, "question": q.question, "rationale": q.rationale, "answer": q.answer} for q in s.qa[:3]]
    return prompts.messages("judge_qa", "check", {"items": items}, image=IMAGE)


PREVIEWS: dict[str, Callable[[Prompts, Any], list[Message]]] = {
    "qa_llm": qa_llm,
    "qa_llm_engine": qa_llm_engine,
    "qa_checks": qa_checks,
    "bootstrap": bootstrap,
    "judge_qa": judge_qa,
}
