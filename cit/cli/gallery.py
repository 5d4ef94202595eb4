"""`cit gallery`: a static HTML page of a run's charts, code and Q&A."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer


def gallery(
    run: Path = typer.Argument(..., help="A run folder made by `cit synth`."),
    limit: int = typer.Option(500, "--limit", help="Charts on the page (0: all)."),
    out: Optional[Path] = typer.Option(None, "--out", help="Folder for gallery.html (default: the run folder)."),
) -> None:
    """Write RUN/gallery.html (open it in any browser; it needs no network)."""
    from cit.gallery import write_gallery

    page = write_gallery(run, limit=limit or None, out=out)
    print(page)


def register(app: typer.Typer) -> None:
    app.command("gallery")(gallery)
