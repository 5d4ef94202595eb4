"""`cit export`: every format loads back with `datasets`, splits never share a chart lineage."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from datasets import load_dataset, load_from_disk

from cit.export import export_run
from cit.export.rows import Selection
from cit.runner import synth
from synth_helpers import jsonl, run_cli, small_config

pytestmark = pytest.mark.slow  # end to end: left out of the quick loop (pytest -m "not slow")


@pytest.fixture(scope="module")
def run(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("exp") / "run"
    synth(small_config(out, n=30, chunk_size=10))
    return out


def _root(sample_id: str, parents: dict[str, str | None]) -> str:
    while parents.get(sample_id):
        sample_id = parents[sample_id]
    return sample_id


@pytest.fixture(scope="module")
def lineage(run: Path) -> tuple[dict[str, str | None], int]:
    samples = jsonl(run / "samples.jsonl")
    # By default only the vision-dominant form of each question is exported.
    n_qa = sum(q["variant"] in (None, "vision-dominant") for s in samples for q in s["qa"])
    return {s["id"]: s["lineage"]["parent_id"] for s in samples}, n_qa


def _assert_split_by_lineage(train_ids: set[str], test_ids: set[str], parents: dict) -> None:
    assert train_ids and test_ids
    assert not {_root(i, parents) for i in train_ids} & {_root(i, parents) for i in test_ids}


def test_hf_export_round_trips_with_images(run: Path, lineage, tmp_path: Path):
    parents, n_qa = lineage
    manifest = export_run(run, "hf", tmp_path / "hf", Selection(test_fraction=0.3))
    ds = load_from_disk(str(tmp_path / "hf"))
    assert set(ds) == {"train", "test"}
    assert len(ds["train"]) + len(ds["test"]) == n_qa == sum(manifest["rows"].values())
    row = ds["train"][0]
    assert row["image"].size[0] > 100 and row["question"] and row["answer"]
    assert json.loads(row["answer_type"])["type"] in {"number", "text", "yesno", "choice"}
    _assert_split_by_lineage(set(ds["train"]["sample_id"]), set(ds["test"]["sample_id"]), parents)
    pq = load_dataset("parquet", data_files={s: str(tmp_path / "hf" / "parquet" / f"{s}.parquet") for s in ("train", "test")})
    assert len(pq["train"]) == len(ds["train"]) and pq["test"][0]["image"].size == ds["test"][0]["image"].size


def test_trl_export_has_images_and_messages(run: Path, lineage, tmp_path: Path):
    parents, n_qa = lineage
    export_run(run, "trl", tmp_path / "trl", Selection(test_fraction=0.3))
    ds = load_from_disk(str(tmp_path / "trl"))
    row = ds["train"][0]
    assert len(row["images"]) == 1
    user, assistant = row["messages"]
    assert user["role"] == "user" and [p["type"] for p in user["content"]] == ["image", "text"]
    assert user["content"][1]["text"] == row["question"]
    assert assistant["content"][0]["text"].endswith("Answer: " + row["answer"])
    _assert_split_by_lineage(set(ds["train"]["sample_id"]), set(ds["test"]["sample_id"]), parents)


def test_trl_rows_are_accepted_by_trls_vlm_collator(run: Path, tmp_path: Path):
    pytest.importorskip("torch", reason="needs the [train] extra")
    from trl.trainer.sft_trainer import DataCollatorForVisionLanguageModeling

    from transformers import AutoProcessor

    from tiny_vlm import build_tiny_vlm

    export_run(run, "trl", tmp_path / "trl", Selection(test_fraction=0.3))
    ds = load_from_disk(str(tmp_path / "trl"))
    processor = AutoProcessor.from_pretrained(build_tiny_vlm(tmp_path / "model"))
    batch = DataCollatorForVisionLanguageModeling(processor)([ds["train"][0], ds["train"][1]])
    assert batch["input_ids"].shape[0] == 2 and batch["pixel_values"].shape[0] == 2
    assert (batch["labels"] != -100).any()


@pytest.mark.parametrize("fmt", ["llava", "sharegpt"])
def test_json_exports_load_with_datasets(run: Path, lineage, tmp_path: Path, fmt: str):
    parents, n_qa = lineage
    dest = tmp_path / fmt
    export_run(run, fmt, dest, Selection(test_fraction=0.3))
    prefix = "llava" if fmt == "llava" else "cit"
    ds = load_dataset("json", data_files={s: str(dest / f"{prefix}_{s}.json") for s in ("train", "test")})
    turns = "conversations" if fmt == "llava" else "messages"
    assert sum(len(r[turns]) for split in ds.values() for r in split) == 2 * n_qa
    for split in ds.values():
        for r in split:
            image = r["image"] if fmt == "llava" else r["images"][0]
            assert (dest / image).is_file()
    first = ds["train"][0][turns][0]
    assert (first["value"] if fmt == "llava" else first["content"]).startswith("<image>")
    _assert_split_by_lineage(set(ds["train"]["id"]), set(ds["test"]["id"]), parents)
    if fmt == "sharegpt":
        info = json.loads((dest / "dataset_info.json").read_text())
        assert info["cit_train"]["file_name"] == "cit_train.json" and info["cit_train"]["formatting"] == "sharegpt"


def test_filters_select_kinds_and_types(run: Path, tmp_path: Path):
    proc = run_cli("export", str(run), "--format", "hf", "--out", str(tmp_path / "r"), "--kinds", "reasoning")
    assert proc.returncode == 0, proc.stderr
    ds = load_from_disk(str(tmp_path / "r"))
    assert set(ds["train"]["kind"]) | set(ds["test"]["kind"]) == {"reasoning"}
    family = jsonl(run / "samples.jsonl")[0]["family"]
    export_run(run, "hf", tmp_path / "f", Selection(types={family}))
    ds = load_from_disk(str(tmp_path / "f"))
    assert set(ds["train"]["family"]) | set(ds["test"]["family"]) == {family}


def test_export_replaces_only_its_own_earlier_output(run: Path, tmp_path: Path):
    dest = tmp_path / "d"
    export_run(run, "llava", dest)
    export_run(run, "llava", dest)  # an earlier cit export is replaced
    other = tmp_path / "precious"
    other.mkdir()
    (other / "notes.txt").write_text("keep me")
    proc = run_cli("export", str(run), "--format", "llava", "--out", str(other))
    assert proc.returncode == 2 and "refusing to overwrite" in proc.stderr
    assert (other / "notes.txt").read_text() == "keep me"


def test_variants_export_pairs_forms_of_one_question(run: Path, tmp_path: Path):
    export_run(run, "hf", tmp_path / "plain", Selection(test_fraction=0.3))
    plain = load_from_disk(str(tmp_path / "plain"))
    assert set(plain["train"]["variant"]) == {"vision-dominant"}
    export_run(run, "hf", tmp_path / "paired", Selection(test_fraction=0.3, variants=True))
    paired = load_from_disk(str(tmp_path / "paired"))
    forms: dict[str, dict[str, str]] = {}
    for split in ("train", "test"):
        for row in paired[split]:
            if row["variant_group"]:
                forms.setdefault(row["variant_group"], {})[row["variant"]] = split
    assert forms, "the template pipeline makes variants from the engine's data tables"
    full = [g for g in forms.values() if {"text-dominant", "text-lite", "vision-dominant"} <= set(g)]
    assert full
    for group in forms.values():
        assert len(set(group.values())) == 1  # all forms of a question land in one split


def test_export_never_deletes_a_file_it_did_not_write(run: Path, tmp_path: Path):
    dest = tmp_path / "d"
    export_run(run, "llava", dest)
    (dest / "my_notes.txt").write_text("the user's own file")  # added into an earlier export
    proc = run_cli("export", str(run), "--format", "llava", "--out", str(dest))
    assert proc.returncode == 2 and "my_notes.txt" in proc.stderr and "Traceback" not in proc.stderr
    assert (dest / "my_notes.txt").read_text() == "the user's own file" and (dest / "cit_export.json").exists()


def test_export_to_an_existing_file_is_one_line(run: Path, tmp_path: Path):
    target = tmp_path / "a_file"
    target.write_text("x")
    proc = run_cli("export", str(run), "--format", "llava", "--out", str(target))
    assert proc.returncode == 2 and "exists and is not a folder" in proc.stderr and "Traceback" not in proc.stderr
    assert target.read_text() == "x"


def test_exports_and_run_files_honour_the_umask(run: Path, tmp_path: Path):
    import os
    import stat

    old = os.umask(0o022)
    try:
        export_run(run, "llava", tmp_path / "shared")
        from cit.io import atomic_write_text

        atomic_write_text(tmp_path / "f.json", "{}")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "shared").stat().st_mode) == 0o755
    assert stat.S_IMODE((tmp_path / "f.json").stat().st_mode) == 0o644
    assert all(stat.S_IMODE(p.stat().st_mode) & 0o044 == 0o044 for p in (tmp_path / "shared").rglob("*") if p.is_file())


def test_an_unfinished_run_is_refused_or_exported_up_to_its_last_commit(run: Path, tmp_path: Path):
    import shutil as _shutil

    part = tmp_path / "part"
    _shutil.copytree(run, part)
    (part / "DONE").unlink()
    committed = len(jsonl(part / "samples.jsonl"))
    with open(part / "samples.jsonl", "a") as f:  # a chunk written but never committed
        f.write(open(part / "samples.jsonl").readline())
    proc = run_cli("export", str(part), "--format", "llava", "--out", str(tmp_path / "x"))
    assert proc.returncode == 2 and "--allow-unfinished" in proc.stderr and "Traceback" not in proc.stderr
    manifest = export_run(part, "llava", tmp_path / "y", Selection(test_fraction=0.0), allow_unfinished=True)
    assert sum(manifest["rows"].values()) > 0
    exported = sum(len(json.loads(p.read_text())) for p in (tmp_path / "y").glob("*.json") if p.name != "cit_export.json")
    full = export_run(run, "llava", tmp_path / "z", Selection(test_fraction=0.0))
    assert manifest["rows"] == full["rows"] and committed == len(jsonl(run / "samples.jsonl")) and exported > 0
