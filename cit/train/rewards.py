"""Verifiable rewards for GRPO from cit items: the comparison verification uses.

Each reward takes TRL's arguments (`completions` plus the dataset's columns as lists) and
returns one float per completion:

- `accuracy_reward`: 1.0 when the answer inside <answer> agrees with the item's solution by
  its own answer type and tolerance (cit.qa.compare.reply_agrees); outside the tolerance a
  numeric answer earns exp(-relative error / decay), so being close still counts; 0 else.
- `format_reward`: 1.0 for a completion shaped like the template the prompt asks for
  (<think>...</think> then <answer>...</answer>), 0.5 when only the answer tag is there.

Pure Python: no torch, so rewards are testable and reusable anywhere.
"""

from __future__ import annotations

import math
import re
from typing import Any

from cit.qa.compare import relative_error, reply_agrees
from cit.record import AnswerType

_ANSWER = re.compile(r"<answer>(.*?)</answer>", re.S | re.I)
_FULL = re.compile(r"^\s*<think>.+?</think>\s*<answer>.+?</answer>\s*$", re.S | re.I)
DECAY = 0.1  # relative error at which the partial credit falls to 1/e


def completion_text(completion: Any) -> str:
    """A completion as TRL passes it: a string, or conversational [{"role", "content"}]."""
    if isinstance(completion, str):
        return completion
    if isinstance(completion, list) and completion:
        content = completion[-1].get("content") if isinstance(completion[-1], dict) else completion[-1]
        if isinstance(content, list):
            return "".join(p.get("text") or "" for p in content if isinstance(p, dict))
        return str(content or "")
    return ""


def answer_of(text: str) -> str | None:
    found = _ANSWER.findall(text)
    return found[-1].strip() if found else None


def score(text: str, solution: str, answer_type: str, decay: float = DECAY) -> float:
    """The accuracy reward of one completion text against one item."""
    answer = answer_of(text)
    if not answer:
        return 0.0
    atype = AnswerType.model_validate_json(answer_type)
    if reply_agrees(answer, solution, atype):
        return 1.0
    if atype.type == "number":
        err = relative_error(answer, solution)
        if err is not None:
            return round(math.exp(-err / decay), 6)
    return 0.0


def accuracy_reward(completions: list, solution: list[str], answer_type: list[str], **_: Any) -> list[float]:
    return [score(completion_text(c), s, t) for c, s, t in zip(completions, solution, answer_type)]


def format_reward(completions: list, **_: Any) -> list[float]:
    out = []
    for c in completions:
        text = completion_text(c)
        out.append(1.0 if _FULL.match(text) else 0.5 if answer_of(text) else 0.0)
    return out
