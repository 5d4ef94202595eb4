"""`cit check RUN [--repair]`, and readers that point to it: a finished run that lost or
damaged an image, a torn tail, stale stats, a wrong DONE, read-only folders."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from cit.runner import synth
from synth_helpers import CIT, assert_one_line_error, digest, run_cli, small_config

pytestmark = pytest.mark.slow  # end to end: left out of the quick loop (pytest -m "not slow")


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("check") / "run"
    synth(small_config(out, n=6, chunk_size=3))
    return out


def copy(reference: Path, tmp_path: Path) -> Path:
    run = tmp_path / "run"
    shutil.copytree(reference, run)
    return run


def first_image(run: Path) -> Path:
    return run / json.loads((run / "samples.jsonl").read_text().splitlines()[0])["image"]


def test_a_healthy_run_checks_ok(reference: Path):
    proc = run_cli("check", str(reference))
    assert proc.returncode == 0 and proc.stdout.strip().endswith(": ok"), proc.stdout + proc.stderr


def test_a_lost_image_is_named_by_readers_and_repaired_byte_for_byte(reference: Path, tmp_path: Path):
    run = copy(reference, tmp_path)
    lost = first_image(run)
    lost.unlink()
    for cmd in (["export", str(run), "--format", "llava", "--out", str(tmp_path / "exp")], ["gallery", str(run)]):
        assert_one_line_error(run_cli(*cmd), f"{lost.relative_to(run)} is missing", "cit check", "--repair")
    check = run_cli("check", str(run))
    assert check.returncode == 1 and "fixable" in check.stdout and lost.name in check.stdout
    repaired = run_cli("check", str(run), "--repair")
    assert repaired.returncode == 0, repaired.stdout + repaired.stderr
    assert "re-rendered" in repaired.stdout
    assert digest(run) == digest(reference)
    assert run_cli("export", str(run), "--format", "llava", "--out", str(tmp_path / "exp")).returncode == 0


def test_a_damaged_image_fails_its_hash_and_is_re_rendered(reference: Path, tmp_path: Path):
    run = copy(reference, tmp_path)
    damaged = first_image(run)
    damaged.write_bytes(damaged.read_bytes()[:-40] + b"\0" * 40)
    assert "does not match its recorded hash" in run_cli("check", str(run)).stdout
    assert run_cli("check", str(run), "--repair").returncode == 0
    assert digest(run) == digest(reference)


def test_a_torn_tail_stale_stats_and_orphans_are_repaired_from_the_journal(reference: Path, tmp_path: Path):
    run = copy(reference, tmp_path)
    with open(run / "samples.jsonl", "ab") as f:
        f.write(b'{"id": "half a line')
    (run / "stats.json").write_text("{}")
    (run / "images" / "stray.png").write_bytes(b"not ours")
    report = run_cli("check", str(run)).stdout
    assert "torn tail" in report and "stats.json" in report and "stray.png" in report
    gallery = run_cli("gallery", str(run))  # readers step over what is past the commit, and say so
    assert gallery.returncode == 0 and "torn tail" in gallery.stderr and "cit check" in gallery.stderr
    assert run_cli("check", str(run), "--repair").returncode == 0
    assert digest(run) == digest(reference)
    assert (run / "stats.json").read_text() == (reference / "stats.json").read_text()
    assert run_cli("check", str(run)).returncode == 0


def test_a_wrong_done_is_removed_and_the_run_then_completes(reference: Path, tmp_path: Path):
    run = tmp_path / "run"
    synth(small_config(run, n=3, chunk_size=3))
    config = re.sub(r"(?m)^n: 3$", "n: 6", (run / "config.yaml").read_text())
    (run / "config.yaml").write_text(config)  # as if DONE were written before the last chunks
    assert "DONE is written but only 3 of 6" in run_cli("check", str(run)).stdout
    assert run_cli("check", str(run), "--repair").returncode == 0 and not (run / "DONE").exists()
    synth(small_config(run, n=6, chunk_size=3))
    assert digest(run) == digest(reference)


def test_a_journal_that_is_not_a_commit_cannot_be_repaired_and_nothing_is_touched(reference: Path, tmp_path: Path):
    run = copy(reference, tmp_path)
    with open(run / "journal.jsonl", "a") as f:
        f.write('{"note": "hand-edited"}\n')
    before = digest(run)
    proc = run_cli("check", str(run), "--repair")
    assert proc.returncode == 1 and "problem:" in proc.stdout and "cannot be resumed safely" in proc.stdout
    assert digest(run) == before


def _read_only(paths: list[Path], *cmd: str) -> subprocess.CompletedProcess:
    """Run cit with some paths on a read-only mount (root cannot write there either)."""
    binds = [arg for p in paths for arg in ("--ro-bind", str(p), str(p))]
    return subprocess.run(["bwrap", "--dev-bind", "/", "/", *binds, *CIT, *cmd], capture_output=True, text=True, timeout=300)


def test_gallery_of_a_read_only_run_says_so_and_writes_elsewhere(reference: Path, tmp_path: Path):
    run = copy(reference, tmp_path)
    assert_one_line_error(_read_only([run], "gallery", str(run)), "cannot write the gallery", "--out")
    proc = _read_only([run], "gallery", str(run), "--out", str(tmp_path / "page"))
    assert proc.returncode == 0, proc.stderr
    page = (tmp_path / "page" / "gallery.html").read_text()
    assert "../run/images/" in page and (tmp_path / "page" / "gallery_files").is_dir()


def test_resuming_with_a_read_only_samples_file_is_one_line(tmp_path: Path):
    run = tmp_path / "run"
    synth(small_config(run, n=3, chunk_size=3))
    proc = _read_only([run / "samples.jsonl"], "synth", "--out", str(run), "--n", "6", "--seed", "7",
                      "--chunk-size", "3", "--workers", "2")
    assert_one_line_error(proc, "samples.jsonl is not writable")


@pytest.mark.parametrize("bad, good", [
    (["--set", "engine.types=[no-such-type]"], []),
    (["--set", "engine.libraries=[bokeh]"], []),
    (["--prompts", "/no/such/prompts"], []),
], ids=["chart-type", "library", "prompts-folder"])
def test_bad_settings_are_refused_before_the_run_folder_exists(tmp_path: Path, bad: list[str], good: list[str]):
    out = tmp_path / "run"
    base = ["synth", "--out", str(out), "--n", "2", "--seed", "1", "--workers", "2"]
    proc = run_cli(*base, *bad)
    assert_one_line_error(proc)
    assert not out.exists()  # nothing written, so the corrected command is not "a different config"
    assert run_cli(*base, *good).returncode == 0


def test_an_llm_run_without_a_model_or_server_writes_nothing(tmp_path: Path):
    out = tmp_path / "run"
    assert_one_line_error(run_cli("synth", "--out", str(out), "--n", "2", "--generator", "llm"))
    assert_one_line_error(run_cli("synth", "--out", str(out), "--n", "2", "--generator", "llm", "--llm-model", "m",
                                  "--llm-base-url", "http://127.0.0.1:9/v1"), "cannot reach the LLM server")
    assert not out.exists()
