"""`cit render` as a newcomer uses it: a folder of scripts in, JSON lines and PNGs out."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

FIELDS = {"script", "ok", "image", "images", "error", "traceback", "stdout", "stderr", "seconds"}


def cit(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cit", "render", *args], capture_output=True, text=True, cwd=cwd, timeout=600)


def test_render_a_folder_prints_one_json_line_per_script_and_exits_zero(tmp_path: Path):
    charts = tmp_path / "charts"
    charts.mkdir()
    (charts / "bar.py").write_text("import matplotlib.pyplot as plt\nplt.bar(['a', 'b'], [1, 2])\nplt.savefig('bar.png')\n")
    (charts / "two.py").write_text("import matplotlib.pyplot as plt\nplt.figure()\nplt.plot([1, 2])\nplt.figure()\nplt.plot([2, 1])\n")
    (charts / "broken.py").write_text("print('drawing')\n1 / 0\n")
    (charts / "notes.txt").write_text("not a script")
    proc = cit(str(charts), "--out", "images", "--timeout", "30", "--workers", "1", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    rows = {Path(r["script"]).name: r for r in map(json.loads, proc.stdout.splitlines())}
    assert set(rows) == {"bar.py", "two.py", "broken.py"}
    assert all(FIELDS <= set(r) for r in rows.values())
    assert rows["bar.py"]["ok"] and Path(rows["bar.py"]["image"]).is_file()
    assert len(rows["two.py"]["images"]) == 2 and rows["two.py"]["image"] == rows["two.py"]["images"][0]
    broken = rows["broken.py"]
    assert broken["ok"] is False and broken["image"] is None
    assert broken["error"] == "ZeroDivisionError: division by zero" and "line 2" in broken["traceback"]
    assert broken["stdout"] == "drawing\n"
    assert "3 scripts: 2 ok, 1 failed" in proc.stderr
    assert sorted(p.name for p in (tmp_path / "images").iterdir()) == ["bar.png", "two.2.png", "two.png"]


def test_paths_that_cannot_run_are_failed_rows_and_the_others_still_run(tmp_path: Path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "ok.py").write_text("import matplotlib.pyplot as plt\nplt.plot([1, 2])\n")
    args = [str(tmp_path / "missing.py"), str(tmp_path / "empty"), str(tmp_path / "ok.py"), "--out", str(tmp_path / "o")]
    proc = cit(*args)
    assert proc.returncode == 0, proc.stderr
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [Path(r["script"]).name for r in rows] == ["missing.py", "empty", "ok.py"]
    assert rows[0]["ok"] is False and rows[0]["error"] == "no such file or folder"
    assert rows[1]["ok"] is False and rows[1]["error"] == "a folder with no .py scripts in it"
    assert rows[2]["ok"] is True and Path(rows[2]["image"]).is_file()
    assert "3 scripts: 1 ok, 2 failed" in proc.stderr


@pytest.mark.parametrize(
    "make_args, message",
    [
        (lambda d: [str(d / "ok.py"), "--out", str(d / "ok.py")], "is not a folder"),
        (lambda d: [str(d / "ok.py"), "--out", str(d / "ok.py" / "sub")], "cannot create image folder"),
        (lambda d: [str(d / "ok.py"), "--out", str(d / "o"), "--timeout", "-1"], "--timeout must be a positive number"),
        (lambda d: [str(d / "ok.py"), "--out", str(d / "o"), "--workers", "0"], "--workers must be a positive number"),
    ],
    ids=["out-is-file", "out-unwritable", "bad-timeout", "zero-workers"],
)
def test_usage_errors_are_one_line_and_exit_2(tmp_path: Path, make_args, message):
    (tmp_path / "empty").mkdir()
    (tmp_path / "ok.py").write_text("print(1)\n")
    proc = cit(*make_args(tmp_path))
    assert proc.returncode == 2
    assert proc.stderr.startswith("error: ") and message in proc.stderr
    assert "Traceback" not in proc.stderr and proc.stdout == ""


def test_isolation_none_warns_loudly_and_every_row_says_so(tmp_path: Path):
    (tmp_path / "a.py").write_text("import matplotlib.pyplot as plt\nplt.plot([1, 2])\n")
    (tmp_path / "b.py").write_text("1 / 0\n")
    proc = cit(str(tmp_path / "a.py"), str(tmp_path / "b.py"), "--out", str(tmp_path / "o"), "--workers", "1", "--isolation", "none")
    assert proc.returncode == 0, proc.stderr
    assert "UNSANDBOXED" in proc.stderr
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(rows) == 2 and {r["sandbox"] for r in rows} == {"none"}


def test_a_full_disk_on_the_host_is_a_clear_error_not_a_lost_chart(tmp_path: Path):
    # The image folder is a real 8 KiB tmpfs (an outer bubblewrap mount): a chart PNG cannot fit.
    out = tmp_path / "full"
    out.mkdir()
    (tmp_path / "chart.py").write_text("import matplotlib.pyplot as plt\nplt.bar(['a', 'b'], [1, 2])\n")
    bwrap = shutil.which("bwrap")
    cmd = [bwrap, "--dev-bind", "/", "/", "--size", "8192", "--tmpfs", str(out), sys.executable, "-m", "cit", "render"]
    proc = subprocess.run([*cmd, str(tmp_path / "chart.py"), "--out", str(out)], capture_output=True, text=True, timeout=600)
    assert proc.returncode != 0 and proc.stdout == ""
    assert "error: disk full while writing" in proc.stderr and "chart.png" in proc.stderr
    assert "Traceback" not in proc.stderr
