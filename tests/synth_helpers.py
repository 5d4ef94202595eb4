"""Helpers for tests of `cit synth` runs: configs, run-folder digests, CLI subprocesses."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

from cit.config import RunConfig, load_config

CIT = [sys.executable, "-m", "cit"]


def small_config(out: Path, n: int = 24, **overrides) -> RunConfig:
    base = {"out": str(out), "n": n, "seed": 7, "chunk_size": 6, "executor.workers": 2}
    base.update(overrides)
    return load_config(overrides=base)


def digest(run: Path) -> dict[str, str]:
    """What a run produced, byte for byte: the two JSONL files and every image."""
    files = [run / "samples.jsonl", run / "rejected.jsonl", *sorted((run / "images").iterdir())]
    return {f.relative_to(run).as_posix(): hashlib.sha256(f.read_bytes()).hexdigest() for f in files if f.exists()}


def jsonl(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def run_cli(*args: str, cwd: Path | None = None, env: dict | None = None, timeout: float = 600) -> subprocess.CompletedProcess:
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([*CIT, *args], cwd=cwd, env=full_env, capture_output=True, text=True, timeout=timeout)


def assert_one_line_error(proc: subprocess.CompletedProcess, *fragments: str) -> None:
    assert proc.returncode == 2, (proc.returncode, proc.stdout, proc.stderr)
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert "Traceback" not in proc.stderr, proc.stderr
    assert len(lines) == 1 and lines[0].startswith("error: "), proc.stderr
    for frag in fragments:
        assert frag in lines[0], (frag, lines[0])
