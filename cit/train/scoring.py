"""Scoring a model's reply against a reference answer (pure Python, no torch).

- `extract_answer`: the text after the last "Answer:" (how cit's training targets end),
  else the reply's last non-empty line.
- `relaxed_match`: ChartQA's relaxed accuracy. When both sides read as numbers, the
  prediction may be off by up to 5% of the reference (a reference of 0 must be hit
  exactly); otherwise the normalised strings must be equal.
- `exact_match`: normalised strings equal, or both numbers and numerically equal
  ("1,000" = "1000.0").

Numbers are read leniently but not greedily: a leading currency sign, thousands
separators, a trailing "%" and the answer's own unit are stripped; "about 42" or
"42 apples" are not numbers.
"""

from __future__ import annotations

import re

from cit.qa.compare import AnswerError, parse_number as parse_whole

_ANSWER = re.compile(r"answer\s*[:：]", re.IGNORECASE)
_QUOTES = "\"'`“”‘’"


def extract_answer(reply: str | None) -> str:
    if not reply:
        return ""
    hits = list(_ANSWER.finditer(reply))
    if hits:
        tail = reply[hits[-1].end():].strip()
        return tail.splitlines()[0].strip() if tail else ""
    lines = [ln.strip() for ln in reply.strip().splitlines() if ln.strip()]
    return lines[-1] if lines else ""


def normalise(text: str) -> str:
    t = " ".join(text.strip().split()).lower()
    t = t.strip(_QUOTES).strip()
    t = t.strip("*").strip()  # markdown bold around an answer
    while t.endswith((".", "。")):  # a sentence's stop ("5." is 5 either way)
        t = t[:-1].rstrip()
    return t


def parse_number(text: str, unit: str | None = None) -> float | None:
    """The reply as a number, or None: `cit.qa.compare.parse_number(whole=True)`."""
    try:
        return parse_whole(text, whole=True, unit=unit)
    except AnswerError:
        return None


def relaxed_match(prediction: str, reference: str, tolerance: float = 0.05, unit: str | None = None) -> bool:
    p, r = parse_number(prediction, unit), parse_number(reference, unit)
    if p is not None and r is not None:
        if r == 0:
            return p == 0
        return abs(p - r) / abs(r) <= tolerance
    return normalise(prediction) == normalise(reference)


def exact_match(prediction: str, reference: str, unit: str | None = None) -> bool:
    if normalise(prediction) == normalise(reference):
        return True
    p, r = parse_number(prediction, unit), parse_number(reference, unit)
    return p is not None and r is not None and p == r
