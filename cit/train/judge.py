"""Optional LLM-as-judge scoring for `cit eval --judge MODEL` (off by default).

String and 5% numeric matching miss answers that are right but phrased differently
("Q3 2021" vs "the third quarter of 2021"). A judge model reads the question, the
reference answer and the model's whole reply and says whether the reply's final answer
means the same thing. It sees text only: the reference stands in for the chart.
"""

from __future__ import annotations

import re

from cit.train.generate import EvalItem, Reply

JUDGE_SYSTEM = (
    "You grade answers to questions about charts. You are given the question, the reference answer, and a "
    "model's reply. Decide whether the final answer in the reply agrees with the reference. Numbers agree when "
    "they differ by at most 5% of the reference or only in formatting (units, thousands separators, rounding "
    "that the question allows). Words agree when they name the same thing. Ignore the reasoning; judge only "
    "the final answer. Reply with one word: CORRECT or INCORRECT."
)

_VERDICT = re.compile(r"\b(INCORRECT|CORRECT)\b", re.IGNORECASE)


def judge_prompt(item: EvalItem, reply: str) -> list[dict[str, str]]:
    user = f"Question: {item.question}\nReference answer: {item.reference}\nModel reply:\n{reply}\n\nVerdict:"
    return [{"role": "system", "content": JUDGE_SYSTEM}, {"role": "user", "content": user}]


def parse_verdict(text: str | None) -> bool | None:
    """True / False from the judge's reply; None when it gave no verdict."""
    if not text:
        return None
    m = _VERDICT.search(text)
    return None if m is None else m.group(1).upper() == "CORRECT"


def judge_replies(items: list[EvalItem], replies: list[Reply], model: str, base_url: str | None,
                  api_key_env: str) -> list[bool | None]:
    """One verdict per item; items whose model reply failed are not sent (None)."""
    from cit.llm import make_llm
    from cit.llm.config import LLMConfig

    todo = [i for i, r in enumerate(replies) if r.text]
    verdicts: list[bool | None] = [None] * len(items)
    if not todo:
        return verdicts
    cfg = LLMConfig(backend="openai", model=model, base_url=base_url, api_key_env=api_key_env, cache=False,
                    sampling={"temperature": 0.0, "top_p": 1.0, "max_tokens": 8})
    with make_llm(cfg) as llm:
        out = llm.generate([judge_prompt(items[i], replies[i].text or "") for i in todo])
    for i, c in zip(todo, out):
        verdicts[i] = parse_verdict(c.text) if c.ok else None
    return verdicts
