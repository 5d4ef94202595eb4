"""Faults of the machine are not data: a renderer that will not start, or a limit the host
imposes, never turns a chart into a reject, and a run stopped by one resumes to the clean
result once the machine is fixed."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from cit.executor import Executor
from cit.executor.config import ExecutorConfig
from cit.executor.slot import HostFault
from conftest import run
from synth_helpers import CIT, digest, jsonl

pytestmark = pytest.mark.slow  # end to end: left out of the quick loop (pytest -m "not slow")

FIG = "import plotly.express as px\nfig = px.bar(x=['a', 'b', 'c'], y=[3, 1, 2], title='P')\nfig.write_image('p.png')\n"


def fake_chromium(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "fake-bin" / "chromium"
    path.parent.mkdir(exist_ok=True)
    path.write_text("#!/bin/sh\n" + body)
    path.chmod(0o755)
    return path


def test_a_renderer_that_never_gets_ready_stops_the_caller_within_its_own_timeout(tmp_path: Path):
    chromium = fake_chromium(tmp_path, "exec sleep 600\n")
    cfg = ExecutorConfig(workers=1, timeout=60, chromium=str(chromium), renderer_start_timeout=3)
    with Executor(tmp_path / "out", cfg) as ex:
        with pytest.raises(HostFault, match=r"plotly renderer failed to start: not ready within 3s \(executor.renderer_start_timeout\)"):
            run(ex, FIG, "p")
        assert run(ex, "import matplotlib.pyplot as plt\nplt.plot([1, 2])\n", "m").ok  # matplotlib is unaffected
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["m.png"]


def test_a_renderer_that_dies_at_start_reports_chromiums_own_words(tmp_path: Path):
    chromium = fake_chromium(tmp_path, "echo 'chromium: error while loading shared libraries: libnss3.so' >&2\nexit 127\n")
    cfg = ExecutorConfig(workers=1, timeout=60, chromium=str(chromium), renderer_start_timeout=30)
    with Executor(tmp_path / "out", cfg) as ex:
        with pytest.raises(HostFault, match="plotly renderer failed to start") as info:
            run(ex, FIG, "p")
    assert "\n" not in str(info.value)


def _synth(out: Path, env: dict | None = None, preexec=None) -> subprocess.CompletedProcess:
    cmd = [*CIT, "synth", "--out", str(out), "--n", "4", "--seed", "2", "--chunk-size", "2", "--workers", "2",
           "--set", "engine.libraries=[plotly]", "--set", "evolve.rate=0"]
    return subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, **(env or {})},
                          preexec_fn=preexec, timeout=600)


@pytest.mark.slow
def test_a_run_whose_renderer_cannot_start_stops_and_then_resumes_to_the_clean_result(tmp_path: Path):
    clean = _synth(tmp_path / "clean")
    assert clean.returncode == 0, clean.stderr
    out = tmp_path / "run"
    chromium = fake_chromium(tmp_path, "echo 'chromium: cannot open display' >&2\nexit 1\n")
    broken = _synth(out, env={"BROWSER_PATH": str(chromium)})
    errors = [line for line in broken.stderr.splitlines() if not line.startswith("synth: ")]  # progress lines
    assert broken.returncode == 2 and "Traceback" not in broken.stderr, broken.stderr
    assert len(errors) == 1 and errors[0].startswith("error: the plotly renderer failed to start"), broken.stderr
    assert not (out / "DONE").exists()
    assert not any(r["stage"] == "render" for r in jsonl(out / "rejected.jsonl"))  # no chart blamed
    fixed = _synth(out)
    assert fixed.returncode == 0, fixed.stderr
    assert digest(out) == digest(tmp_path / "clean")


def test_a_lower_file_size_limit_from_the_host_is_honoured_not_fatal(tmp_path: Path):
    def host_limit() -> None:  # as `ulimit -f 16384` would: below executor.file_mb (64 MB)
        resource.setrlimit(resource.RLIMIT_FSIZE, (16 << 20, 16 << 20))

    cmd = [*CIT, "render", str(tmp_path / "chart.py"), "--out", str(tmp_path / "out")]
    (tmp_path / "chart.py").write_text("import matplotlib.pyplot as plt\nplt.bar(['a', 'b'], [1, 2])\nplt.savefig('c.png')\n")
    proc = subprocess.run(cmd, capture_output=True, text=True, preexec_fn=host_limit, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert '"ok": true' in proc.stdout and "not allowed to raise" not in proc.stdout + proc.stderr
    assert (tmp_path / "out" / "chart.png").exists()
    assert sys.platform.startswith("linux")
