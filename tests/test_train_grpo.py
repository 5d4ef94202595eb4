"""`cit export --format grpo` and `cit grpo`: rewards that agree with verification, a few
real GRPO steps on a tiny VLM built here, and bad input as one line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cit.errors import UserError
from cit.runner import synth
from cit.train.rewards import accuracy_reward, format_reward, score
from synth_helpers import small_config
from tiny_vlm import build_tiny_vlm, export_cit_run

pytestmark = pytest.mark.slow  # end to end: left out of the quick loop (pytest -m "not slow")


def test_the_reward_agrees_with_verification_on_every_item_of_a_run(tmp_path: Path):
    run = tmp_path / "run"
    synth(small_config(run, n=6, chunk_size=6))
    items = [q for line in (run / "samples.jsonl").read_text().splitlines() for q in json.loads(line)["qa"]]
    assert len(items) > 20
    for q in items:
        atype = json.dumps(q["answer_type"])
        assert score(f"<think>read it</think><answer>{q['answer']}</answer>", q["answer"], atype) == 1.0, q
        if q["answer_type"]["type"] == "number":
            off = float(q["value"]) * 1.5 + 1
            assert score(f"<answer>{off}</answer>", q["answer"], atype) < 1.0  # outside its tolerance: partial at most


def test_rewards_decay_with_relative_error_and_check_the_format():
    atype = json.dumps({"type": "number", "rel_tol": 0.01, "abs_tol": 0.0})
    got = accuracy_reward(["<answer>100</answer>", "<answer>\u2212100</answer>", "<answer>105</answer>",
                           "<answer>150</answer>", "100"], ["100"] * 5, [atype] * 5)
    assert got[0] == 1.0 and got[1] < 0.01 and 1.0 > got[2] > got[3] > 0.0 and got[4] == 0.0
    assert format_reward(["<think>a</think><answer>1</answer>", "<answer>1</answer>", "1",
                          [{"role": "assistant", "content": "<think>b</think> <answer>2</answer>"}]]) == [1.0, 0.5, 0.0, 1.0]


@pytest.fixture(scope="module")
def grpo_data(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("grpo")
    return {"data": export_cit_run(root, "grpo", n_charts=4), "trl": export_cit_run(root / "t", "trl", n_charts=4),
            "model": build_tiny_vlm(root / "model")}


def test_the_grpo_export_round_trips_through_datasets(grpo_data):
    from datasets import load_from_disk

    ds = load_from_disk(str(grpo_data["data"]))
    row = ds["train"][0]
    assert row["prompt"][0]["content"][0]["type"] == "image" and "<answer>" in row["prompt"][0]["content"][1]["text"]
    assert row["image"].size[0] > 0 and row["solution"] == row["answer"]
    assert json.loads(row["answer_type"])["type"] and row["split"] == "train" and isinstance(row["steps"], int)


@pytest.mark.slow
def test_grpo_trains_a_few_steps_with_cit_rewards_and_saves_a_checkpoint_that_reloads(grpo_data, tmp_path: Path):
    from cit.train.grpo import GRPORunConfig, run_grpo

    out = tmp_path / "grpo"
    cfg = GRPORunConfig(model=str(grpo_data["model"]), data=str(grpo_data["data"]), output_dir=str(out),
                        rewards=["accuracy", "format", "grpo_rewards:variety"],
                        trl={"max_steps": 2, "per_device_train_batch_size": 2, "num_generations": 2,
                             "max_completion_length": 8, "logging_steps": 1, "save_strategy": "no", "bf16": True})
    result = run_grpo(cfg)
    logged = [h for h in result["log_history"] if "reward" in h]
    assert len(logged) == 2 and "rewards/accuracy_reward/mean" in logged[0]
    assert any(h["reward_std"] > 0 for h in logged)  # rewards differ between completions: there is a signal
    assert result["precision"].startswith("fp32")  # the bf16 asked for, on this CPU
    targets = json.loads((out / "adapter_config.json").read_text())["target_modules"]
    targets = [targets] if isinstance(targets, str) else targets
    assert targets and not any("vision" in t for t in targets)  # the preset's LoRA scope: vision tower as SFT left it
    saved = (out / "cit_grpo_config.yaml").read_text()
    assert "grpo_rewards:variety" in saved
    from peft import PeftModel
    from transformers import AutoModelForImageTextToText

    base = AutoModelForImageTextToText.from_pretrained(grpo_data["model"])
    assert PeftModel.from_pretrained(base, str(out)) is not None


@pytest.mark.parametrize("change, words", [
    ({"data": "trl"}, "lacks the column(s) prompt, image, solution"),
    ({"rewards": ["no_such_reward"]}, "unknown reward 'no_such_reward'"),
    ({"data": "missing"}, "does not exist"),
])
def test_bad_grpo_input_is_one_line_before_any_model_loads(grpo_data, tmp_path: Path, change, words):
    from cit.train.grpo import GRPORunConfig, run_grpo

    data = {"trl": str(grpo_data["trl"]), "missing": str(tmp_path / "nope")}.get(change.get("data"), str(grpo_data["data"]))
    cfg = GRPORunConfig(model=str(tmp_path / "no-model"), data=data, output_dir=str(tmp_path / "o"),
                        **{k: v for k, v in change.items() if k != "data"})
    with pytest.raises(UserError, match=words.replace("(", r"\(").replace(")", r"\)")):
        run_grpo(cfg)


def test_a_text_only_model_is_refused_before_its_weights_load(grpo_data, tmp_path: Path):
    from transformers import LlamaConfig

    from cit.train.grpo import GRPORunConfig, run_grpo

    LlamaConfig(hidden_size=16, intermediate_size=32, num_hidden_layers=1, num_attention_heads=2,
                vocab_size=64).save_pretrained(tmp_path / "text-lm")  # a config, no weights at all
    cfg = GRPORunConfig(model=str(tmp_path / "text-lm"), data=str(grpo_data["data"]), output_dir=str(tmp_path / "o"))
    with pytest.raises(UserError, match="not a vision-language model"):
        run_grpo(cfg)
