"""`cit export`: a run folder to hf / trl / llava / sharegpt datasets."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer


def _set(value: Optional[str]) -> set[str] | None:
    return {v.strip() for v in value.split(",") if v.strip()} if value else None


def export(
    run: Path = typer.Argument(..., help="A run folder made by `cit synth`."),
    fmt: str = typer.Option(..., "--format", help="hf, trl, grpo, captions, llava or sharegpt."),
    out: Path = typer.Option(..., "--out", help="Destination folder (replaced if it holds an earlier cit export)."),
    kinds: Optional[str] = typer.Option(None, "--kinds", help="recognition,reasoning"),
    levels: Optional[str] = typer.Option(None, "--levels", help="easy,hard"),
    types: Optional[str] = typer.Option(None, "--types", help="Chart types or families, e.g. bar,line/plain"),
    verified_only: bool = typer.Option(False, "--verified-only", help="Only Q&A whose answers were verified."),
    min_verified: int = typer.Option(0, "--min-verified", help="Leave out charts with fewer verified Q&A."),
    test_fraction: float = typer.Option(0.1, "--test-fraction", min=0.0, max=1.0),
    variants: bool = typer.Option(False, "--variants", help="Also emit text-dominant / text-lite forms (paired data)."),
    pass_rate: Optional[str] = typer.Option(None, "--pass-rate", help="LOW:HIGH, keep items whose calibrated pass rate lies inside (cit calibrate)."),
    allow_unfinished: bool = typer.Option(False, "--allow-unfinished", help="Export a run that is still going or stopped (its committed chunks)."),
) -> None:
    """Export kept samples with a train/test split by chart."""
    from cit.export import export_run
    from cit.export.rows import Selection
    from cit.train.calibrate import parse_band

    sel = Selection(
        kinds=_set(kinds),
        levels=_set(levels),
        types=_set(types),
        verified_only=verified_only,
        min_verified=min_verified,
        test_fraction=test_fraction,
        variants=variants,
        pass_band=parse_band(pass_rate) if pass_rate is not None else None,
    )
    manifest = export_run(run, fmt, out, sel, allow_unfinished=allow_unfinished)
    print(json.dumps(manifest, indent=2))


def register(app: typer.Typer) -> None:
    app.command("export")(export)
