"""Sharded runs: `cit synth --shard I/N` on separate folders, `cit merge` back into one.

The config makes charts that repeat across blocks (a wide image-hash distance), so the
cross-block check has something to drop at commit and at merge."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cit.merge import merge
from cit.runner import synth
from synth_helpers import assert_one_line_error, digest, jsonl, run_cli, small_config

pytestmark = pytest.mark.slow  # end to end: left out of the quick loop (pytest -m "not slow")

N = 48
SETTINGS = {"chunk_size": 8, "block_size": 16, "dedup.phash_distance": 14, "evolve.rate": 0.0}
CLI_SETTINGS = ["--n", str(N), "--seed", "7", "--workers", "2", "--chunk-size", "8",
                "--set", "block_size=16", "--set", "dedup.phash_distance=14", "--set", "evolve.rate=0"]


def config(out: Path, **extra):
    return small_config(out, n=N, **{**SETTINGS, **extra})


def counts(run: Path) -> dict:
    """stats.json without what depends on the machine (seconds)."""
    stats = json.loads((run / "stats.json").read_text())
    stats.pop("seconds", None)
    for stage in stats["stages"].values():
        stage.pop("seconds")
    return stats


class Stop(Exception):
    pass


def stop_after(commits: int):
    seen = []

    def progress(done: int, total: int) -> None:
        if 0 < done < total:
            seen.append(done)
            if len(seen) == commits:
                raise Stop()  # a crash right after a commit
    return progress


@pytest.fixture(scope="module")
def single(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("single") / "run"
    synth(config(out))
    return out


REPO = Path(__file__).resolve().parents[1]


def sbatch(script: str, **env: str) -> None:
    """Run one of the documented Slurm scripts the way an array task would."""
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"  # `cit` of this environment
    proc = subprocess.run(["bash", str(REPO / "docs" / "slurm" / script)], env={**os.environ, "PATH": path, **env},
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr


@pytest.fixture(scope="module")
def shards(tmp_path_factory) -> list[Path]:
    """Two array tasks of docs/slurm/synth-shards.sbatch."""
    root = tmp_path_factory.mktemp("shards")
    run_yaml = root / "run.yaml"
    run_yaml.write_text(json.dumps({"n": N, "seed": 7, "chunk_size": 8, "block_size": 16, "evolve": {"rate": 0.0},
                                    "dedup": {"phash_distance": 14}}))
    for i in range(2):
        sbatch("synth-shards.sbatch", CONFIG=str(run_yaml), OUT=str(root), SLURM_ARRAY_TASK_ID=str(i),
               SLURM_ARRAY_TASK_COUNT="2", SLURM_CPUS_PER_TASK="2")
    return [root / "shard-0", root / "shard-1"]


def test_the_config_drops_repeats_across_blocks(single: Path):
    stats = counts(single)
    assert stats["stages"]["dedup_blocks"]["dropped"] > 0
    assert any(r["stage"] == "dedup_blocks" and "earlier block" in r["detail"] for r in jsonl(single / "rejected.jsonl"))
    assert stats["inputs"] == stats["kept"] + stats["rejected"]


def test_each_shard_holds_its_blocks_and_checks_nothing_across_them(shards: list[Path]):
    first = [r["index"] for r in jsonl(shards[0] / "samples.jsonl")]
    second = [r["index"] for r in jsonl(shards[1] / "samples.jsonl")]
    assert first and second and max(first) < 16 <= min(second)  # 3 blocks of 16: block 0, blocks 1-2
    assert "dedup_blocks" not in counts(shards[0])["stages"]


def test_two_shards_merged_equal_a_single_run(single: Path, shards: list[Path], tmp_path: Path):
    sbatch("merge.sbatch", OUT=str(shards[0].parent))
    assert digest(shards[0].parent / "merged") == digest(single)
    out = tmp_path / "merged"
    proc = run_cli("merge", str(shards[1]), str(shards[0]), "--out", str(out))  # any order
    assert proc.returncode == 0, proc.stderr
    assert digest(out) == digest(single)
    assert counts(out) == counts(single)
    assert (out / "DONE").exists()
    for which in ("seconds",):  # what the shards really spent is summed
        shard_total = sum(json.loads((s / "stats.json").read_text())[which] for s in shards)
        assert json.loads((out / "stats.json").read_text())[which] == pytest.approx(shard_total, abs=0.01)
    again = run_cli("merge", str(shards[0]), str(shards[1]), "--out", str(out))
    assert again.returncode == 0 and "already merged" in " ".join(again.stderr.split())
    check = run_cli("check", str(out))
    assert check.returncode == 0, check.stdout + check.stderr
    exported = run_cli("export", str(out), "--format", "trl", "--out", str(tmp_path / "trl"))
    assert exported.returncode == 0, exported.stderr
    assert run_cli("gallery", str(out)).returncode == 0 and (out / "gallery.html").exists()


def test_a_merge_stopped_halfway_resumes_to_the_same_bytes(single: Path, shards: list[Path], tmp_path: Path):
    out = tmp_path / "merged"
    with pytest.raises(Stop):
        merge(shards, out, progress=stop_after(3))
    assert not (out / "DONE").exists() and len((out / "journal.jsonl").read_text().splitlines()) == 3
    merge(shards, out)
    assert digest(out) == digest(single)
    assert counts(out) == counts(single)


def test_a_single_run_stopped_in_a_later_block_resumes_to_the_same_bytes(single: Path, tmp_path: Path):
    out = tmp_path / "run"
    with pytest.raises(Stop):
        synth(config(out), progress=stop_after(3))  # blocks 0 and half of 1 committed
    synth(config(out))
    assert digest(out) == digest(single)
    assert counts(out) == counts(single)


def test_shards_of_different_configs_are_refused_with_the_difference(shards: list[Path], tmp_path: Path):
    other = tmp_path / "other"
    synth(config(other, seed=8, shard="1/2"))
    proc = run_cli("merge", str(shards[0]), str(other), "--out", str(tmp_path / "m"))
    assert_one_line_error(proc, "different configs", "seed: 7 -> 8")
    assert not (tmp_path / "m").exists()


def test_missing_overlapping_and_unfinished_shards_are_refused(shards: list[Path], tmp_path: Path):
    out = str(tmp_path / "m")
    assert_one_line_error(run_cli("merge", str(shards[0]), "--out", out), "no shard given holds indices 16-47")
    assert_one_line_error(run_cli("merge", str(shards[0]), str(shards[0]), str(shards[1]), "--out", out), "overlap")
    quarter = tmp_path / "q"
    synth(config(quarter, shard="1/3"))  # indices 16-31: inside shard 1/2
    assert_one_line_error(run_cli("merge", str(shards[0]), str(quarter), str(shards[1]), "--out", out), "overlap")
    unfinished = tmp_path / "u"
    with pytest.raises(Stop):
        synth(config(unfinished, shard="1/2"), progress=stop_after(1))
    assert_one_line_error(run_cli("merge", str(shards[0]), str(unfinished), "--out", out), "not finished")
    synth(config(unfinished, shard="1/2"))  # a shard resumes on its own
    assert digest(unfinished) == digest(shards[1])
    whole = tmp_path / "whole"
    synth(small_config(whole, n=4))
    assert_one_line_error(run_cli("merge", str(whole), "--out", out), "not a shard")
    assert not Path(out).exists()


@pytest.mark.parametrize("spec, message", [("3/2", "numbered 0 to 1"), ("0/0", "at least 1"), ("2/2", "numbered 0 to 1"),
                                           ("half", "expected I/N"), ("4/5", "at most 3 shards")])
def test_bad_shard_specs_are_one_line(spec: str, message: str, tmp_path: Path):
    proc = run_cli("synth", "--out", str(tmp_path / "r"), *CLI_SETTINGS, "--shard", spec)
    assert_one_line_error(proc, message)
    assert not (tmp_path / "r").exists()


def test_llm_shards_merged_equal_a_single_run_with_pools_and_dedup_per_block(tmp_path: Path):
    """The LLM pipeline: the example pool and dedup (both passes) work inside a block, and
    programs repeat across blocks (7 distinct programs for 12 records)."""
    from cit.config import load_config
    from fake_llm_server import FakeLLMServer
    from llm_scripts import PipelineScript

    def llm_config(server, out: Path, **extra):
        return load_config(overrides={
            "out": str(out), "n": 12, "seed": 5, "chunk_size": 2, "block_size": 6, "generator": "llm",
            "executor.workers": 2, "synth.engine_seeds": 0, "synth.pool_delay": 0, "evolve.rate": 0.5,
            "synth.chart_types": ["bar"], "synth.same_type_examples": 3,
            "qa.recognition": 1, "qa.reasoning": 1,
            "llm": {"model": "fake-coder", "base_url": server.base_url, "max_retries": 0, "concurrency": 4}, **extra})

    with FakeLLMServer(PipelineScript(variety=7)) as server:
        synth(llm_config(server, tmp_path / "single"))
        for i in range(2):
            synth(llm_config(server, tmp_path / f"s{i}", shard=f"{i}/2"))
    merge([tmp_path / "s0", tmp_path / "s1"], tmp_path / "merged")
    assert digest(tmp_path / "merged") == digest(tmp_path / "single")
    a, b = counts(tmp_path / "merged"), counts(tmp_path / "single")
    a.pop("llm"), b.pop("llm")  # each shard has its own reply cache: requests may differ, results do not
    assert a == b
    assert b["stages"]["dedup_blocks"]["dropped"] > 0
    drawn = [e for s in jsonl(tmp_path / "single/samples.jsonl") for e in s["provenance"].get("examples", [])]
    assert any(e.startswith("llm-") for e in drawn)  # the pool served programs of the run itself
