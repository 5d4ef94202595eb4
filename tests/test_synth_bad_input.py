"""Bad input to `cit synth` / `cit export` / `cit stats`: one clear line, no traceback, results intact."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from cit.runner import synth
from synth_helpers import assert_one_line_error, digest, run_cli, small_config


def test_malformed_yaml_config(tmp_path: Path):
    cfg = tmp_path / "bad.yaml"
    cfg.write_text("n: 10\nengine:\n  types: [bar\n")
    proc = run_cli("synth", "--out", str(tmp_path / "run"), "--config", str(cfg))
    assert_one_line_error(proc, "bad.yaml", "malformed YAML")
    assert not (tmp_path / "run").exists()


def test_unknown_config_key_is_named(tmp_path: Path):
    cfg = tmp_path / "typo.yaml"
    cfg.write_text("n: 10\ndedup:\n  phash_distanse: 3\n")
    proc = run_cli("synth", "--out", str(tmp_path / "run"), "--config", str(cfg))
    assert_one_line_error(proc, "unknown key 'dedup.phash_distanse'")


def test_wrong_value_type_is_named(tmp_path: Path):
    cfg = tmp_path / "type.yaml"
    cfg.write_text("n: lots\n")
    proc = run_cli("synth", "--out", str(tmp_path / "run"), "--config", str(cfg))
    assert_one_line_error(proc, "type.yaml", "n:")


def test_set_overrides_any_key_over_the_yaml_and_names_unknown_ones(tmp_path: Path):
    cfg = tmp_path / "c.yaml"
    cfg.write_text("n: 10\nevolve:\n  rate: 0.9\n")
    proc = run_cli("synth", "--out", str(tmp_path / "run"), "--config", str(cfg), "--dry-run",
                   "--set", "evolve.rate=0.25", "--set", "engine.libraries=[seaborn]")
    assert proc.returncode == 0, proc.stderr
    resolved = yaml.safe_load(proc.stdout[proc.stdout.index("\n}\n") + 3:])  # after the JSON plan
    assert resolved["evolve"]["rate"] == 0.25 and resolved["engine"]["libraries"] == ["seaborn"] and resolved["n"] == 10
    proc = run_cli("synth", "--out", str(tmp_path / "run"), "--dry-run", "--set", "evolve.rat=1")
    assert_one_line_error(proc, "unknown key 'evolve.rat'")
    proc = run_cli("synth", "--out", str(tmp_path / "run"), "--dry-run", "--set", "evolve")
    assert_one_line_error(proc, "KEY=VALUE")
    assert not (tmp_path / "run").exists()


def test_missing_config_file(tmp_path: Path):
    proc = run_cli("synth", "--out", str(tmp_path / "run"), "--config", str(tmp_path / "nope.yaml"))
    assert_one_line_error(proc, "nope.yaml", "does not exist")


def test_unknown_chart_type(tmp_path: Path):
    proc = run_cli("synth", "--out", str(tmp_path / "run"), "--n", "2", "--types", "bar/zigzag")
    assert_one_line_error(proc, "bar/zigzag")


def test_unknown_chart_type_fails_dry_run_too(tmp_path: Path):
    proc = run_cli("synth", "--out", str(tmp_path / "run"), "--n", "2", "--types", "sunburst", "--dry-run")
    assert_one_line_error(proc, "sunburst")
    assert not (tmp_path / "run").exists()


def test_unwritable_output_folder(tmp_path: Path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    proc = run_cli("synth", "--out", str(blocker / "run"), "--n", "2")
    assert_one_line_error(proc, "cannot create run folder")
    assert blocker.read_text() == "not a folder"


def test_read_only_output_folder(tmp_path: Path):
    # A read-only mount (root ignores permission bits, so chmod would prove nothing).
    script = (
        f"mount -t tmpfs -o size=1m,ro tmpfs {tmp_path}/ro && "
        f"{sys.executable} -m cit synth --out {tmp_path}/ro/run --n 2"
    )
    (tmp_path / "ro").mkdir()
    proc = subprocess.run(["unshare", "-rm", "sh", "-c", script], capture_output=True, text=True)
    assert_one_line_error(proc, "run")


@pytest.mark.slow
def test_resume_with_a_different_config_is_refused(tmp_path: Path):
    out = tmp_path / "run"
    synth(small_config(out, n=4, chunk_size=4))
    before = digest(out)
    proc = run_cli("synth", "--out", str(out), "--n", "4", "--seed", "8", "--chunk-size", "4")
    assert_one_line_error(proc, "different config", "seed")
    assert digest(out) == before


@pytest.mark.slow
def test_full_disk_mid_write_keeps_committed_results(tmp_path: Path):
    """A real ENOSPC: the run folder sits on a 400 KiB tmpfs that fills up part-way."""
    check = (
        "import json,sys; from pathlib import Path; r=Path(sys.argv[1]);"
        "lines=r.joinpath('samples.jsonl').read_text().splitlines() if r.joinpath('samples.jsonl').exists() else [];"
        "[json.loads(x) for x in lines];"
        "j=[json.loads(x) for x in r.joinpath('journal.jsonl').read_text().splitlines()] if r.joinpath('journal.jsonl').exists() else [];"
        "size=r.joinpath('samples.jsonl').stat().st_size if lines else 0;"
        "assert not j or j[-1]['sizes']['samples']==size, (j[-1], size);"
        "print('CONSISTENT', len(lines), len(j))"
    )
    script = (
        f"mount -t tmpfs -o size=400k tmpfs {tmp_path}/small && "
        f"{sys.executable} -m cit synth --out {tmp_path}/small/run --n 40 --seed 3 --chunk-size 4 --workers 2; "
        f"echo EXIT=$?; {sys.executable} -c \"{check}\" {tmp_path}/small/run"
    )
    (tmp_path / "small").mkdir()
    proc = subprocess.run(["unshare", "-rm", "sh", "-c", script], capture_output=True, text=True, timeout=600)
    assert "EXIT=2" in proc.stdout, (proc.stdout, proc.stderr)
    errors = [line for line in proc.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1 and "disk full" in errors[0], proc.stderr
    assert "Traceback" not in proc.stderr
    assert "CONSISTENT" in proc.stdout, proc.stdout


@pytest.mark.slow
def test_truncated_jsonl_line_gives_a_clear_error_then_resume_repairs_it(tmp_path: Path):
    out = tmp_path / "run"
    synth(small_config(out, n=6, chunk_size=3))
    reference = digest(out)
    before = run_cli("export", str(out), "--format", "llava", "--out", str(tmp_path / "exp0"))
    with open(out / "samples.jsonl", "ab") as f:
        f.write(b'{"id": "half-writ')
    # Readers stop at the last commit: the torn tail is not part of the run, so an export is
    # exactly the committed data, and rerunning synth cuts the tail off.
    proc = run_cli("export", str(out), "--format", "llava", "--out", str(tmp_path / "exp"))
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["rows"] == json.loads(before.stdout)["rows"]
    proc = run_cli("synth", "--out", str(out), "--n", "6", "--seed", "7", "--chunk-size", "3", "--workers", "2")
    assert proc.returncode == 0, proc.stderr
    assert digest(out) == reference


def test_stats_on_a_folder_that_is_not_a_run(tmp_path: Path):
    proc = run_cli("stats", str(tmp_path))
    assert_one_line_error(proc, "not a cit run folder")


def test_export_unknown_format(tmp_path: Path):
    proc = run_cli("export", str(tmp_path), "--format", "csv", "--out", str(tmp_path / "x"))
    assert_one_line_error(proc, "unknown export format 'csv'")
