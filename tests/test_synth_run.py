"""End-to-end `cit synth` runs on the built-in engine: accounting, resume, determinism."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from cit.runner import synth
from synth_helpers import digest, jsonl, run_cli, small_config

pytestmark = pytest.mark.slow  # end to end: left out of the quick loop (pytest -m "not slow")

N = 24


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> Path:
    """One uninterrupted run that the other tests compare against."""
    out = tmp_path_factory.mktemp("ref") / "run"
    synth(small_config(out, n=N))
    return out


def test_every_record_is_kept_or_rejected_with_a_reason(reference: Path):
    stats = json.loads((reference / "stats.json").read_text())
    kept, rejected = jsonl(reference / "samples.jsonl"), jsonl(reference / "rejected.jsonl")
    assert stats["kept"] == len(kept) > 0
    assert stats["rejected"] == len(rejected)
    assert stats["inputs"] == len(kept) + len(rejected)
    # Every first-generation index produced a record, plus the evolved children.
    assert stats["stages"]["generate"]["in"] == N
    assert stats["inputs"] == N + stats["stages"]["evolve"]["out"] - stats["stages"]["evolve"]["in"]
    for r in rejected:
        assert r["stage"] and r["reason"] and r["record"]["id"]
    assert sum(stats["rejected_by_reason"].values()) == len(rejected)
    assert sum(stats["kept_by_type"].values()) == len(kept)
    ids = [s["id"] for s in kept] + [r["record"]["id"] for r in rejected]
    assert len(ids) == len(set(ids))


def test_kept_samples_are_complete(reference: Path):
    for s in jsonl(reference / "samples.jsonl"):
        assert (reference / s["image"]).is_file()
        assert s["render"]["ok"] and s["code"] and s["caption"]
        assert s["qa"] and all(q["status"] == "verified" and q["verified_by"] in ("engine", "program") for q in s["qa"])
        kinds = {q["kind"] for q in s["qa"]}
        assert kinds <= {"recognition", "reasoning"}
        if s["lineage"]["parent_id"]:
            assert s["lineage"]["level"] == "hard" and s["lineage"]["direction"]


def test_run_folder_has_config_log_stats_and_no_orphans(reference: Path):
    cfg = yaml.safe_load((reference / "config.yaml").read_text())
    assert cfg["n"] == N and cfg["seed"] == 7 and cfg["generator"] == "template"
    assert (reference / "run.log").read_text().count("committed indices") == N // 6
    assert (reference / "DONE").exists()
    stats = json.loads((reference / "stats.json").read_text())
    assert set(stats["stages"]) == {"generate", "evolve", "render", "validate", "dedup", "qa", "verify", "variants", "filter"}
    assert all(v["seconds"] >= 0 for v in stats["stages"].values())
    referenced = {Path(p).name for s in jsonl(reference / "samples.jsonl") for p in s["render"]["images"]}
    referenced |= {Path(p).name for r in jsonl(reference / "rejected.jsonl") for p in (r["record"]["render"] or {}).get("images", [])}
    assert {f.name for f in (reference / "images").iterdir()} == referenced


def test_rerunning_a_finished_run_changes_nothing(reference: Path, tmp_path: Path):
    copy = tmp_path / "run"
    shutil.copytree(reference, copy)
    # The lock file records each run's holder; the run's own files stay untouched.
    before = {p: p.stat().st_mtime_ns for p in copy.rglob("*") if p.is_file() and p.name not in ("config.yaml", "lock")}
    summary = synth(small_config(copy, n=N))
    assert summary.already_done
    after = {p: p.stat().st_mtime_ns for p in copy.rglob("*") if p.is_file() and p.name not in ("config.yaml", "lock")}
    assert before == after


def test_same_seed_same_bytes(reference: Path, tmp_path: Path):
    out = tmp_path / "again"
    synth(small_config(out, n=N))
    assert digest(out) == digest(reference)


def _start_run_printing_progress(out: Path) -> subprocess.Popen:
    code = (
        "import sys; from cit.runner import synth; from synth_helpers import small_config;"
        f"synth(small_config(__import__('pathlib').Path({str(out)!r}), n={N}), progress=lambda d, t: print(d, flush=True))"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parent)}
    return subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, env=env, start_new_session=True)


def _wait_for_first_commit(proc: subprocess.Popen) -> int:
    for line in proc.stdout:  # blocks until the run reports progress: no sleeps
        done = int(line)
        if 0 < done < N:
            return done
    raise AssertionError("run finished before it could be interrupted")


def test_kill_9_mid_run_then_resume_equals_uninterrupted(reference: Path, tmp_path: Path):
    out = tmp_path / "run"
    proc = _start_run_printing_progress(out)
    _wait_for_first_commit(proc)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    committed = [json.loads(x) for x in (out / "journal.jsonl").read_text().splitlines() if x.endswith("}")]
    assert 1 <= len(committed) < N // 6
    assert not (out / "DONE").exists()
    synth(small_config(out, n=N))
    assert digest(out) == digest(reference)


def test_ctrl_c_stops_cleanly_and_resumes(reference: Path, tmp_path: Path):
    out = tmp_path / "run"
    proc = subprocess.Popen(
        [sys.executable, "-m", "cit", "synth", "--out", str(out), "--n", str(N), "--seed", "7", "--chunk-size", "6", "--workers", "2"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    # Without a terminal the CLI prints one progress line per committed chunk: wait on the pipe.
    assert proc.stderr is not None
    for line in proc.stderr:
        if line.startswith("synth: ") and not line.startswith("synth: 0/"):
            break
    proc.send_signal(signal.SIGINT)
    rest = proc.stderr.read()
    assert proc.wait() == 130, rest
    assert "rerun the same command to resume" in rest and "Traceback" not in rest
    proc = run_cli("synth", "--out", str(out), "--n", str(N), "--seed", "7", "--chunk-size", "6", "--workers", "2")
    assert proc.returncode == 0, proc.stderr
    assert digest(out) == digest(reference)


def test_torn_writes_are_repaired_on_resume(reference: Path, tmp_path: Path):
    out = tmp_path / "run"
    shutil.copytree(reference, out)
    # A kill in the middle of committing a chunk: the journal's last line half written, a
    # half-written sample line, and an image nobody references.
    journal = (out / "journal.jsonl").read_bytes().splitlines(keepends=True)
    (out / "journal.jsonl").write_bytes(b"".join(journal[:-1]) + journal[-1][: len(journal[-1]) // 2])
    with open(out / "samples.jsonl", "ab") as f:
        f.write(b'{"id": "tpl-7-999999", "fam')
    shutil.copy(next((out / "images").iterdir()), out / "images" / "orphan.png")
    (out / "DONE").unlink()
    synth(small_config(out, n=N))
    assert digest(out) == digest(reference)


def test_growing_n_continues_the_same_run(reference: Path, tmp_path: Path):
    out = tmp_path / "run"
    synth(small_config(out, n=10))
    synth(small_config(out, n=N))
    assert digest(out) == digest(reference)


def test_same_seed_same_bytes_with_bootstrapped_seaborn_bands(tmp_path: Path):
    # seaborn.regplot bootstraps its confidence band from unseeded randomness: every job
    # must start from the same state, or the PNG, its hash and a dedup decision change.
    overrides = {"engine.types": ["scatter/smooth_fit", "line/plain"], "engine.libraries": ["seaborn"], "evolve.rate": 0.0}
    first, second = tmp_path / "a", tmp_path / "b"
    synth(small_config(first, n=6, **overrides))
    synth(small_config(second, n=6, **overrides))
    kept = [s for s in jsonl(first / "samples.jsonl") if "smooth_fit" in json.dumps(s.get("chart_type", s))]
    assert kept, "the run drew no smooth-fit chart"
    assert digest(first) == digest(second)


def test_a_second_synth_on_the_same_folder_is_refused_with_the_holder(tmp_path: Path):
    import socket

    from synth_helpers import assert_one_line_error

    out = tmp_path / "run"
    out.mkdir()
    holder = subprocess.Popen(
        [sys.executable, "-c", "import fcntl, os, sys\nf = open(sys.argv[1], 'a+')\nfcntl.flock(f, fcntl.LOCK_EX)\n"
         "f.write(f'cit synth, PID {os.getpid()} on host test-host\\n'); f.flush()\nprint('held', flush=True)\nsys.stdin.read()",
         str(out / "lock")], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"  # the other process holds the lock now
        proc = run_cli("synth", "--out", str(out), "--n", "2", "--workers", "1")
        assert_one_line_error(proc, "is in use by cit synth", f"PID {holder.pid}", "test-host")
        assert sorted(p.name for p in out.iterdir()) == ["lock"]  # nothing was written or deleted
    finally:
        holder.stdin.close()
        holder.wait()
    # The holder is gone (its flock died with it): the lock is stale and is taken over.
    assert run_cli("synth", "--out", str(out), "--n", "2", "--workers", "1").returncode == 0
    assert (out / "DONE").exists() and socket.gethostname() in (out / "lock").read_text()


def test_a_journal_line_that_is_not_a_commit_changes_nothing_and_says_so(reference: Path, tmp_path: Path):
    from synth_helpers import assert_one_line_error

    copy = tmp_path / "run"
    shutil.copytree(reference, copy)
    (copy / "DONE").unlink()
    with open(copy / "journal.jsonl", "a") as f:
        f.write(json.dumps({"next_index": 99, "note": "not a commit"}) + "\n")
    data = ("lock", "config.yaml")  # the copy's config names its new folder; the data must not move
    before = {p.relative_to(copy).as_posix(): p.read_bytes() for p in copy.rglob("*") if p.is_file() and p.name not in data}
    proc = run_cli("synth", "--out", str(copy), "--n", str(N), "--seed", "7", "--chunk-size", "6", "--workers", "2")
    assert_one_line_error(proc, "journal.jsonl", "lacks 'sizes', 'stats'", "nothing was changed")
    after = {p.relative_to(copy).as_posix(): p.read_bytes() for p in copy.rglob("*") if p.is_file() and p.name not in data}
    assert after == before  # no truncation, no deleted image
