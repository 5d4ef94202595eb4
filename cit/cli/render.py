"""`cit render`: run chart scripts in the sandbox and keep their PNGs.

    cit render charts/ --out images/            # every *.py in charts/, sorted
    cit render a.py b.py --out images/ --timeout 20 --workers 4

One JSON object per script on stdout; progress and the summary go to stderr. A script
that fails is a result (exit 0); only bad usage exits non-zero.
"""

from __future__ import annotations

import json
import os
import sys
import warnings
from pathlib import Path
from typing import Optional

import typer

from cit.errors import UserError


def collect_scripts(paths: list[Path]) -> list[Path]:
    """Files as given, folders as all *.py inside them (sorted); errors are one line."""
    scripts: list[Path] = []
    for p in paths:
        if p.is_dir():
            found = sorted(q for q in p.glob("*.py") if q.is_file())
            if not found:
                raise UserError(f"no .py scripts in folder {p}")
            scripts.extend(found)
        elif p.is_file():
            scripts.append(p)
        else:
            raise UserError(f"no such file or folder: {p}")
    return scripts


def _read(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8", "surrogateescape")
    except OSError as exc:
        raise UserError(f"cannot read {path}: {exc.strerror or exc}") from None


def register(app: typer.Typer) -> None:
    @app.command("render")
    def render(
        scripts: list[Path] = typer.Argument(..., help="Chart scripts, or folders of them (all *.py inside)."),
        out: Path = typer.Option(..., "--out", "-o", help="Folder for the PNGs (created if missing)."),
        timeout: Optional[float] = typer.Option(None, "--timeout", help="Seconds per script (default 10)."),
        workers: Optional[int] = typer.Option(None, "--workers", help="Parallel sandboxes (default: CPU count)."),
        memory_mb: Optional[int] = typer.Option(None, "--memory-mb", help="Memory per script in MiB (default 2048)."),
        isolation: str = typer.Option("auto", "--isolation", help="auto | bwrap | none (none: no sandbox, for debugging)."),
    ) -> None:
        """Run chart scripts in the sandbox; print one JSON result per script."""
        from cit.executor import Executor, Job, SandboxError

        files = collect_scripts(scripts)
        jobs = [Job(code=_read(f), name=f.stem) for f in files]
        overrides = {k: v for k, v in {"timeout": timeout, "workers": workers, "memory_mb": memory_mb}.items() if v is not None}
        if isolation not in ("auto", "bwrap", "none"):
            raise UserError(f"--isolation must be auto, bwrap or none (got {isolation!r})")
        if out.exists() and not out.is_dir():
            raise UserError(f"--out {out} exists and is not a folder")
        tty = sys.stderr.isatty()
        failed = 0
        try:
            with warnings.catch_warnings():
                # Degraded mode is already announced once on stderr by the executor's log.
                warnings.simplefilter("ignore", RuntimeWarning)
                ex = Executor(out, isolation=isolation, **overrides)
            with ex:
                for i, (path, res) in enumerate(zip(files, ex.map(jobs)), 1):
                    failed += not res.ok
                    row = {
                        "script": str(path),
                        "ok": res.ok,
                        "image": str(res.images[0]) if res.images else None,
                        "images": [str(p) for p in res.images],
                        "error": res.error,
                        "traceback": res.traceback,
                        "stdout": res.stdout,
                        "stderr": res.stderr,
                        "seconds": round(res.seconds, 3),
                        "sandbox": res.sandbox,
                        "figures": res.figures,
                    }
                    sys.stdout.write(json.dumps(row) + "\n")
                    sys.stdout.flush()
                    if tty:
                        sys.stderr.write(f"\rrendered {i}/{len(files)} ({failed} failed)")
                        sys.stderr.flush()
        except SandboxError as exc:
            raise UserError(str(exc)) from None
        if tty:
            sys.stderr.write("\n")
        sys.stderr.write(f"{len(files)} scripts: {len(files) - failed} ok, {failed} failed; images in {os.fspath(out)}\n")
