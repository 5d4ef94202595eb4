"""Aggregating scored items into report.json and report.md (plus predictions.jsonl)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from cit.io import atomic_write_json, atomic_write_text

METRICS = ("accuracy", "relaxed_accuracy", "exact_match", "judge_accuracy")


def _block(rows: list[dict[str, Any]]) -> dict[str, Any]:
    n = len(rows)
    out: dict[str, Any] = {
        "n": n,
        # cit's comparison with each item's own tolerance (cit.qa.compare); the other two are ChartQA's.
        "accuracy": round(sum(r.get("correct", r["relaxed"]) for r in rows) / n, 4) if n else None,
        "relaxed_accuracy": round(sum(r["relaxed"] for r in rows) / n, 4) if n else None,
        "exact_match": round(sum(r["exact"] for r in rows) / n, 4) if n else None,
        "errors": sum(r["error"] is not None for r in rows),
    }
    judged = [r["judge"] for r in rows if r.get("judge") is not None]
    if any("judge" in r for r in rows):
        out["judge_accuracy"] = round(sum(judged) / len(judged), 4) if judged else None
        out["judged"] = len(judged)
    return out


def aggregate(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Overall scores and breakdowns by kind, chart type, level, question family and steps."""
    report: dict[str, Any] = {"overall": _block(rows)}
    for key in ("kind", "chart_type", "level", "qa_family", "steps"):
        groups: dict[str, list[dict[str, Any]]] = {}
        for r in rows:
            groups.setdefault(str(r.get(key, "unknown")), []).append(r)
        report[f"by_{key}"] = {k: _block(v) for k, v in sorted(groups.items())}
    return report


def _pct(x: float | None) -> str:
    return "–" if x is None else f"{100 * x:.1f}"


def _table(title: str, blocks: dict[str, dict[str, Any]], judged: bool) -> list[str]:
    head = ["", "n", "accuracy (%)", "relaxed acc. (%)", "exact match (%)"] + (["judge (%)"] if judged else [])
    lines = [f"## {title}", "", "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for name, b in blocks.items():
        cells = [name, str(b["n"]), _pct(b["accuracy"]), _pct(b["relaxed_accuracy"]), _pct(b["exact_match"])]
        if judged:
            cells.append(_pct(b.get("judge_accuracy")))
        lines.append("| " + " | ".join(cells) + " |")
    return lines + [""]


def markdown(report: dict[str, Any]) -> str:
    judged = "judge_accuracy" in report["overall"]
    o = report["overall"]
    lines = [
        f"# cit eval: {report['model']}",
        "",
        f"Data `{report['data']}` split `{report['split']}`, backend `{report['backend']}`, {o['n']} items"
        + (f", {o['errors']} generation errors (scored as wrong)" if o["errors"] else "") + ".",
        "Accuracy: cit's own comparison (cit.qa.compare) with each item's answer type and tolerance, the rule"
        " that verified the data. Relaxed accuracy: ChartQA's rule (numbers within 5% of the reference, else"
        " exact text after normalisation).",
        "",
    ]
    lines += _table("Overall", {"all": o}, judged)
    lines += _table("By kind", report["by_kind"], judged)
    lines += _table("By chart type", report["by_chart_type"], judged)
    lines += _table("By level", report["by_level"], judged)
    lines += _table("By question family", report["by_qa_family"], judged)
    lines += _table("By solution steps", report["by_steps"], judged)
    return "\n".join(lines)


def write_reports(out: Path, report: dict[str, Any], rows: list[dict[str, Any]]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    atomic_write_text(out / "predictions.jsonl", "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    atomic_write_json(out / "report.json", report)
    atomic_write_text(out / "report.md", markdown(report))
