"""Presets against real model classes of every family (tiny, random, built from config).

Processors of Qwen2.5-VL, SmolVLM and InternVL need torchvision (no CPU build here), so
what is covered for them is the model side: which parameters are vision tower, projector
and LLM, freezing, and LoRA targets. LLaVA's processor is covered by the training tests.
"""

from __future__ import annotations

import re

import pytest
import torch
from transformers import AutoConfig, AutoModelForImageTextToText

from cit.errors import UserError
from cit.train.config import SFTRunConfig
from cit.train.model import _compact_regex, freeze, lora_target_modules
from cit.train.presets import get_preset, part_of, preset_for, split_parameters

_TEXT = dict(hidden_size=32, intermediate_size=64, num_hidden_layers=2, num_attention_heads=4, num_key_value_heads=2,
             vocab_size=300)
_VISION = dict(hidden_size=32, intermediate_size=64, num_hidden_layers=1, num_attention_heads=4, image_size=32, patch_size=8)
CONFIGS = {
    "qwen2.5-vl": ("qwen2_5_vl", dict(
        text_config=dict(**_TEXT, rope_scaling={"type": "mrope", "mrope_section": [1, 1, 2]}),
        vision_config=dict(depth=1, hidden_size=32, intermediate_size=64, num_heads=4, out_hidden_size=32,
                           fullatt_block_indexes=[0]))),
    "llava-next": ("llava_next", dict(text_config=dict(model_type="llama", **_TEXT),
                                      vision_config=dict(model_type="clip_vision_model", **_VISION))),
    "idefics3": ("idefics3", dict(text_config=dict(model_type="llama", **_TEXT), vision_config=_VISION)),
    "smolvlm": ("smolvlm", dict(text_config=dict(model_type="llama", **_TEXT), vision_config=_VISION)),
    "internvl": ("internvl", dict(text_config=dict(model_type="qwen2", **_TEXT),
                                  vision_config=dict(_VISION, image_size=[32, 32], patch_size=[8, 8]))),
    "llava": ("llava", dict(text_config=dict(model_type="llama", **_TEXT),
                            vision_config=dict(model_type="clip_vision_model", **_VISION))),
}


def _tiny(name: str):
    model_type, kw = CONFIGS[name]
    torch.manual_seed(0)
    return AutoModelForImageTextToText.from_config(AutoConfig.for_model(model_type, **kw))


@pytest.fixture(scope="module", params=sorted(CONFIGS))
def family(request: pytest.FixtureRequest):
    return request.param, _tiny(request.param)


def test_every_parameter_belongs_to_exactly_one_named_part(family):
    name, model = family
    preset = preset_for(model.config.model_type)
    assert preset.name == name  # detected from config.model_type
    groups = split_parameters([n for n, _ in model.named_parameters()], preset)
    assert groups["other"] == []
    assert all(groups[p] for p in ("vision", "projector", "llm")), {k: len(v) for k, v in groups.items()}


def test_freezing_the_vision_tower_freezes_exactly_it(family):
    name, model = family
    preset = get_preset(name)
    freeze(model, preset, ["vision"])
    for n, p in model.named_parameters():
        assert p.requires_grad == (part_of(n, preset) != "vision"), n
    for p in model.parameters():
        p.requires_grad_(True)


def test_lora_targets_cover_linear_layers_of_unfrozen_parts_only(family):
    name, model = family
    preset = get_preset(name)
    cfg = SFTRunConfig(freeze_vision=True)
    regex = lora_target_modules(model, preset, cfg)
    hit = {n for n, m in model.named_modules() if re.match(regex, n)}
    linear = {n for n, m in model.named_modules() if isinstance(m, torch.nn.Linear)}
    head = {n for n, m in model.named_modules() if m is model.get_output_embeddings()}
    assert hit <= linear and not hit & head
    assert {part_of(n, preset) for n in hit} == {"projector", "llm"}
    assert hit == {n for n in linear - head if part_of(n, preset) in ("projector", "llm")}


def test_qwen_merger_is_the_projector_though_it_sits_in_the_vision_tower():
    p = get_preset("qwen2.5-vl")
    assert part_of("model.visual.merger.mlp.0.weight", p) == "projector"
    assert part_of("model.visual.blocks.0.attn.qkv.weight", p) == "vision"
    assert part_of("base_model.model.model.visual.merger.mlp.0.lora_A.default.weight", p) == "projector"  # under peft


def test_all_linear_is_left_to_peft_when_nothing_is_frozen():
    model = _tiny("llava")
    assert lora_target_modules(model, get_preset("llava"), SFTRunConfig()) == "all-linear"
    only_q = lora_target_modules(model, get_preset("llava"), SFTRunConfig(freeze_vision=True, lora_targets=["q_proj"]))
    assert only_q.count("q_proj") == 1 and "k_proj" not in only_q


def test_compact_regex_falls_back_to_names_when_folding_would_overreach():
    names = ["a.layers.0.q", "a.layers.1.q", "b.layers.0.q"]
    assert _compact_regex(names[:2], names) == r"^(?:a\.layers\.\d+\.q)$"
    r = _compact_regex(["a.layers.0.q"], names)  # layer 1 must not be caught by \d+
    assert r == r"^(?:a\.layers\.0\.q)$"


def test_unknown_preset_and_unmatched_freeze_are_user_errors():
    with pytest.raises(UserError, match="unknown preset"):
        get_preset("gpt-5-vision")
    model = _tiny("llava")
    with pytest.raises(UserError, match="cannot freeze vision"):
        freeze(model, get_preset("idefics3"), ["vision"])  # the wrong family's prefixes
    with pytest.raises(UserError, match="nothing left to train"):
        freeze(model, get_preset("llava"), ["vision", "projector", "llm"])

