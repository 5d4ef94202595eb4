"""`cit check RUN [--repair]`: compare a run folder with its journal; repair what can be."""

from __future__ import annotations

from pathlib import Path

import typer


def check(
    run: Path = typer.Argument(..., help="A run folder made by `cit synth`."),
    repair: bool = typer.Option(False, "--repair", help="Fix what the journal allows: tails, stats, DONE, images."),
) -> None:
    """Check RUN against its journal (files, counts, stats, image hashes). Exit 1 if problems remain."""
    from cit.runcheck import check_run

    report = check_run(run, repair=repair)
    for line in report.repaired:
        print(f"repaired: {line}")
    for line in report.fixable:
        print(f"fixable:  {line}")
    for line in report.problems:
        print(f"problem:  {line}")
    if report.fixable:
        print(f"run `cit check {run} --repair` to fix what is marked fixable")
    if report.ok:
        print(f"{run}: ok")
    else:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command("check")(check)
