"""`cit render`: run chart scripts in the sandbox and keep their PNGs.

    cit render charts/ --out images/            # every *.py in charts/, sorted
    cit render a.py b.py --out images/ --timeout 20 --workers 4

One JSON object per script on stdout; progress and the summary go to stderr. A script
that fails is a result (exit 0); only bad usage exits non-zero.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import warnings
from pathlib import Path
from typing import Optional

import typer

from cit.errors import UserError


def collect_scripts(paths: list[Path]) -> list[tuple[Path, str | None]]:
    """Files as given, folders as all *.py inside them (sorted). A path that cannot be run
    comes back with the reason, to be reported as a failed result like any other script."""
    scripts: list[tuple[Path, str | None]] = []
    for p in paths:
        if p.is_dir():
            found = sorted(q for q in p.glob("*.py") if q.is_file())
            scripts.extend((q, None) for q in found)
            if not found:
                scripts.append((p, "a folder with no .py scripts in it"))
        elif p.is_file():
            scripts.append((p, None))
        elif p.exists():
            scripts.append((p, "not a regular file"))
        else:
            scripts.append((p, "no such file or folder"))
    return scripts


def _read(path: Path) -> str | OSError:
    try:
        return path.read_bytes().decode("utf-8", "surrogateescape")
    except OSError as exc:
        return exc


def _failed_row(path: Path, error: str) -> dict:
    return {"script": str(path), "ok": False, "image": None, "images": [], "error": error, "traceback": None,
            "stdout": "", "stderr": "", "seconds": 0.0, "sandbox": None, "figures": [], "shims": []}


def register(app: typer.Typer) -> None:
    @app.command("render")
    def render(
        scripts: list[Path] = typer.Argument(..., help="Chart scripts, or folders of them (all *.py inside)."),
        out: Path = typer.Option(..., "--out", "-o", help="Folder for the PNGs (created if missing)."),
        timeout: Optional[float] = typer.Option(None, "--timeout", help="Seconds per script (default 10)."),
        workers: Optional[int] = typer.Option(None, "--workers", help="Parallel sandboxes (default: CPU count, at most one per script)."),
        memory_mb: Optional[int] = typer.Option(None, "--memory-mb", help="Memory per script in MiB (default 2048)."),
        isolation: str = typer.Option("auto", "--isolation", help="auto | bwrap | none (none: no sandbox, for debugging)."),
        compat: bool = typer.Option(True, "--compat/--no-compat", help="Map removed library APIs (boxplot(labels=), np.float, ...) to current ones."),
    ) -> None:
        """Run chart scripts in the sandbox; print one JSON result per script."""
        for flag, value, low in (("--timeout", timeout, 0.0), ("--workers", workers, 0), ("--memory-mb", memory_mb, 0)):
            if value is not None and not value > low:
                raise UserError(f"{flag} must be a positive number (got {value:g})")
        if isolation not in ("auto", "bwrap", "none"):
            raise UserError(f"--isolation must be auto, bwrap or none (got {isolation!r})")
        if out.exists() and not out.is_dir():
            raise UserError(f"--out {out} exists and is not a folder")
        entries: list[tuple[Path, str | None, str | None]] = []
        for path, problem in collect_scripts(scripts):
            code = None if problem else _read(path)
            if isinstance(code, OSError):
                problem, code = f"cannot read: {code.strerror or code}", None
            entries.append((path, problem, code))
        runnable = [(path, code) for path, problem, code in entries if problem is None]
        tty = sys.stderr.isatty()
        failed = 0
        # Started before any output: a sandbox that cannot start stops the command here.
        ex = _executor(out, len(runnable), timeout, workers, memory_mb, isolation, compat) if runnable else None
        with ex or contextlib.nullcontext():
            from cit.executor import Job

            results = ex.map([Job(code=code, name=path.stem) for path, code in runnable]) if ex else iter(())
            for i, (path, problem, _) in enumerate(entries, 1):
                row = _failed_row(path, problem) if problem else _row(path, _next(results))
                failed += not row["ok"]
                sys.stdout.write(json.dumps(row) + "\n")
                sys.stdout.flush()
                if tty:
                    sys.stderr.write(f"\rrendered {i}/{len(entries)} ({failed} failed)")
                    sys.stderr.flush()
        if tty:
            sys.stderr.write("\n")
        n = len(entries)
        sys.stderr.write(f"{n} scripts: {n - failed} ok, {failed} failed; images in {os.fspath(out)}\n")


def _executor(out: Path, n_scripts: int, timeout, workers, memory_mb, isolation: str, compat: bool):
    from cit.executor import Executor, SandboxError
    from cit.executor.executor import cpu_count

    # No more sandboxes than scripts: a zygote that never gets a job only slows the others' start.
    workers = min(workers or cpu_count(), n_scripts)
    overrides = {k: v for k, v in {"timeout": timeout, "memory_mb": memory_mb}.items() if v is not None}
    with warnings.catch_warnings():
        # Degraded mode is already announced once on stderr by the executor's log.
        warnings.simplefilter("ignore", RuntimeWarning)
        ex = Executor(out, isolation=isolation, workers=workers, compat=compat, **overrides)
    try:
        ex.start()
    except SandboxError as exc:
        ex.close()
        raise UserError(str(exc)) from None
    return ex


def _next(results):
    from cit.executor import SandboxError

    try:
        return next(results)
    except SandboxError as exc:
        raise UserError(str(exc)) from None


def _row(path: Path, res) -> dict:
    return {
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
        "shims": res.shims,
    }

