"""`cit synth` (a resumable batch run) and `cit stats` (what a run folder holds)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table

err = Console(stderr=True)
out_console = Console()


def synth(
    out: Path = typer.Option(..., "--out", help="Run folder (created, or resumed if it exists)."),
    n: Optional[int] = typer.Option(None, "--n", help="First-generation charts to attempt."),
    seed: Optional[int] = typer.Option(None, "--seed"),
    config: Optional[Path] = typer.Option(None, "--config", help="YAML config; flags override it."),
    generator: Optional[str] = typer.Option(None, "--generator", help="template (built-in engine) or llm."),
    workers: Optional[int] = typer.Option(None, "--workers", help="Sandbox workers (default: CPU count)."),
    types: Optional[str] = typer.Option(None, "--types", help="Comma-separated chart types or families, e.g. bar,line/plain."),
    chunk_size: Optional[int] = typer.Option(None, "--chunk-size"),
    prompts: Optional[Path] = typer.Option(None, "--prompts", help="Prompt folder layered over the built-in one."),
    seeds: Optional[Path] = typer.Option(None, "--seeds", help="Folder of your own seed programs (*.py) for Self-Instruct."),
    llm_base_url: Optional[str] = typer.Option(None, "--llm-base-url", help="OpenAI-compatible endpoint."),
    llm_model: Optional[str] = typer.Option(None, "--llm-model"),
    llm_backend: Optional[str] = typer.Option(None, "--llm-backend", help="openai, vllm or transformers."),
    shard: Optional[str] = typer.Option(None, "--shard", help="I/N: make shard I of N (counting from 0) of this run; join them with `cit merge`."),
    ray: Optional[str] = typer.Option(None, "--ray", help="[ADDRESS] Run the sandbox work on a Ray cluster: HOST:PORT of its head, or nothing for $RAY_ADDRESS / this machine."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Check the config and show the plan; write nothing."),
    set_: Optional[list[str]] = typer.Option(None, "--set", help="Any config key, e.g. --set evolve.rate=0.3 (repeatable)."),
) -> None:
    """Make a dataset: generate, evolve, render, validate, dedup, Q&A, verify, filter, write."""
    from cit.config import load_config
    from cit.runner import dry_run as plan_run, synth as run_synth
    from cit.shards import parse_shard

    if shard is not None:
        parse_shard(shard)  # "3/2", "0/0": one line before anything else

    overrides = {
        "out": str(out),
        "n": n,
        "seed": seed,
        "generator": generator,
        "executor.workers": workers,
        "chunk_size": chunk_size,
        "prompts": str(prompts) if prompts else None,
        "seeds": str(seeds) if seeds else None,
        "llm.base_url": llm_base_url,
        "llm.model": llm_model,
        "llm.backend": llm_backend,
        "shard": shard,
    }
    if ray is not None:  # "--ray" alone arrives as "" (see cit.cli.app.optional_values)
        overrides.update({"ray.enabled": True, "ray.address": ray or None})
    overrides.update(_parse_sets(set_ or []))
    cfg = load_config(config, overrides)
    if types:
        # The chart-type filter belongs to whichever generator the resolved config uses.
        key = "synth.chart_types" if cfg.generator == "llm" else "engine.types"
        cfg = load_config(config, {**overrides, key: [t.strip() for t in types.split(",") if t.strip()]})
    if dry_run:
        print(json.dumps(plan_run(cfg), indent=2))
        print(cfg.to_yaml(), end="")
        return

    progress = _Progress(cfg.n)
    try:
        summary = run_synth(cfg, progress=progress)
    except KeyboardInterrupt:
        progress.close()
        err.print(f"[yellow]interrupted[/]: rerun the same command to resume {cfg.out}")
        raise typer.Exit(130) from None
    finally:
        progress.close()
    if summary.already_done:
        err.print(f"{summary.run_dir} is already complete ({summary.done_indices} indices); nothing to do")
    _print_summary(summary.stats, summary.run_dir, summary.seconds)


def merge(
    shards: list[Path] = typer.Argument(..., help="The shard folders of one run (`cit synth --shard I/N`)."),
    out: Path = typer.Option(..., "--out", help="The merged run folder (created, or resumed)."),
) -> None:
    """Join the shards of one run into the run folder a single machine would have made."""
    from cit.merge import merge as merge_shards

    progress = _Progress(0, "merge")
    try:
        summary = merge_shards(shards, out, progress=progress)
    finally:
        progress.close()
    if summary.already_done:
        err.print(f"{summary.run_dir} is already merged; nothing to do")
    _print_summary(summary.stats, summary.run_dir, summary.seconds)


def _parse_sets(items: list[str]) -> dict:
    """`key.path=value` pairs; values are read as YAML scalars or lists ("0.3", "true", "[a, b]")."""
    import yaml

    from cit.errors import UserError

    parsed = {}
    for item in items:
        key, sep, raw = item.partition("=")
        if not sep or not key.strip():
            raise UserError(f"--set expects KEY=VALUE, got '{item}'")
        try:
            parsed[key.strip()] = yaml.safe_load(raw)
        except yaml.YAMLError:
            raise UserError(f"--set {key.strip()}: cannot read the value '{raw}'") from None
    return parsed


class _Progress:
    """A rich bar with ETA on a terminal; one plain line per committed chunk in logs and pipes."""

    def __init__(self, total: int, label: str = "synth"):
        self._label = label
        import time

        self._clock = time.monotonic
        self._t0 = self._clock()
        self._bar = None
        if err.is_terminal:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

            self._bar = Progress(
                TextColumn(f"[bold]{label}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                TextColumn("eta"), TimeRemainingColumn(), console=err,
            )
            self._task = self._bar.add_task(label, total=total)
            self._bar.start()

    def __call__(self, done: int, total: int) -> None:
        if self._bar is not None:
            self._bar.update(self._task, completed=done, total=total)
            return
        elapsed = self._clock() - self._t0
        eta = f", eta {elapsed / done * (total - done):.0f}s" if done and elapsed else ""
        print(f"{self._label}: {done}/{total} first-generation indices done{eta}", file=sys.stderr, flush=True)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()


def _print_summary(stats: dict, run_dir: str, seconds: float | None = None, console: Console = err) -> None:
    t = Table(title=f"cit run {run_dir}", show_header=False)
    t.add_row("records in", str(stats["inputs"]))
    t.add_row("kept", f"[green]{stats['kept']}[/]")
    t.add_row("rejected", f"[red]{stats['rejected']}[/]")
    t.add_row("Q&A kept", ", ".join(f"{k} {v}" for k, v in stats.get("qa_by_kind", {}).items()) or "0")
    top = sorted(stats.get("rejected_by_reason", {}).items(), key=lambda kv: -kv[1])[:6]
    t.add_row("top reject reasons", ", ".join(f"{k} {v}" for k, v in top) or "-")
    if seconds is not None:
        t.add_row("seconds", f"{seconds:.1f}")
    if "llm" in stats:
        llm = stats["llm"]
        t.add_row("LLM", f"{llm.get('requests', 0)} requests, {llm.get('completion_tokens', 0)} completion tokens, ${llm.get('cost_usd', 0) or 0:.2f}")
    console.print(t)


def stats(run: Path = typer.Argument(..., help="A run folder made by `cit synth`."), as_json: bool = typer.Option(False, "--json")) -> None:
    """Show counts per stage, reason and chart type for a run folder."""
    from cit.runfolder import RunFolder

    folder = RunFolder(run)
    data = folder.read_stats()
    if as_json:
        print(json.dumps(data, indent=2))
        return
    _print_summary(data, str(run), data.get("seconds"), console=out_console)
    st = Table(title="stages")
    for col in ("stage", "in", "out", "dropped", "seconds"):
        st.add_column(col, justify="right" if col != "stage" else "left")
    for name, v in data.get("stages", {}).items():
        st.add_row(name, str(v["in"]), str(v["out"]), str(v["dropped"]), f"{v['seconds']:.1f}")
    out_console.print(st)
    ct = Table(title="chart types")
    for col in ("type", "kept", "rejected"):
        ct.add_column(col)
    kinds = sorted(set(data.get("kept_by_type", {})) | set(data.get("rejected_by_type", {})))
    for k in kinds:
        ct.add_row(k, str(data["kept_by_type"].get(k, 0)), str(data["rejected_by_type"].get(k, 0)))
    out_console.print(ct)
    if not folder.done_file.exists():
        err.print("[yellow]run not finished[/]: rerun its `cit synth` command to continue")
    sys.stdout.flush()


def register(app: typer.Typer) -> None:
    app.command("synth")(synth)
    app.command("stats")(stats)
    app.command("merge")(merge)
