"""Question families: exact, multi-step Q&A written as programs over a chart's data tables.

A family is one module in `cit/qa/families/` that defines `FAMILY = Family(id, kind,
questions)`; adding a family means adding a file. `questions(view, rng)` yields attempts
(zero-argument functions), each building one item with a `Trace`: the question, its exact
answer, a solution program and a rationale made of the program's own steps.

`ask(view, rng, sample_id)` runs every family and checks every item the same way for both
generators: the solution program runs again over the tables and must reproduce the answer
within its tolerance. An item the chart cannot support is skipped (`Unanswerable`); a
family that raises, or whose program disagrees with its own answer, puts the item into
`qa_rejected` with the family id and the reason.
"""

from __future__ import annotations

import builtins
import importlib
import pkgutil
import random
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from cit.qa.compare import agree
from cit.qa.programs.trace import Draft, Trace, Unanswerable
from cit.qa.programs.view import ChartView, from_spec, from_tables
from cit.record import QA, AnswerType, DataTable

Attempt = Callable[[], Draft]

__all__ = ["ChartView", "Draft", "Family", "Trace", "Unanswerable", "ask", "families", "from_spec", "from_tables",
           "run_solution", "view_of"]


@dataclass(frozen=True)
class Family:
    id: str
    kind: str  # "recognition" | "reasoning"
    questions: Callable[[ChartView, random.Random], Iterator[Attempt]]
    about: str = ""


@lru_cache(maxsize=1)
def families() -> tuple[Family, ...]:
    import cit.qa.families as pkg

    found: dict[str, Family] = {}
    for info in pkgutil.iter_modules(pkg.__path__):
        module = importlib.import_module(f"{pkg.__name__}.{info.name}")
        fam = getattr(module, "FAMILY", None)
        if not isinstance(fam, Family):
            raise TypeError(f"{module.__name__} defines no FAMILY = Family(...)")
        if fam.id in found:
            raise RuntimeError(f"question family {fam.id} is defined twice ({module.__name__})")
        found[fam.id] = fam
    return tuple(found[k] for k in sorted(found))


def view_of(tables: list[DataTable], spec: dict | None, chart_type: str | None) -> ChartView | None:
    return from_spec(tables, spec) if spec else from_tables(tables, chart_type)


SAFE_BUILTINS = {name: getattr(builtins, name)
                 for name in ("abs", "enumerate", "float", "int", "len", "list", "max", "min", "next", "range",
                              "round", "sorted", "str", "sum", "zip")}


def run_solution(program: str, tables: list[DataTable]) -> Any:
    """Run a family's solution program over the tables. Our own generated code (names from
    the data appear only as string literals), so it runs here, with a few builtins."""
    namespace: dict[str, Any] = {"__builtins__": SAFE_BUILTINS}
    exec(compile(program, "<solution>", "exec"), namespace)
    return namespace["solve"]([t.model_dump() for t in tables])


def normalized(program: str) -> str:
    return re.sub(r"\s+", " ", program).strip()


def ask(view: ChartView, rng: random.Random, sample_id: str) -> tuple[list[QA], list[QA]]:
    """Every family's items for one chart, checked: (verified items, rejected items)."""
    kept: list[QA] = []
    rejected: list[QA] = []
    seen: set[str] = set()
    for fam in families():
        try:
            attempts = list(fam.questions(view, rng))
        except Exception as exc:  # a broken family must not take the chart down
            rejected.append(_failed(sample_id, fam, len(rejected), f"family-error: {type(exc).__name__}: {exc}"))
            continue
        for attempt in attempts:
            try:
                draft = attempt()
            except Unanswerable:
                continue
            except Exception as exc:
                rejected.append(_failed(sample_id, fam, len(rejected), f"family-error: {type(exc).__name__}: {exc}"))
                continue
            key = normalized(draft.program)
            if key in seen:
                continue
            item = _record(draft, fam, f"{sample_id}-p{len(kept) + len(rejected)}")
            try:
                ok, detail = agree(item.value, run_solution(draft.program, view.tables), item.answer_type)
            except Exception as exc:
                ok, detail = False, f"the program raised {type(exc).__name__}: {exc}"
            if not ok:
                item.status, item.verified, item.reason = "disagree", False, f"program-mismatch: {detail}"[:300]
                rejected.append(item)
                continue
            seen.add(key)
            kept.append(item)
    return kept, rejected


def _record(d: Draft, fam: Family, qid: str) -> QA:
    return QA(id=qid, question=d.question, answer=d.answer, rationale=d.rationale, kind=fam.kind,
              answer_type=AnswerType(**d.answer_type), value=d.value, verified=True, verified_by="program",
              status="verified", program=d.program, family=fam.id, steps=d.steps)


def _failed(sample_id: str, fam: Family, n: int, reason: str) -> QA:
    return QA(id=f"{sample_id}-x{n}", question="", answer="", rationale="", kind=fam.kind,
              answer_type=AnswerType(type="text"), status="disagree", reason=reason[:300], family=fam.id)
