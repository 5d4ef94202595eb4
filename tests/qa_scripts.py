"""Scripted Q&A-writing LLM for the Q&A tests, served by the real fake server.

`QAScript` is a handler for `tests/fake_llm_server.FakeLLMServer`. It tells requests apart
by phrases of the built-in templates (MARKERS) and the chart by its name: the code's
`# script: NAME` line, or the item ids ("NAME-q1") in prompts that carry no code. Replies
are scripted per (NAME, kind); a list gives the reply to the first attempt, then to each
re-ask (the last one repeats). Judges are told apart by model: kind "judge:MODEL".
"""

from __future__ import annotations

import json
import re
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fake_llm_server import FakeLLMServer, Reply

from cit.config import load_config
from cit.pipeline import RunContext
from cit.record import QA, AnswerType, DataTable, Sample

MARKERS = {
    "write": "reasoning question",
    "answer": "Answer each question below about the chart it draws",
    "blind": "about a chart you cannot see",
    "bootstrap": "For every question above, write one new question",
}
REASK = "Your reply could not be used"
_SCRIPT = re.compile(r"# script: (\S+)")
_ITEM_ID = re.compile(r"id (\S+?)-q\d+")


def _text(content: Any) -> str:
    if isinstance(content, str):
        return content
    return " ".join(p.get("text", "") for p in content or [] if isinstance(p, dict))


@dataclass
class QAScript:
    replies: dict[tuple[str, str], list[str | Reply] | Callable[[dict], str | Reply]] = field(default_factory=dict)
    seen: Counter = field(default_factory=Counter)  # (name, kind) -> requests
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def set(self, name: str, kind: str, *replies: str | Reply) -> None:
        self.replies[(name, kind)] = list(replies)

    def classify(self, request: dict) -> tuple[str, str, int]:
        users = [m for m in request.get("messages") or [] if m.get("role") == "user"]
        first = _text(users[0]["content"]) if users else ""
        attempt = sum(REASK in _text(m["content"]) for m in users)
        if isinstance(users[0]["content"], list):
            kind = f"judge:{request.get('model')}"
        else:
            kind = next((k for k, phrase in MARKERS.items() if phrase in first), "unknown")
        m = _SCRIPT.search(first) or re.search(r"Item (\S+?)-q\d+", first) or _ITEM_ID.search(first)
        return (m.group(1) if m else "?"), kind, attempt

    def __call__(self, request: dict) -> Reply:
        name, kind, attempt = self.classify(request)
        with self._lock:
            self.seen[(name, kind)] += 1
        script = self.replies.get((name, kind))
        if script is None:
            return Reply(text=f"no script for {name}/{kind}")
        if callable(script):
            out = script(request)
        else:
            out = script[min(attempt, len(script) - 1)]
        return out if isinstance(out, Reply) else Reply(text=out)


# --- replies -------------------------------------------------------------------------------

def item(kind: str, question: str, answer: Any, atype: str, program: str | None, *, rationale: str = "Read the chart.",
         unit: str | None = None, options: list[str] | None = None, **extra: Any) -> dict[str, Any]:
    return {"kind": kind, "question": question, "rationale": rationale, "answer": answer, "answer_type": atype,
            "unit": unit, "options": options, "program": program, **extra}


def as_reply(items: list[dict], *, table: str | None = None, key: str = "items", before: str = "") -> str:
    body: dict[str, Any] = {key: items}
    if table:
        body["chart_data"] = table
    return (before + "\n" if before else "") + "```json\n" + json.dumps(body, indent=1) + "\n```"


def fn(body: str) -> str:
    """An answer program: `def answer(): return <body>`."""
    return f"def answer():\n    return {body}\n"


# --- charts --------------------------------------------------------------------------------

def bar_chart(name: str, labels: list[str], values: list[float], *, title: str = "Sales by region",
              unit: str = "units", with_data: bool = True) -> Sample:
    """A small matplotlib bar chart sample whose code names its data `labels` and `values`."""
    code = "\n".join([
        f"# script: {name}",
        "import matplotlib.pyplot as plt",
        f"labels = {labels!r}",
        f"values = {values!r}",
        "fig, ax = plt.subplots(figsize=(6, 4))",
        "ax.bar(labels, values, color='tab:blue')",
        f"ax.set_title({title!r})",
        f"ax.set_ylabel({f'Sales ({unit})'!r})",
        "plt.tight_layout()",
        "plt.savefig('chart.png')",
        "",
    ])
    data = [DataTable(columns=["Region", "Sales"], rows=[[l, v] for l, v in zip(labels, values)],
                      units={"Sales": unit}, title=title)] if with_data else []
    return Sample(id=name, family="bar", chart_type="bar/plain", library="matplotlib", code=code, data=data)


def exact_qa(s: Sample, n: int, question: str, value: Any, atype: str = "number", kind: str = "recognition",
             options: list[str] | None = None) -> QA:
    """An item as the engine makes it: exact and verified."""
    return QA(id=f"{s.id}-q{n}", question=question, answer=str(value), rationale="From the data.", kind=kind,
              answer_type=AnswerType(type=atype, options=options), value=value, verified=True, verified_by="engine",
              status="verified", template="test")  # type: ignore[arg-type]


# --- a run context over the fake server ----------------------------------------------------

@contextmanager
def qa_context(tmp_path: Path, server: FakeLLMServer | None, executor: Any = None, **overrides: Any) -> Iterator[RunContext]:
    """A RunContext whose LLM is the fake server and whose executor is the shared test pool."""
    llm = {"model": "fake-qa", "base_url": server.base_url if server else None, "max_retries": 0, "concurrency": 8}
    cfg = load_config(overrides={"out": str(tmp_path / "run"), "llm": llm, **overrides})
    ctx = RunContext(cfg, tmp_path / "run")
    ctx._executor = executor
    try:
        yield ctx
    finally:
        ctx._executor = None  # the pool belongs to the test session
        ctx.close()


def judge_config(server: FakeLLMServer, model: str) -> dict[str, Any]:
    return {"model": model, "base_url": server.base_url, "max_retries": 0}


def run_stages(ctx: RunContext, names: list[str], records: list[Sample]) -> list[Sample]:
    """Run the named stages of cit/stages over the records, as the runner would."""
    import importlib

    for name in names:
        records = importlib.import_module(f"cit.stages.{name}").STAGE(ctx)(records)
    return records


# --- the audit: a scripted LLM that answers the engine's questions right or wrong on purpose --

OUTCOMES = ("kept_correct", "caught", "through", "false_alarms", "lost", "missing")
_CODE = re.compile(r"```python\n(.*?)\n```", re.S)
_GIVEN = re.compile(r"^- id (\S+) \(", re.M)


def planned_outcome(qa_id: str) -> str:
    """What the scripted LLM does with this question, a stable function of its id."""
    import hashlib

    return OUTCOMES[int(hashlib.sha256(qa_id.encode()).hexdigest(), 16) % len(OUTCOMES)]


def wrong_value(q: QA) -> Any:
    t = q.answer_type
    if t.type == "number":
        return round(float(q.value) + 1000 * (1 + abs(float(q.value))) + 10 * t.abs_tol, 3)
    if t.type == "yesno":
        return "No" if q.value == "Yes" else "Yes"
    if t.type == "choice":
        return next(o for o in t.options or [] if o != q.value)
    return "certainly not this"


@dataclass
class AuditScript:
    """Answers "answer" requests for engine questions (`exact`: id -> the engine's item) as
    `planned_outcome` says: right or wrong answers, with programs that agree, disagree or
    crash, or no answer at all. Charts in `unparseable` only ever get prose."""

    exact: dict[str, QA]
    unparseable: set[str] = field(default_factory=set)

    def __call__(self, request: dict) -> Reply:
        users = [m for m in request.get("messages") or [] if m.get("role") == "user"]
        prompt = _text(users[0]["content"])
        code = _CODE.search(prompt).group(1)
        ids = _GIVEN.findall(prompt)
        if any(i.rsplit("-q", 1)[0] in self.unparseable for i in ids):
            return Reply(text="These are hard questions; I would rather not answer them.")
        from cit.qa.verification import chart_names

        var = sorted(chart_names(code) or {"plt"})[0]  # the program reads the chart's data, as it should
        items = []
        for qa_id in ids:
            q = self.exact[qa_id]
            plan = planned_outcome(qa_id)
            if plan == "missing":
                continue
            right, wrong = q.value, wrong_value(q)
            stated = wrong if plan in ("caught", "through") else right
            computed = {"kept_correct": right, "caught": right, "through": wrong, "false_alarms": wrong}.get(plan)
            body = f"{var}\n    return {computed!r}" if plan != "lost" else f"{var}\n    return undefined_name"
            items.append({"id": qa_id, "rationale": "Read it off the data.", "answer": str(stated),
                          "program": f"def answer():\n    {body}\n"})
        return Reply(text=json.dumps({"items": items}))


@dataclass
class WriteScript:
    """Answers "write" requests for engine charts (`by_code`: chart code -> the engine's items)
    with those items as if the LLM had written them: right answers, programs that agree."""

    by_code: dict[str, list[QA]]

    def __call__(self, request: dict) -> Reply:
        users = [m for m in request.get("messages") or [] if m.get("role") == "user"]
        code = _CODE.search(_text(users[0]["content"])).group(1)
        from cit.qa.verification import chart_names

        var = sorted(chart_names(code) or {"plt"})[0]
        items = [item(q.kind, q.question, q.answer, q.answer_type.type, f"def answer():\n    {var}\n    return {q.value!r}\n",
                      rationale=q.rationale, unit=q.answer_type.unit, options=q.answer_type.options)
                 for q in self.by_code[code.strip()]]
        return Reply(text=as_reply(items))
