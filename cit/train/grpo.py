"""`cit grpo`: reinforcement learning with verifiable rewards on cit items, with TRL's GRPOTrainer.

The data is `cit export --format grpo`: each row's prompt asks for <think>/<answer>, and
carries the item's solution, answer type and tolerances. The rewards (cit.train.rewards)
compare answers exactly as verification does. Any trl.GRPOConfig option passes through
(`--num_generations 8 --max_completion_length 512 --use_vllm`).

    cit grpo --data charts_grpo --model Qwen/Qwen2.5-VL-7B-Instruct --output-dir grpo-out \\
        --num_generations 8 --max_steps 500

Several GPUs or machines: `--launch [--run]`, as `cit sft`.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import Any, Callable

import yaml
from pydantic import BaseModel, ConfigDict, Field

from cit.errors import UserError
from cit.io import atomic_write_text

CONFIG_FILE = "cit_grpo_config.yaml"
NEEDED = ("prompt", "image", "solution", "answer_type")
BUILT_IN = {"accuracy": "cit.train.rewards:accuracy_reward", "format": "cit.train.rewards:format_reward"}


class GRPORunConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    model: str
    data: str
    output_dir: str = "outputs/grpo"
    split: str = "train"
    lora: bool = True
    lora_r: int = Field(16, ge=1)
    rewards: list[str] = ["accuracy", "format"]  # names above, or "package.module:function"
    reward_weights: list[float] | None = None
    seed: int = 0
    trl: dict[str, Any] = Field(default_factory=dict)  # any trl.GRPOConfig option


def load_reward(spec: str) -> Callable:
    """A reward by name ("accuracy", "format") or dotted path ("my.module:fn" or "my.module.fn")."""
    path = BUILT_IN.get(spec, spec)
    module, _, name = path.partition(":") if ":" in path else path.rpartition(".")
    try:
        fn = getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError, ValueError):
        raise UserError(f"unknown reward '{spec}': use accuracy, format, or a dotted path to a function") from None
    if not callable(fn):
        raise UserError(f"reward '{spec}' is not a function")
    return fn


def parse_grpo_args(args: list[str]) -> dict[str, Any]:
    """Extra command-line options as typed trl.GRPOConfig values (TRL's own parser)."""
    from trl import GRPOConfig

    from cit.train.launch import typed_options

    values = typed_options(GRPOConfig, args, "cit grpo / trl.GRPOConfig")
    if "output_dir" in values:
        raise UserError("'--output_dir' is set by cit; use --output-dir")
    return values


def _load_data(cfg: GRPORunConfig):
    from datasets import DatasetDict, load_from_disk

    if not Path(cfg.data).exists():
        raise UserError(f"{cfg.data} does not exist")
    try:
        ds = load_from_disk(cfg.data)
    except (FileNotFoundError, ValueError) as exc:
        raise UserError(f"{cfg.data} is not a saved dataset ({str(exc).splitlines()[0]})") from None
    if isinstance(ds, DatasetDict):
        if cfg.split not in ds:
            raise UserError(f"{cfg.data} has no split '{cfg.split}' (has {', '.join(ds)})")
        ds = ds[cfg.split]
    missing = [c for c in NEEDED if c not in ds.column_names]
    if missing:
        raise UserError(f"{cfg.data} lacks the column(s) {', '.join(missing)}: export it with `cit export --format grpo`")
    return ds


def _vllm_installed() -> bool:
    import importlib.util

    return importlib.util.find_spec("vllm") is not None


def run_grpo(cfg: GRPORunConfig) -> dict[str, Any]:
    """Train; returns the last logged metrics. Data, rewards and options fail before any weights load."""
    from cit.train import require_training_extra

    require_training_extra()
    ds = _load_data(cfg)
    rewards = [load_reward(r) for r in cfg.rewards]
    if cfg.reward_weights is not None and len(cfg.reward_weights) != len(rewards):
        raise UserError(f"{len(cfg.reward_weights)} reward weights for {len(rewards)} rewards")

    from transformers import AutoModelForImageTextToText
    from trl import GRPOConfig, GRPOTrainer

    from cit.train.model import model_config
    from cit.train.precision import choose

    kind = model_config(cfg.model)
    if getattr(kind, "vision_config", None) is None:
        raise UserError(f"'{cfg.model}' is not a vision-language model (its config has no vision part)")
    values = {"report_to": "none", "seed": cfg.seed, **cfg.trl}
    if "use_vllm" not in values and _vllm_installed():  # generation is most of a GRPO step: vLLM when it is there
        values.update(use_vllm=True, vllm_mode=values.get("vllm_mode", "colocate"))
    if cfg.reward_weights is not None:
        values["reward_weights"] = cfg.reward_weights
    values, why = choose(values)
    print(f"precision: {why}", file=sys.stderr)
    try:
        args = GRPOConfig(output_dir=cfg.output_dir, **values)
    except (TypeError, ValueError) as exc:
        raise UserError(f"invalid trl option: {str(exc).splitlines()[0]}") from None
    # The model family's preset, as `cit sft` uses it: processor settings, the LoRA targets
    # (language model and projector; the vision tower stays as SFT left it).
    from cit.train.config import SFTRunConfig
    from cit.train.model import load_processor, lora_config, resolve_preset

    sft_view = SFTRunConfig(model=cfg.model, data=cfg.data, lora_r=cfg.lora_r, lora_alpha=2 * cfg.lora_r,
                            freeze_vision=True)
    preset = resolve_preset(sft_view)
    processor = load_processor(sft_view, preset)
    model = AutoModelForImageTextToText.from_pretrained(cfg.model)
    peft_config = lora_config(model, preset, sft_view) if cfg.lora else None
    trainer = GRPOTrainer(model=model, reward_funcs=rewards, args=args, train_dataset=ds,
                          processing_class=processor, peft_config=peft_config)
    out = Path(cfg.output_dir)
    if trainer.is_world_process_zero():
        out.mkdir(parents=True, exist_ok=True)
        atomic_write_text(out / CONFIG_FILE, yaml.safe_dump({**cfg.model_dump(mode="json"), "precision": why}, sort_keys=False))
    trainer.train()
    trainer.save_model(str(out))
    if trainer.is_world_process_zero():
        processor.save_pretrained(str(out))
    return {"log_history": trainer.state.log_history, "precision": why}
