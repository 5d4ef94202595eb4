"""Caption data for the seeds' other stages: `cit export --format captions` and the
projector-alignment recipe of `cit sft` (MAVIS stage 2 / Math-PUMA stage 1)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from cit.export import export_run
from cit.runner import synth
from synth_helpers import assert_one_line_error, run_cli, small_config
from tiny_vlm import build_tiny_vlm

pytestmark = pytest.mark.slow  # end to end: left out of the quick loop (pytest -m "not slow")


@pytest.fixture(scope="module")
def captions(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("captions")
    synth(small_config(root / "run", n=10, chunk_size=10))
    export_run(root / "run", "captions", root / "captions")
    return {"run": root / "run", "data": root / "captions", "root": root}


def test_the_caption_export_round_trips_with_hard_negatives_of_the_same_type(captions):
    from datasets import load_from_disk

    ds = load_from_disk(str(captions["data"]))
    rows = list(ds["train"]) + list(ds["test"])
    kept = [json.loads(line) for line in (captions["run"] / "samples.jsonl").read_text().splitlines()]
    assert {r["id"] for r in rows} == {s["id"] for s in kept if s["caption"]}
    by_id = {r["id"]: r for r in rows}
    for r in rows:
        assert r["image"].size[0] > 0 and r["caption"].startswith(r["short_caption"].rstrip("."))
        assert r["id"] not in r["hard_negatives"]
        assert all(by_id[o]["chart_type"] == r["chart_type"] for o in r["hard_negatives"])
        assert r["messages"][1]["content"][0]["text"] == r["caption"] and len(r["images"]) == 1
    assert any(r["hard_negatives"] for r in rows)


def test_a_run_without_captions_names_where_they_come_from(captions, tmp_path: Path):
    run = tmp_path / "run"
    shutil.copytree(captions["run"], run)
    lines = [json.loads(line) for line in (run / "samples.jsonl").read_text().splitlines()]
    for s in lines:
        s["caption"] = None
    (run / "samples.jsonl").write_text("".join(json.dumps(s) + "\n" for s in lines))
    (run / "journal.jsonl").unlink()  # hand-edited: no journal to hold it to
    proc = run_cli("export", str(run), "--format", "captions", "--out", str(tmp_path / "c"))
    assert_one_line_error(proc, "no chart captions", "--generator template")


def test_the_projector_recipe_trains_the_projector_only(captions, tmp_path: Path):
    from cit.train.config import load_sft_config
    from cit.train.sft import run_sft

    model = build_tiny_vlm(tmp_path / "model")
    cfg = load_sft_config("projector_captions", {"model": str(model), "data": str(captions["data"]),
                                                 "output_dir": str(tmp_path / "out")},
                          ["--max_steps", "2", "--per_device_train_batch_size", "2", "--gradient_accumulation_steps", "1",
                           "--save_strategy", "no", "--logging_steps", "1"])
    summary = run_sft(cfg)
    trainable = {part for part, n in summary["parameters"].items() if n["trainable"]}
    assert trainable == {"projector"}, summary["parameters"]
    assert summary["precision"].startswith("fp32")  # the recipe's bf16, on this CPU
    assert any("loss" in h for h in summary["log_history"])
