"""`cit audit`: measure the LLM Q&A path against the built-in engine's exact answers.

    cit audit --out runs/audit --n 50 --llm-base-url http://localhost:8000/v1 --llm-model Qwen/Qwen2.5-Coder-32B-Instruct

The folder is an ordinary resumable run (rerun the command to continue it) plus
report.json and report.md; see cit/qa/audit.py for what the numbers mean.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Optional

import typer
from rich.console import Console
from rich.table import Table

err = Console(stderr=True)

STAGES = ["generate", "evolve", "qa_llm", "verify"]
JUDGED_STAGES = ["generate", "evolve", "render", "qa_llm", "verify", "judge_qa"]


def audit(
    out: Path = typer.Option(..., "--out", help="Run folder for the audit (created, or resumed if it exists)."),
    n: int = typer.Option(50, "--n", help="First-generation engine charts to audit."),
    llm_base_url: Optional[str] = typer.Option(None, "--llm-base-url", help="OpenAI-compatible endpoint."),
    llm_model: Optional[str] = typer.Option(None, "--llm-model"),
    llm_backend: Optional[str] = typer.Option(None, "--llm-backend", help="openai, vllm or transformers."),
    config: Optional[Path] = typer.Option(None, "--config", help="YAML config (qa, llm, engine sections); flags override it."),
    seed: Optional[int] = typer.Option(None, "--seed"),
    types: Optional[str] = typer.Option(None, "--types", help="Comma-separated chart types or families."),
    workers: Optional[int] = typer.Option(None, "--workers", help="Sandbox workers (default: CPU count)."),
    chunk_size: Optional[int] = typer.Option(None, "--chunk-size"),
    prompts: Optional[Path] = typer.Option(None, "--prompts", help="Prompt folder layered over the built-in one."),
) -> None:
    """Answer the engine's questions with the LLM (from code, with answer programs), verify, and compare with the exact answers."""
    from cit.config import load_config
    from cit.errors import UserError
    from cit.io import atomic_write_text
    from cit.qa.audit import audit_rows, report_markdown, summarize
    from cit.runfolder import RunFolder
    from cit.runner import synth

    base = load_config(config)
    overrides: dict[str, Any] = {
        "out": str(out), "n": n, "seed": seed, "generator": "template", "qa.questions": "engine",
        "stages": JUDGED_STAGES if base.qa.judges else STAGES,
        "executor.workers": workers, "chunk_size": chunk_size, "prompts": str(prompts) if prompts else None,
        "engine.types": [t.strip() for t in types.split(",") if t.strip()] if types else None,
        "llm.base_url": llm_base_url, "llm.model": llm_model, "llm.backend": llm_backend,
    }
    cfg = load_config(config, overrides)
    if not cfg.llm.model:
        raise UserError("cit audit needs an LLM to audit: give --llm-model (and --llm-base-url for a local server)")
    try:
        synth(cfg, progress=lambda done, total: err.print(f"audit: {done}/{total} charts", highlight=False))
    except KeyboardInterrupt:
        err.print(f"[yellow]interrupted[/]: rerun the same command to resume {cfg.out}")
        raise typer.Exit(130) from None
    folder = RunFolder(cfg.out)
    rows, rejected = audit_rows(folder)
    report = summarize(rows, rejected, folder.read_stats().get("llm"))
    atomic_write_text(folder.path / "report.json", json.dumps(report, indent=2) + "\n")
    atomic_write_text(folder.path / "report.md", report_markdown(report))
    _print(report, folder.path)


def _print(report: dict[str, Any], path: Path) -> None:
    t = Table(title=f"Q&A audit ({report['charts']} charts) -> {path}/report.md")
    for col in ("", "questions", "agreement", "kept", "kept precision", "caught", "through", "false alarms"):
        t.add_column(col, justify="left" if not col else "right")
    groups = {"all": report["overall"], **report["by_kind"], **report["by_type"]}
    for name, m in groups.items():
        pct = [("-" if v is None else f"{100 * v:.1f}%") for v in (m["agreement"], m["kept_precision"])]
        t.add_row(name, str(m["questions"]), pct[0], str(m["kept"]), pct[1], str(m["caught"]), str(m["through"]), str(m["false_alarms"]))
    err.print(t)


def register(app: typer.Typer) -> None:
    app.command("audit")(audit)
