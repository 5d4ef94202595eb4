"""The audit: how right is the LLM Q&A path, and how much of its error does verification catch?

`cit audit` runs engine charts through the LLM path in "engine" mode: the LLM answers the
engine's own questions from the code (with answer programs), verification runs, and every
answer is compared with the engine's exact one. An answer is correct when it agrees with
the exact answer under the engine's answer type (its tolerance, widened to half a unit of
the answer's last written digit: the rule verification uses). An item is *kept* when it
is verified and still on the chart (a VLM judge may have rejected it).

- caught: wrong answers not kept (what verification saves the dataset from);
- through: wrong answers kept (what would poison the dataset);
- false alarms: correct answers that verification called "disagree";
- lost: correct answers not kept for other reasons (no program, crash, timeout, judges).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import asdict, dataclass
from typing import Any

from cit.qa.compare import agree
from cit.record import QA, Sample
from cit.runfolder import RunFolder

METRICS = ("questions", "answered", "correct", "kept", "kept_correct", "caught", "through", "false_alarms", "lost")


@dataclass
class Row:
    """One engine question and what became of the LLM's answer to it."""

    qa_id: str
    sample_id: str
    chart_type: str
    level: str
    kind: str
    type: str
    question: str
    exact: str
    answer: str | None  # None: the LLM gave no usable answer
    correct: bool
    status: str  # verified | disagree | unverified | missing
    kept: bool
    reason: str | None

    @property
    def outcome(self) -> str:
        if self.answer is None:
            return "missing"
        if self.correct:
            return "kept_correct" if self.kept else ("false_alarms" if self.status == "disagree" else "lost")
        return "through" if self.kept else "caught"


def _row(s: Sample, exact: QA, item: QA | None, kept: bool, missing_reason: str | None = None) -> Row:
    answered = item is not None and item.value is not None
    correct = answered and agree(item.value, exact.value, exact.answer_type, stated=item.answer)[0]  # type: ignore[union-attr]
    return Row(qa_id=exact.id, sample_id=s.id, chart_type=s.chart_type, level=s.lineage.level, kind=exact.kind,
               type=exact.answer_type.type, question=exact.question, exact=exact.answer,
               answer=item.answer if answered else None, correct=bool(correct),  # type: ignore[union-attr]
               status=item.status if answered else "missing", kept=kept,  # type: ignore[union-attr]
               reason=(item.reason if item is not None else missing_reason))


def audit_rows(folder: RunFolder) -> tuple[list[Row], Counter]:
    """A row per engine question of the run, and the charts rejected by reason."""
    rows: list[Row] = []
    for s in folder.iter_samples():
        kept_ids = {q.id for q in s.qa if q.status == "verified"}
        items = {q.id: q for q in s.qa_rejected}
        items.update({q.id: q for q in s.qa})
        for exact in s.engine_qa:
            rows.append(_row(s, exact, items.get(exact.id), exact.id in kept_ids, "no-answer"))
    rejected: Counter = Counter()
    for r in folder.iter_rejected():
        rejected[f"{r.stage}/{r.reason}"] += 1
        for exact in r.record.engine_qa:
            rows.append(_row(r.record, exact, None, False, f"chart rejected: {r.reason}"))
    return rows, rejected


def _metrics(rows: list[Row]) -> dict[str, Any]:
    m = dict.fromkeys(METRICS, 0)
    for r in rows:
        m["questions"] += 1
        m["answered"] += r.answer is not None
        m["correct"] += r.correct
        m["kept"] += r.kept
        if r.outcome != "missing":
            m[r.outcome] += 1
    wrong = m["caught"] + m["through"]
    m["agreement"] = round(m["correct"] / m["questions"], 4) if m["questions"] else None
    m["kept_precision"] = round(m["kept_correct"] / m["kept"], 4) if m["kept"] else None
    m["catch_rate"] = round(m["caught"] / wrong, 4) if wrong else None
    return m


def _grouped(rows: list[Row], key: str) -> dict[str, Any]:
    groups: dict[str, list[Row]] = defaultdict(list)
    for r in rows:
        groups[getattr(r, key)].append(r)
    return {k: _metrics(v) for k, v in sorted(groups.items())}


def summarize(rows: list[Row], rejected: Counter, llm: dict[str, Any] | None = None, examples: int = 10) -> dict[str, Any]:
    not_kept = Counter((r.reason or "").split(":")[0] for r in rows if r.outcome in ("caught", "lost", "false_alarms"))
    return {
        "charts": len({r.sample_id for r in rows}),
        "charts_rejected": dict(sorted(rejected.items())),
        "overall": _metrics(rows),
        "by_kind": _grouped(rows, "kind"),
        "by_type": _grouped(rows, "type"),
        "by_chart_type": _grouped(rows, "chart_type"),
        "by_level": _grouped(rows, "level"),
        "not_kept_by_reason": dict(not_kept.most_common()),
        "examples": {o: [asdict(r) for r in rows if r.outcome == o][:examples] for o in ("through", "false_alarms", "caught")},
        "llm": llm or {},
    }


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{100 * x:.1f}%"


def _table(title: str, groups: dict[str, Any]) -> list[str]:
    head = ["| " + title + " | questions | agreement | kept | kept precision | wrong caught | wrong through | false alarms | lost |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    return head + [f"| {k} | {m['questions']} | {_pct(m['agreement'])} | {m['kept']} | {_pct(m['kept_precision'])} | "
                   f"{m['caught']} | {m['through']} | {m['false_alarms']} | {m['lost']} |" for k, m in groups.items()]


def report_markdown(report: dict[str, Any]) -> str:
    o = report["overall"]
    lines = [
        "# Q&A audit against the engine's exact answers", "",
        f"{report['charts']} charts, {o['questions']} questions; the LLM answered {o['answered']}, "
        f"{o['correct']} correctly (agreement {_pct(o['agreement'])}).", "",
        f"Verification kept {o['kept']} answers, {o['kept_correct']} of them correct (precision {_pct(o['kept_precision'])}). "
        f"Of {o['caught'] + o['through']} wrong answers it caught {o['caught']} ({_pct(o['catch_rate'])}) and let "
        f"{o['through']} through; it called {o['false_alarms']} correct answers wrong (false alarms) and lost "
        f"{o['lost']} correct ones for other reasons.", "",
        *_table("overall", {"all": o}), "", *_table("kind", report["by_kind"]), "", *_table("answer type", report["by_type"]),
        "", *_table("level", report["by_level"]), "", *_table("chart type", report["by_chart_type"]), "",
    ]
    if report["not_kept_by_reason"]:
        lines += ["## Why answers were not kept", ""]
        lines += [f"- {k or 'unknown'}: {v}" for k, v in report["not_kept_by_reason"].items()] + [""]
    if report["charts_rejected"]:
        lines += ["## Charts rejected", ""] + [f"- {k}: {v}" for k, v in report["charts_rejected"].items()] + [""]
    for outcome, title in (("through", "Wrong answers that got through"), ("false_alarms", "False alarms")):
        if report["examples"][outcome]:
            lines += [f"## {title}", ""]
            lines += [f"- {r['qa_id']} ({r['type']}): {r['question']} LLM: {r['answer']!r}, exact: {r['exact']!r}. {r['reason'] or ''}"
                      for r in report["examples"][outcome]] + [""]
    return "\n".join(lines)
