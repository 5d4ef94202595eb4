"""Question candidates, their wording, answer types and tolerances, and the final pick.

A shape's question functions offer candidates; `select` keeps a varied set (distinct
templates first, questions about evolved parts first) and `to_records` turns them into
`QA` records. Every candidate also records its template arguments, so a checker can
recompute the answer from the program's own data.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from cit.engine.text import num
from cit.record import QA, AnswerType


@dataclass
class Candidate:
    template: str
    kind: str  # "recognition" | "reasoning"
    question: str
    answer: str
    value: float | int | str
    answer_type: AnswerType
    rationale: str
    args: dict[str, Any] = field(default_factory=dict)
    priority: int = 0  # higher goes first (questions about an evolved chart's new parts)
    dp: int | None = None  # decimals a number answer was rounded to


def read_tol(values: list[float], labeled: bool, from_zero: bool = True, dp: int = 1) -> float:
    """How far a careful reader may be off when reading one value of `values` off the chart:
    zero when the chart prints it, else about a thirtieth of the value axis."""
    if labeled:
        return 0.0
    hi = max(abs(v) for v in values) if values else 1.0
    span = hi if from_zero else max(max(values) - min(values), 0.25 * hi)
    tol = 0.03 * span
    return float(f"{max(tol, 10.0 ** -max(dp, 0)):.2g}")


class Asker:
    """Collects candidates; picks wordings with the chart's own seeded generator."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.items: list[Candidate] = []

    def say(self, phrasings: list[str], **fmt: Any) -> str:
        return self.rng.choice(phrasings).format(**fmt)

    def number(self, template: str, kind: str, question: str, value: float, steps: list[str], *, unit: str = "",
               dp: int = 2, abs_tol: float = 0.0, rel_tol: float = 0.0, args: dict | None = None, priority: int = 0) -> None:
        shown = round(float(value), dp)
        if dp == 0:
            shown = int(round(value))
        # A reader who writes the exact value must match the rounded one.
        abs_tol = max(abs_tol, 0.5 * 10.0 ** -dp if dp > 0 else 0.0)
        at = AnswerType(type="number", unit=unit or None, abs_tol=round(abs_tol, 6), rel_tol=round(rel_tol, 6))
        self.items.append(Candidate(template, kind, question, num(shown, dp), shown, at, " ".join(steps), args or {}, priority, dp))

    def count(self, template: str, kind: str, question: str, value: int, steps: list[str], *, args: dict | None = None,
              priority: int = 0) -> None:
        self.number(template, kind, question, int(value), steps, dp=0, args=args, priority=priority)

    def text(self, template: str, kind: str, question: str, value: str, steps: list[str], *, args: dict | None = None,
             priority: int = 0, options: list[str] | None = None) -> None:
        """A name as the answer; with `options` (shuffled here) it becomes multiple choice."""
        if options:
            opts = list(dict.fromkeys(options))
            self.rng.shuffle(opts)
            at = AnswerType(type="choice", options=opts)
            question = f"{question} Options: {', '.join(opts)}."
        else:
            at = AnswerType(type="text")
        self.items.append(Candidate(template, kind, question, str(value), str(value), at, " ".join(steps), args or {}, priority))

    def yesno(self, template: str, kind: str, question: str, value: bool, steps: list[str], *, args: dict | None = None,
              priority: int = 0) -> None:
        ans = "Yes" if value else "No"
        self.items.append(Candidate(template, kind, question, ans, ans, AnswerType(type="yesno"), " ".join(steps), args or {}, priority))


def select(items: list[Candidate], rng: random.Random, recognition: int = 5, reasoning: int = 6) -> list[Candidate]:
    """A varied subset: per kind, prioritised items and distinct templates first."""
    out: list[Candidate] = []
    for kind, limit in (("recognition", recognition), ("reasoning", reasoning)):
        pool = [c for c in items if c.kind == kind]
        keyed = sorted(pool, key=lambda c: (-c.priority, rng.random()))
        seen_q: set[str] = set()
        chosen: list[Candidate] = []
        used: set[str] = set()
        for c in keyed:  # distinct templates
            if len(chosen) < limit and c.template not in used and c.question not in seen_q:
                chosen.append(c)
                used.add(c.template)
                seen_q.add(c.question)
        for c in keyed:  # then repeats with other arguments
            if len(chosen) < limit and c not in chosen and c.question not in seen_q:
                chosen.append(c)
                seen_q.add(c.question)
        out.extend(chosen)
    return out


def to_records(items: list[Candidate], sample_id: str) -> list[QA]:
    return [
        QA(id=f"{sample_id}-q{i}", question=c.question, answer=c.answer, rationale=c.rationale, kind=c.kind,
           answer_type=c.answer_type, value=c.value, verified=True, verified_by="engine", status="verified",
           template=c.template)
        for i, c in enumerate(items)
    ]
