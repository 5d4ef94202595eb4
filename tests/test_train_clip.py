"""`cit clip`: the contrastive loss and recall, and a few real training steps of a tiny CLIP
built here from its config (tokenizer trained locally), on a caption export."""

from __future__ import annotations

from pathlib import Path

import pytest

from cit.errors import UserError
from cit.export import export_run
from cit.runner import synth
from cit.train.clip import ClipOptions, contrastive_loss, recall, run_clip
from synth_helpers import small_config
from tiny_vlm import build_tiny_vlm

pytestmark = pytest.mark.slow  # end to end: left out of the quick loop (pytest -m "not slow")


def build_tiny_clip(folder: Path, vlm: Path) -> Path:
    import torch
    from transformers import AutoImageProcessor, AutoTokenizer, CLIPConfig, CLIPModel

    tokenizer = AutoTokenizer.from_pretrained(vlm)
    tokenizer.model_max_length = 64
    image_processor = AutoImageProcessor.from_pretrained(vlm, use_fast=False)
    config = CLIPConfig(
        text_config={"vocab_size": len(tokenizer), "hidden_size": 32, "intermediate_size": 64, "num_hidden_layers": 2,
                     "num_attention_heads": 4, "max_position_embeddings": 64, "eos_token_id": tokenizer.eos_token_id,
                     "pad_token_id": tokenizer.pad_token_id, "bos_token_id": tokenizer.bos_token_id},
        vision_config={"hidden_size": 32, "intermediate_size": 64, "num_hidden_layers": 2, "num_attention_heads": 4,
                       "image_size": 32, "patch_size": 8},
        projection_dim=16)
    torch.manual_seed(0)
    CLIPModel(config).save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    image_processor.save_pretrained(folder)
    return folder


@pytest.fixture(scope="module")
def setup(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("clip")
    synth(small_config(root / "run", n=12, chunk_size=12))
    export_run(root / "run", "captions", root / "captions")
    export_run(root / "run", "trl", root / "trl")
    vlm = build_tiny_vlm(root / "vlm")
    return {"data": root / "captions", "trl": root / "trl", "vlm": vlm, "clip": build_tiny_clip(root / "clip", vlm)}


def test_recall_and_the_loss_on_known_embeddings():
    import torch

    emb = torch.eye(6)
    assert recall(emb, emb) == {"image_to_caption@1": 1.0, "image_to_caption@5": 1.0,
                                "caption_to_image@1": 1.0, "caption_to_image@5": 1.0}
    shifted = recall(emb, emb.roll(1, dims=0))
    assert shifted["image_to_caption@1"] == 0.0
    matched = contrastive_loss(emb, emb, torch.tensor(10.0))
    assert matched < contrastive_loss(emb, emb.roll(1, dims=0), torch.tensor(10.0))
    # A hard negative equal to the right caption makes the image->text side harder.
    assert contrastive_loss(emb, emb, torch.tensor(10.0), negatives=emb) > matched


def test_contrastive_training_lowers_the_loss_and_saves_a_loadable_vision_tower(setup, tmp_path: Path):
    out = tmp_path / "clip-out"
    result = run_clip(ClipOptions(model=str(setup["clip"]), data=str(setup["data"]), output_dir=str(out), trainer={
        "max_steps": 12, "per_device_train_batch_size": 16, "learning_rate": 3e-3, "logging_steps": 1,
        "save_strategy": "no", "bf16": True}))
    losses = [h["loss"] for h in result["log_history"] if "loss" in h]
    assert len(losses) == 12 and losses[-1] < losses[0]  # the same batch each step: it learns it
    assert set(result["recall_after"]) == {"image_to_caption@1", "image_to_caption@5", "caption_to_image@1", "caption_to_image@5"}
    assert all(0.0 <= v <= 1.0 for v in result["recall_after"].values())
    from transformers import CLIPVisionModel

    vision = CLIPVisionModel.from_pretrained(out / "vision")
    assert vision.config.hidden_size == 32


@pytest.mark.parametrize("which, words", [("trl", "not a caption dataset"), ("vlm", "not a CLIP/SigLIP-style dual encoder")])
def test_bad_clip_input_is_one_line(setup, which: str, words: str, tmp_path: Path):
    data = setup["trl"] if which == "trl" else setup["data"]
    model = setup["vlm"] if which == "vlm" else setup["clip"]
    with pytest.raises(UserError, match=words):
        run_clip(ClipOptions(model=str(model), data=str(data), output_dir=str(tmp_path / "o")))


def test_cit_clip_runs_as_written_with_training_options_on_the_command_line(setup, tmp_path: Path):
    import json

    from synth_helpers import run_cli

    proc = run_cli("clip", "--data", str(setup["data"]), "--model", str(setup["clip"]), "--output-dir", str(tmp_path / "o"),
                   "--max_steps", "2", "--per_device_train_batch_size", "4", "--save_strategy", "no")
    assert proc.returncode == 0, proc.stderr
    printed = json.loads(proc.stdout[proc.stdout.rindex("{\n  \"output_dir\""):])  # after the trainer's own log lines
    assert "image_to_caption@1" in printed["recall_before"] and "recall before" in proc.stderr
    assert (tmp_path / "o" / "vision" / "config.json").exists()
