"""Mixed precision only where the hardware has it: the shipped recipes run on a CPU."""

from __future__ import annotations

from pathlib import Path

import pytest

from cit.train.config import load_sft_config
from cit.train.precision import choose


@pytest.mark.parametrize("asked, cuda, bf16_ok, want, words", [
    ({"bf16": True}, True, True, (True, False), "bf16 (asked for"),
    ({"bf16": True}, True, False, (False, True), "fp16 (the recipe asks for bf16; this GPU has no bf16)"),
    ({"bf16": True}, False, False, (False, False), "fp32 (the recipe asks for bf16; this machine has no GPU)"),
    ({"fp16": True}, False, False, (False, False), "fp32 (the recipe asks for fp16"),
    ({"fp16": True}, True, False, (False, True), "fp16 (asked for"),
    ({}, True, True, (False, False), "fp32 (the recipe asks for no mixed precision)"),
])
def test_precision_follows_the_hardware(asked, cuda, bf16_ok, want, words):
    values, why = choose({"learning_rate": 1e-4, **asked}, cuda=cuda, bf16_ok=bf16_ok)
    assert (bool(values.get("bf16")), bool(values.get("fp16"))) == want
    assert values["learning_rate"] == 1e-4 and why.startswith(words)


def test_the_shipped_bf16_recipe_builds_its_trainer_arguments_on_this_cpu(tmp_path: Path):
    from cit.train.sft import build_trl_args

    cfg = load_sft_config("reachqa_lora", {"model": "m", "data": "d"})
    assert cfg.trl.get("bf16") is True  # the recipe as the paper trained it
    args = build_trl_args(cfg, tmp_path)  # raised "Your setup doesn't support bf16/gpu" before
    assert not args.bf16 and not args.fp16
