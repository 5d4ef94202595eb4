"""Reading answers and deciding whether two answers agree.

`parse_answer` turns a stated answer into its machine value (a float, "Yes"/"No", an
option, a text). `agree` compares that value with what an answer program computed (or
with an exact answer, in the audit) under the answer type's rule. `rouge_l` is the
question similarity used to deduplicate questions.
"""

from __future__ import annotations

import functools
import math
import re
from typing import Any

from cit.record import AnswerType

_NUMBER = re.compile(r"[-+\u2212]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?(?:[eE][-+]?\d+)?")
_WORD = re.compile(r"[a-z0-9]+(?:\.[0-9]+)?")
_YES = {"yes", "y", "true", "correct"}
_NO = {"no", "n", "false", "incorrect"}


class AnswerError(ValueError):
    """A stated answer that does not fit its answer type; `reason` is short and countable."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


def numbers_in(text: str) -> list[tuple[float, str]]:
    """Every number written in `text`, with the text it was written as ("1,200" -> 1200.0)."""
    found = []
    for m in _NUMBER.finditer(text or ""):
        raw = m.group(0)
        if not any(ch.isdigit() for ch in raw):
            continue
        try:
            found.append((float(raw.replace(",", "").replace("\u2212", "-")), raw))
        except ValueError:
            continue
    return found


_CURRENCY = "$€£¥₹"
_QUOTES = "\"'`“”‘’"
_SIGNED_MONEY = re.compile(r"([-+\u2212])\s*[$€£¥₹]")


def _bare(text: str, unit: str | None) -> str:
    """A whole answer with what may surround its number removed: spaces, quotes, markdown
    bold, a final full stop, its unit, "%", and a currency sign after the sign."""
    t = " ".join(text.strip().split()).lower().strip(_QUOTES).strip().strip("*").strip()
    t = t.rstrip(".。").rstrip()
    if unit and t.endswith(unit.lower()):
        t = t[: -len(unit)].strip()
    t = t.removesuffix("%").strip()
    sign = ""
    if t[:1] in "+-\u2212":
        sign, t = t[0], t[1:].lstrip()
    return sign + t.lstrip(_CURRENCY).strip()


def parse_number(text: Any, *, whole: bool = False, unit: str | None = None) -> float:
    """The one number in an answer, the one rule cit reads numbers by (verification,
    rewards and evaluation alike).

    Lenient (default): the answer holds exactly one number, anywhere: "23.5", "$1,200",
    "45 %", "-3.2 million units". `whole=True`: the answer *is* the number, once spaces,
    quotes, bold, a final stop, `unit`, "%" and a currency sign are removed; "about 42"
    and "42 apples" are not numbers (ChartQA's relaxed accuracy). Raises AnswerError."""
    if isinstance(text, bool):
        raise AnswerError("answer-not-a-number", repr(text))
    if isinstance(text, (int, float)):
        if math.isfinite(text):
            return float(text)
        raise AnswerError("answer-not-a-number", repr(text))
    if whole:
        bare = _bare(str(text), unit)
        found = numbers_in(bare)
        if len(found) != 1 or found[0][1] != bare:
            raise AnswerError("answer-not-a-number", f"{str(text)[:60]!r} is not just a number")
        return found[0][0]
    found = numbers_in(_SIGNED_MONEY.sub(r"\1", str(text)))  # "-$5" is -5
    if len(found) != 1:
        raise AnswerError("answer-not-a-number", f"{len(found)} numbers in {str(text)[:60]!r}")
    return found[0][0]


def decimals_of(text: str) -> int | None:
    """Digits after the point in the one number of `text` (None when there is no number)."""
    found = numbers_in(text)
    if len(found) != 1:
        return None
    raw = found[0][1].lower().split("e")[0]
    return len(raw.split(".")[1]) if "." in raw else 0


def yes_no(value: Any) -> str:
    if isinstance(value, bool):
        return "Yes" if value else "No"
    word = re.sub(r"[^a-z]", "", str(value).strip().lower().split(",")[0].split(".")[0])
    if word in _YES:
        return "Yes"
    if word in _NO:
        return "No"
    raise AnswerError("answer-not-yesno", str(value)[:60])


def norm_text(value: Any) -> str:
    """Case, spacing, surrounding punctuation and a leading article do not matter."""
    text = re.sub(r"\s+", " ", str(value).strip().lower())
    text = text.strip(" .,:;!?\"'`()[]")
    return re.sub(r"^(the|a|an) ", "", text)


def parse_answer(answer: str, atype: AnswerType) -> float | str:
    """The machine value of a stated answer; an AnswerError when it does not fit the type."""
    if atype.type == "number":
        return parse_number(answer)
    if atype.type == "yesno":
        return yes_no(answer)
    if atype.type == "choice":
        options = atype.options or []
        for option in options:
            if norm_text(option) == norm_text(answer):
                return option
        raise AnswerError("answer-not-an-option", f"{answer[:60]!r} not in {options}")
    if not str(answer).strip():
        raise AnswerError("empty-answer")
    return str(answer).strip()


def tolerance(stated: str | None, value: float, atype: AnswerType, use_precision: bool = True) -> float:
    """The largest difference from `value` that still agrees."""
    tol = max(atype.abs_tol, atype.rel_tol * abs(value))
    if use_precision and stated is not None:
        d = decimals_of(stated)
        if d is not None:
            tol = max(tol, 0.5 * 10.0 ** (-d) * (1 + 1e-9))
    return tol


def agree(expected: float | str, got: Any, atype: AnswerType, stated: str | None = None,
          use_precision: bool = True) -> tuple[bool, str]:
    """Whether a computed (or exact) answer `got` agrees with the machine value `expected`.

    Returns (agrees, one line that says what was compared)."""
    if atype.type == "number":
        try:
            x = parse_number(got)
        except AnswerError:
            return False, f"computed {_short(got)}, not a number"
        tol = tolerance(stated, x, atype, use_precision)
        diff = abs(float(expected) - x)
        return diff <= tol, f"computed {x:.6g}, stated {float(expected):.6g} (|diff| {diff:.3g}, tolerance {tol:.3g})"
    if atype.type == "yesno":
        try:
            y = yes_no(got)
        except AnswerError:
            return False, f"computed {_short(got)}, not yes/no"
        return y == expected, f"computed {y}, stated {expected}"
    if isinstance(got, (list, tuple, set)):
        got_set = {norm_text(g) for g in got}
        want_set = {norm_text(p) for p in re.split(r",|;| and ", str(expected)) if p.strip()}
        return got_set == want_set, f"computed {_short(list(got))}, stated {str(expected)[:60]!r}"
    if isinstance(got, float) and got.is_integer():
        got = int(got)
    return norm_text(got) == norm_text(expected), f"computed {_short(got)}, stated {str(expected)[:60]!r}"


def reply_agrees(prediction: str, reference: str, atype: AnswerType) -> bool:
    """A model's answer against an item's stated answer, by the item's own type and
    tolerance: the rule verification applies to answer programs, now applied to what a
    model says (`cit eval`, the GRPO rewards). A reference that does not parse by its type
    falls back to equal normalised text."""
    try:
        expected = parse_answer(reference, atype)
    except AnswerError:
        return norm_text(prediction) == norm_text(reference)
    return agree(expected, prediction, atype, stated=reference)[0]


def relative_error(prediction: str, reference: str) -> float | None:
    """|prediction - reference| / |reference| for numeric answers (None when either is not one number)."""
    try:
        got, want = parse_number(prediction), parse_number(reference)
    except AnswerError:
        return None
    return abs(got - want) / max(abs(want), 1e-9)


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


# --- ROUGE-L ---------------------------------------------------------------------------

def words(text: str) -> list[str]:
    return _WORD.findall((text or "").lower())


class _Words:
    """rouge-score's tokenizer interface over `words` (its own splits "3.5" into "3" "5")."""

    @staticmethod
    def tokenize(text: str) -> list[str]:
        return words(text)


@functools.cache
def _rouge():
    from rouge_score import rouge_scorer  # imports nltk: 0.7 s, paid only where questions are compared

    return rouge_scorer.RougeScorer(["rougeL"], tokenizer=_Words())


def rouge_l(a: str, b: str) -> float:
    """ROUGE-L F1 over lower-cased word tokens (rouge-score's LCS and F-measure)."""
    return float(_rouge().score(a or "", b or "")["rougeL"].fmeasure)
