"""Distil cit data into a VLM with TRL (`cit sft`) and measure it (`cit eval`).

torch, transformers, trl, peft and accelerate are the `[train]` extra. Nothing here
imports them at module level: `import cit.train` stays cheap, and each function that
needs them calls `require_training_extra()` first, which names the missing install
instead of failing with an ImportError deep inside.

Modules:
- config:   the typed `cit sft` config (YAML + CLI), TRL option parsing;
- presets:  per-family knowledge (Qwen2.5-VL, LLaVA-NeXT, Idefics3/SmolVLM, InternVL, LLaVA);
- data:     loading exported / parquet / Hub data, mixing with ratios, the data manifest;
- model:    loading, freezing, LoRA targets;
- sft:      the thin training script (`cit sft`; launched as `python -m cit sft` on every GPU);
- launch:   `accelerate launch` command lines and the shipped accelerate configs;
- scoring, generate, evaluate, report, judge: `cit eval`.
"""

from __future__ import annotations

import importlib.util

from cit.errors import UserError

TRAIN_EXTRA_MSG = "cit sft needs the training extra: pip install 'cit[train]' (install torch first)"
_NEEDED = ("torch", "transformers", "trl", "peft", "accelerate")


def require_training_extra(modules: tuple[str, ...] = _NEEDED) -> None:
    """Raise the one-line install hint when any of `modules` is not importable."""
    missing = [m for m in modules if importlib.util.find_spec(m) is None]
    if missing:
        raise UserError(TRAIN_EXTRA_MSG)
