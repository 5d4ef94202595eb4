"""`cit prompts list` and `cit prompts show STAGE`: what the LLM stages will send."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table

from cit.errors import UserError

prompts_app = typer.Typer(help="Inspect the prompt templates, chart types and directions (built-in and --prompts DIR).",
                          no_args_is_help=True)
out = Console(soft_wrap=True)

_PROMPTS = typer.Option(None, "--prompts", help="A prompt folder layered over the built-in one.")
_CONFIG = typer.Option(None, "--config", help="A run config (YAML); its synth settings and prompts folder apply.")


def _load(config: Optional[Path], prompts_dir: Optional[Path]):
    from cit.config import load_config
    from cit.prompts import Prompts

    cfg = load_config(config, {"prompts": str(prompts_dir) if prompts_dir else None})
    return cfg, Prompts(cfg.prompts)


@prompts_app.command("list")
def list_prompts(prompts_dir: Optional[Path] = _PROMPTS, config: Optional[Path] = _CONFIG) -> None:
    """List templates, chart types, evolution directions and topics, and which folder each comes from."""
    from cit.synth.catalog import direction_names, load_chart_types, load_topics
    from cit.synth.preview import previews

    cfg, prompts = _load(config, prompts_dir)
    files = Table(title="templates", show_lines=False)
    files.add_column("file")
    files.add_column("from")
    for rel in prompts.glob("**/*.jinja"):
        if not rel.startswith("evol_instruct/directions/"):
            files.add_row(rel, prompts.layer_of(rel))
    out.print(files)
    types = Table(title="chart types (one file each; the generators that can make it)")
    for col in ("type", "name", "seeds", "llm (library of its seeds)", "engine (libraries)", "from"):
        types.add_column(col)
    engine = _engine_libraries()
    for t in load_chart_types(prompts):
        rel = f"chart_types/{t.key}.yaml"
        made_by = ", ".join(engine[t.engine]) if t.engine in engine else (f"unknown: {t.engine}" if t.engine else "-")
        types.add_row(t.key, t.name, str(len(t.seeds)), t.library, made_by, prompts.layer_of(rel))
    out.print(types)
    names = direction_names(prompts)
    out.print("evolution directions: " + ", ".join(
        f"{d} ({prompts.layer_of(f'evol_instruct/directions/{d}.jinja')})" for d in names))
    out.print(f"topics: {len(load_topics(prompts))} (topics.yaml, {prompts.layer_of('topics.yaml')})")
    out.print("stages for `cit prompts show`: " + ", ".join(previews()))


def _engine_libraries() -> dict[str, list[str]]:
    """Engine chart type -> the libraries it draws with."""
    from cit.engine import chart_types

    found: dict[str, list[str]] = {}
    for info in chart_types():
        found.setdefault(info.key, []).append(info.library)
    return found


@prompts_app.command("show")
def show(
    stage: str = typer.Argument(..., help="self_instruct, evol_instruct, repair, judge_chart, ..."),
    prompts_dir: Optional[Path] = _PROMPTS,
    config: Optional[Path] = _CONFIG,
    chart_type: Optional[str] = typer.Option(None, "--type", help="Chart type to show it for, e.g. bar/stacked."),
    direction: Optional[str] = typer.Option(None, "--direction", help="Evolution direction (evol_instruct)."),
    as_json: bool = typer.Option(False, "--json", help="Print the messages as JSON."),
) -> None:
    """Show the fully rendered messages STAGE sends, with example variables."""
    from cit.synth.preview import PreviewOptions, previews

    cfg, prompts = _load(config, prompts_dir)
    builders = previews()
    if stage not in builders:
        raise UserError(f"no preview for stage '{stage}'; choose one of: {', '.join(builders)}")
    messages = builders[stage](prompts, PreviewOptions(cfg, chart_type=chart_type, direction=direction))
    if as_json:
        print(json.dumps(messages, indent=2, ensure_ascii=False))
        return
    for m in messages:
        content = m["content"]
        if isinstance(content, list):
            content = "\n".join(p["text"] if p.get("type") == "text" else f"[image: {p['image_url']['url']}]" for p in content)
        out.rule(f"[bold]{m['role']}")
        out.print(content, markup=False, highlight=False)
    out.rule()


def register(app: typer.Typer) -> None:
    app.add_typer(prompts_app, name="prompts")
