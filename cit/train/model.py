"""Loading the VLM and processor, freezing parts, choosing LoRA targets, choosing the loss mask.

Freezing means the same thing in both modes: a frozen part is not trained. With full
fine-tuning its parameters get `requires_grad=False`; with LoRA it gets no adapters
(peft freezes every base weight anyway), so "all-linear" covers the linear layers of the
parts left unfrozen.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from cit.errors import UserError
from cit.train.config import SFTRunConfig
from cit.train.presets import PARTS, Preset, part_of, preset_for

_DTYPES = {"auto": "auto", "bfloat16": "bfloat16", "float16": "float16", "float32": "float32"}


def model_config(name_or_path: str):
    """The model's transformers config, or one line saying why it cannot be loaded."""
    from transformers import AutoConfig

    try:
        return AutoConfig.from_pretrained(name_or_path)
    except (OSError, ValueError) as exc:
        raise UserError(f"cannot load model '{name_or_path}': {str(exc).splitlines()[0]}") from None


def model_type_of(name_or_path: str, trust_remote_code: bool = False) -> str | None:
    """config.model_type without loading weights."""
    local = Path(name_or_path) / "config.json"
    if local.is_file():
        return json.loads(local.read_text()).get("model_type")
    from transformers import AutoConfig

    try:
        return AutoConfig.from_pretrained(name_or_path, trust_remote_code=trust_remote_code).model_type
    except Exception as exc:
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise UserError(f"cannot read the config of model '{name_or_path}': {first}") from None


def _model_ref(name: str) -> str:
    # A local folder is stored absolute, so an adapter saved from it finds its base from anywhere.
    p = Path(name).expanduser()
    return str(p.resolve()) if p.exists() else name


def load_processor(cfg: SFTRunConfig, preset: Preset):
    from transformers import AutoProcessor, ProcessorMixin

    kwargs = {**preset.processor_kwargs, **cfg.processor_kwargs}
    try:
        processor = AutoProcessor.from_pretrained(_model_ref(cfg.model), trust_remote_code=cfg.trust_remote_code, **kwargs)
    except ImportError as exc:
        hint = " (this family's processor needs torchvision)" if preset.needs_torchvision or "torchvision" in str(exc) else ""
        raise UserError(f"cannot load the processor of '{cfg.model}'{hint}: {str(exc).splitlines()[0]}") from None
    if not isinstance(processor, ProcessorMixin):
        raise UserError(f"'{cfg.model}' ships a tokenizer, not a multimodal processor: is it a vision-language model?")
    return processor


def load_model(cfg: SFTRunConfig):
    from transformers import AutoModelForImageTextToText

    kwargs: dict[str, Any] = {"dtype": _DTYPES[cfg.dtype], "trust_remote_code": cfg.trust_remote_code}
    if cfg.attn_implementation:
        kwargs["attn_implementation"] = cfg.attn_implementation
    try:
        return AutoModelForImageTextToText.from_pretrained(_model_ref(cfg.model), **kwargs)
    except ValueError as exc:
        if "Unrecognized configuration class" in str(exc):
            raise UserError(f"'{cfg.model}' is not an image-text-to-text model transformers can load "
                            "(AutoModelForImageTextToText)") from None
        raise


def frozen_parts(cfg: SFTRunConfig) -> list[str]:
    return [p for p, frozen in zip(PARTS, (cfg.freeze_vision, cfg.freeze_projector, cfg.freeze_llm)) if frozen]


def _check_parts_exist(model, preset: Preset, parts: list[str]) -> None:
    found = {part_of(n, preset) for n, _ in model.named_parameters()}
    missing = [p for p in parts if p not in found]
    if missing:
        raise UserError(f"cannot freeze {', '.join(missing)}: no parameters of {type(model).__name__} match preset "
                        f"'{preset.name}' ({'; '.join(f'{p}: {preset.prefixes(p)}' for p in missing)}); pick --preset")


def freeze(model, preset: Preset, parts: list[str]) -> None:
    """requires_grad=False on every parameter of `parts` (full fine-tuning)."""
    _check_parts_exist(model, preset, parts)
    for name, param in model.named_parameters():
        if part_of(name, preset) in parts:
            param.requires_grad_(False)
    if not any(p.requires_grad for p in model.parameters()):
        raise UserError("every part is frozen: nothing left to train")


def _output_head_names(model) -> set[str]:
    out = model.get_output_embeddings()
    return {n for n, m in model.named_modules() if out is not None and m is out}


def lora_target_modules(model, preset: Preset, cfg: SFTRunConfig) -> str | list[str]:
    """peft `target_modules` for the unfrozen parts: "all-linear" when nothing is frozen,
    else a regex over exactly the linear layers of the trainable parts."""
    from torch import nn

    frozen = frozen_parts(cfg)
    _check_parts_exist(model, preset, frozen)
    if cfg.lora_targets == "all-linear" and not frozen:
        return "all-linear"
    wanted_leaves = None if cfg.lora_targets == "all-linear" else set(cfg.lora_targets)
    heads = _output_head_names(model)
    chosen = [n for n, m in model.named_modules()
              if isinstance(m, nn.Linear) and n not in heads
              and (part_of(n, preset) or "other") not in frozen
              and (wanted_leaves is None or n.rsplit(".", 1)[-1] in wanted_leaves)]
    if not chosen:
        raise UserError("no linear layer is left for LoRA in the unfrozen parts"
                        + (f" matching {sorted(wanted_leaves)}" if wanted_leaves else ""))
    return _compact_regex(chosen, [n for n, _ in model.named_modules()])


def _compact_regex(chosen: list[str], all_names: list[str]) -> str:
    """A regex matching exactly `chosen` among `all_names`, with layer numbers folded to
    \\d+ so a 32-layer model gives a handful of alternatives, not hundreds."""
    folded = sorted({r"\.\d+\.".join(re.escape(s) for s in re.split(r"\.\d+\.", n)) for n in chosen})
    regex = "^(?:" + "|".join(folded) + ")$"
    pattern = re.compile(regex)
    if {n for n in all_names if pattern.match(n)} == set(chosen):
        return regex
    return "^(?:" + "|".join(re.escape(n) for n in chosen) + ")$"


def lora_config(model, preset: Preset, cfg: SFTRunConfig):
    from peft import LoraConfig

    return LoraConfig(r=cfg.lora_r, lora_alpha=cfg.lora_alpha, lora_dropout=cfg.lora_dropout,
                      target_modules=lora_target_modules(model, preset, cfg), task_type="CAUSAL_LM", bias="none")


def parameter_summary(model, preset: Preset) -> dict[str, dict[str, int]]:
    """Trainable and total parameter counts per part (after peft wrapping too)."""
    out: dict[str, dict[str, int]] = {}
    for name, p in model.named_parameters():
        part = "lora" if "lora_" in name else (part_of(name, preset) or "other")
        d = out.setdefault(part, {"trainable": 0, "total": 0})
        d["total"] += p.numel()
        d["trainable"] += p.numel() if p.requires_grad else 0
    return out


def loss_masking(cfg: SFTRunConfig, processor) -> str:
    """How "loss on the assistant reply only" is done for this processor:
    - "assistant_only_loss": the chat template has `{% generation %}` markers, or TRL
      ships a training template for it (Qwen2.5-VL, LLaVA-NeXT, Idefics3, SmolVLM, ...);
    - "completion_only_loss": otherwise; rows become prompt/completion and TRL masks the prompt;
    - "none": `loss: all`, every token counts."""
    if cfg.loss == "all":
        return "none"
    from trl.chat_template_utils import get_training_chat_template

    try:
        get_training_chat_template(processor)
    except (ValueError, TypeError):
        return "completion_only_loss"
    return "assistant_only_loss"


def resolve_preset(cfg: SFTRunConfig) -> Preset:
    return preset_for(model_type_of(_model_ref(cfg.model), cfg.trust_remote_code), cfg.preset)
