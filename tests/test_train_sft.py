"""`cit sft` on a tiny random LLaVA built here (no downloads), on data from the real exporter.

What is checked: the loss is finite and falls on a repeated batch; LoRA changes adapter
weights only; freezing freezes what it names; the loss covers the assistant reply only
(both ways TRL can do it); the checkpoint carries its config and data manifest;
save -> reload -> `cit eval` scores what the model learnt; `--launch --run` trains
through a real `accelerate launch`.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import torch
import yaml
from datasets import Dataset, DatasetDict

from cit.cli.app import main as cit_main
from cit.train.config import load_sft_config
from cit.train.data import content_hash, open_dataset, to_training_layout
from cit.train.presets import get_preset, part_of
from cit.train.sft import CONFIG_FILE, MANIFEST_FILE, RUN_FILE, prepare
from tiny_vlm import PLAIN_TEMPLATE, build_tiny_vlm, cit_rows, export_cit_run, trl_features

pytestmark = pytest.mark.slow  # end to end: left out of the quick loop (pytest -m "not slow")

# Small, fast, deterministic steps on CPU; the recipe's other settings stay as shipped.
FAST = ["--bf16", "false", "--use_cpu", "--save_strategy", "no", "--logging_steps", "1", "--lr_scheduler_type",
        "constant", "--warmup_steps", "0", "--per_device_train_batch_size", "4", "--gradient_accumulation_steps", "1",
        "--gradient_checkpointing", "false"]
REPLY = "The bars show sales by region.\nAnswer: 42<|eot|>"


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_vlm(tmp_path_factory.mktemp("tiny-llava"))


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return export_cit_run(tmp_path_factory.mktemp("export"), "trl", n_charts=4)


@pytest.fixture(scope="module")
def constant_answer(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """4 training rows that all answer "Answer: 42"; a test split where 1 of 4 references is 42."""
    rows = cit_rows(4)
    for r in rows:
        r["messages"][1]["content"][0]["text"] = "Answer: 42"
    folder = tmp_path_factory.mktemp("constant") / "data"
    DatasetDict({"train": Dataset.from_list(rows, features=trl_features()),
                 "test": Dataset.from_list(cit_rows(4, offset=100), features=trl_features())}).save_to_disk(str(folder))
    return folder


def _cfg(tiny: Path, data: Path, out: Path, extra: list[str] = (), **overrides):
    return load_sft_config(None, {"model": str(tiny), "data": str(data), "output_dir": str(out), **overrides},
                           [*FAST, *extra])


def _labelled_text(prepared, row: int = 0) -> str:
    trainer = prepared.trainer
    batch = trainer.data_collator([trainer.train_dataset[row]])
    labels = batch["labels"][0]
    return prepared.processor.tokenizer.decode(labels[labels != -100])


def test_train_save_reload_and_eval_round_trip(tiny: Path, constant_answer: Path, tmp_path: Path):
    out = tmp_path / "ckpt"
    with pytest.raises(SystemExit) as done:
        cit_main(["sft", "--model", str(tiny), "--data", str(constant_answer), "--output-dir", str(out), "--full",
                  *FAST, "--max_steps", "12", "--learning_rate", "1e-2"])
    assert done.value.code == 0
    run = json.loads((out / RUN_FILE).read_text())
    losses = [h["loss"] for h in run["log_history"] if "loss" in h]
    assert len(losses) == 12 and all(math.isfinite(x) for x in losses)
    assert losses[-1] < 0.5 * losses[0]  # one repeated batch of 4: it must be learnt
    manifest = json.loads((out / MANIFEST_FILE).read_text())
    train = to_training_layout(open_dataset(str(constant_answer))["train"])
    assert manifest["train_rows"] == 4 and manifest["content_sha256"] == content_hash(train)
    saved = yaml.safe_load((out / CONFIG_FILE).read_text())
    assert saved["lora"] is False and saved["trl"]["max_steps"] == 12 and saved["data"] == str(constant_answer)

    with pytest.raises(SystemExit) as done:
        cit_main(["eval", "--model", str(out), "--data", str(constant_answer), "--max-new-tokens", "6",
                  "--batch-size", "3"])
    assert done.value.code == 0
    report = json.loads((out / "eval-test" / "report.json").read_text())
    preds = [json.loads(x) for x in (out / "eval-test" / "predictions.jsonl").read_text().splitlines()]
    assert [p["prediction"] for p in preds] == ["42"] * 4  # what the model learnt, through reload + generate
    assert report["overall"]["n"] == 4 and report["overall"]["relaxed_accuracy"] == 0.25  # one reference is 42
    assert report["by_kind"]["recognition"]["relaxed_accuracy"] == 1.0
    assert report["by_kind"]["reasoning"]["relaxed_accuracy"] == 0.0
    assert "| bar/plain | 1 | 100.0 | 100.0 |" in (out / "eval-test" / "report.md").read_text()


def test_lora_changes_adapter_weights_only(tiny: Path, exported: Path, tmp_path: Path):
    # The recipe as shipped: LoRA on projector + LLM, vision frozen, gradient checkpointing on.
    cfg = _cfg(tiny, exported, tmp_path / "lora", ["--max_steps", "3", "--learning_rate", "1e-2",
                                                   "--gradient_checkpointing", "true"])
    p = prepare(cfg)
    model = p.trainer.model
    before = {n: t.detach().clone() for n, t in model.named_parameters()}
    p.trainer.train()
    changed = {n for n, t in model.named_parameters() if not torch.equal(before[n], t.detach())}
    lora = {n for n in before if "lora_" in n}
    assert lora and changed == lora
    assert {part_of(n, get_preset("llava")) for n in lora} == {"projector", "llm"}  # none in the frozen vision tower
    assert p.summary["loss_masking"] == "assistant_only_loss"


def test_full_fine_tuning_leaves_frozen_parts_untouched(tiny: Path, exported: Path, tmp_path: Path):
    cfg = _cfg(tiny, exported, tmp_path / "full", ["--max_steps", "2", "--learning_rate", "1e-2"],
               lora=False, freeze_vision=True, freeze_projector=True)
    p = prepare(cfg)
    model, preset = p.trainer.model, get_preset("llava")
    before = {n: t.detach().clone() for n, t in model.named_parameters()}
    p.trainer.train()
    changed = {n for n, t in model.named_parameters() if not torch.equal(before[n], t.detach())}
    assert changed and {part_of(n, preset) for n in changed} == {"llm"}
    assert p.summary["parameters"]["vision"]["trainable"] == 0 == p.summary["parameters"]["projector"]["trainable"]


def test_loss_covers_the_assistant_reply_only(tiny: Path, exported: Path, tmp_path: Path):
    p = prepare(_cfg(tiny, exported, tmp_path / "a"))
    assert p.summary["loss_masking"] == "assistant_only_loss"
    assert _labelled_text(p) == REPLY


def test_without_generation_markers_prompt_masking_trains_the_same_tokens(tiny: Path, exported: Path, tmp_path: Path):
    plain = tmp_path / "plain-model"
    shutil.copytree(tiny, plain)
    (plain / "chat_template.jinja").write_text(PLAIN_TEMPLATE)
    p = prepare(_cfg(plain, exported, tmp_path / "b"))
    assert p.summary["loss_masking"] == "completion_only_loss"
    assert _labelled_text(p) == REPLY


def test_loss_all_trains_on_every_token(tiny: Path, exported: Path, tmp_path: Path):
    p = prepare(_cfg(tiny, exported, tmp_path / "c", loss="all"))
    batch = p.trainer.data_collator([p.trainer.train_dataset[0]])
    assert p.summary["loss_masking"] == "none"
    assert torch.equal(batch["labels"], batch["input_ids"])


def test_launch_run_trains_through_accelerate(tiny: Path, exported: Path, tmp_path: Path):
    out = tmp_path / "launched"
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    proc = subprocess.run([sys.executable, "-m", "cit", "sft", "--model", str(tiny), "--data", str(exported),
                           "--output-dir", str(out), "--launch", "--run", "--num-processes", "1", *FAST,
                           "--max_steps", "1"], capture_output=True, text=True, env=env, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    first = proc.stdout.splitlines()[0]
    assert first.startswith("accelerate launch --num_processes 1 -m cit sft --model")
    assert (out / "adapter_model.safetensors").exists() and (out / RUN_FILE).exists()
