"""Training data: every accepted source becomes images + messages rows; mixing; manifest."""

from __future__ import annotations

from pathlib import Path

import pytest
from datasets import Dataset, DatasetDict, Features, Image, List, Value, load_from_disk

from cit.errors import UserError
from cit.train.config import MixSource
from cit.train.data import build_datasets, content_hash, open_dataset, pick_split, to_prompt_completion, to_training_layout
from tiny_vlm import chart_png, cit_rows, export_cit_run, save_cit_dataset, trl_features


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("exports")
    return {"trl": export_cit_run(root, "trl"), "hf": export_cit_run(root, "hf")}


def _files(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


def test_trl_export_is_used_as_is_and_nothing_is_written_beside_it(exported):
    before = _files(exported["trl"])
    train, _, manifest = build_datasets(str(exported["trl"]), "train", [], seed=1)
    raw = load_from_disk(str(exported["trl"]))["train"]
    assert train.column_names == ["images", "messages"] and len(train) == len(raw)
    assert train[0]["messages"] == raw[0]["messages"]  # untouched
    assert manifest["sources"][0]["layout"] == "images+messages" and manifest["train_rows"] == len(raw)
    assert _files(exported["trl"]) == before  # no datasets cache files in the user's export


def test_hf_export_and_its_parquet_files_become_the_same_training_rows(exported):
    from_disk = to_training_layout(pick_split(open_dataset(str(exported["hf"])), "train", "hf"))
    from_parquet = to_training_layout(pick_split(open_dataset(str(exported["hf"] / "parquet")), "train", "pq"))
    trl = to_training_layout(pick_split(open_dataset(str(exported["trl"])), "train", "trl"))
    assert content_hash(from_disk) == content_hash(from_parquet) == content_hash(trl)  # same messages, same PNG bytes
    assert set(open_dataset(str(exported["hf"] / "parquet"))) == {"train", "test"}


def test_plain_text_turns_get_their_image_placeholders(tmp_path: Path):
    feats = Features({"image": Image(), "messages": List({"role": Value("string"), "content": Value("string")}),
                      "source": Value("string")})
    ds = Dataset.from_list([{"image": {"bytes": chart_png(0), "path": None}, "source": "x",
                             "messages": [{"role": "user", "content": "What is shown?"},
                                          {"role": "assistant", "content": "Bars."}]}], features=feats)
    ds.save_to_disk(str(tmp_path / "single"))  # a plain Dataset, not a DatasetDict
    rows = to_training_layout(pick_split(open_dataset(str(tmp_path / "single")), "train", "single"))
    assert rows.column_names == ["images", "messages"] and len(rows[0]["images"]) == 1
    assert rows[0]["messages"][0]["content"] == [{"type": "image", "text": None}, {"type": "text", "text": "What is shown?"}]
    assert rows[0]["messages"][1]["content"] == [{"type": "text", "text": "Bars."}]


def test_mixing_takes_ratio_rows_per_main_row_and_records_it(tmp_path: Path):
    main = save_cit_dataset(tmp_path / "main", n_train=8, n_test=2)
    Dataset.from_list(cit_rows(3, offset=500), features=trl_features()).save_to_disk(str(tmp_path / "small"))
    mix = [MixSource(path=str(tmp_path / "small"), ratio=0.5), MixSource(path=str(tmp_path / "small"), ratio=2.0)]
    train, _, manifest = build_datasets(str(main), "train", mix, seed=3)
    assert len(train) == 8 + 4 + 16 and manifest["train_rows"] == 28
    used = [(s["role"], s["rows_available"], s["rows_used"], s["oversampled"]) for s in manifest["sources"]]
    assert used == [("main", 8, 8, False), ("mix", 3, 4, True), ("mix", 3, 16, True)]
    questions = [m[0]["content"][1]["text"] for m in train["messages"]]
    assert questions[:8] == [r["messages"][0]["content"][1]["text"] for r in cit_rows(8)]
    again, _, manifest2 = build_datasets(str(main), "train", mix, seed=3)
    assert manifest2["content_sha256"] == manifest["content_sha256"]  # seeded: the same mixture twice


def test_content_hash_sees_a_changed_image(tmp_path: Path):
    rows = cit_rows(3)
    a = Dataset.from_list(rows, features=trl_features())
    rows[2]["images"] = [{"bytes": chart_png(99), "path": None}]
    b = Dataset.from_list(rows, features=trl_features())
    assert content_hash(to_training_layout(a)) != content_hash(to_training_layout(b))


def test_prompt_completion_split_keeps_the_last_assistant_turn_as_target():
    ds = to_training_layout(Dataset.from_list(cit_rows(2), features=trl_features()))
    pc = to_prompt_completion(ds)
    assert set(pc.column_names) == {"images", "prompt", "completion"}
    assert [m["role"] for m in pc[0]["prompt"]] == ["user"]
    assert pc[0]["completion"][0]["content"][0]["text"].endswith("Answer: 42")


@pytest.mark.parametrize("columns", [["images", "text"], ["image", "question"]])
def test_rows_without_a_trainable_layout_are_refused(columns):
    ds = Dataset.from_dict({c: [None] for c in columns})
    with pytest.raises(UserError, match="cannot train on columns"):
        to_training_layout(ds)


def test_missing_split_and_missing_folder_are_user_errors(tmp_path: Path):
    main = save_cit_dataset(tmp_path / "d", n_train=2, n_test=1)
    with pytest.raises(UserError, match="no 'validation' split"):
        build_datasets(str(main), "validation", [], seed=0)
    with pytest.raises(UserError, match="does not exist"):
        open_dataset(str(tmp_path / "nope"))
    assert isinstance(open_dataset(str(main)), DatasetDict)
