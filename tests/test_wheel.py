"""A non-editable install must work: prompts/ and sandbox/ ship inside the wheel."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # end to end: left out of the quick loop (pytest -m "not slow")

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_carries_prompts_and_sandbox_and_runs_synth_from_the_unpacked_wheel(tmp_path: Path):
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(dist), str(ROOT)],
                   check=True, capture_output=True, timeout=300)
    wheel = next(dist.glob("cit-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "cit/_sandbox/boot.py" in names and "cit/_sandbox/README.md" in names
    assert any(n.startswith("cit/_prompts/chart_types/") and n.endswith(".yaml") for n in names)
    assert not any(n.startswith(("tests/", "prompts/", "sandbox/")) for n in names)

    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    # PYTHONPATH comes before the editable install's path entry, so this imports the wheel's cit;
    # the working directory is outside the checkout so nothing beside it can be found by accident.
    env = {**os.environ, "PYTHONPATH": str(site)}
    probe = "import cit, cit.paths as p; print(cit.__file__); print(p.prompts_dir()); print(p.sandbox_dir())"
    where = subprocess.run([sys.executable, "-c", probe], env=env, cwd=tmp_path, capture_output=True, text=True, check=True)
    assert all(line.startswith(str(site)) for line in where.stdout.split()), where.stdout

    out = tmp_path / "run"
    proc = subprocess.run([sys.executable, "-m", "cit", "synth", "--out", str(out), "--n", "3", "--workers", "1"],
                          env=env, cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    samples = [json.loads(line) for line in (out / "samples.jsonl").read_text().splitlines()]
    assert samples and all((out / s["render"]["images"][0]).is_file() for s in samples)
