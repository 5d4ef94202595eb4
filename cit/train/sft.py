"""`cit sft`: supervised fine-tuning of a VLM on cit data with TRL's SFTTrainer.

One GPU (the ReachQA recipe: LoRA r=16 on projector + LLM, lr 2e-5, 1 epoch, batch 1 x 8):

    cit sft --data charts_trl --model llava-hf/llava-v1.6-mistral-7b-hf --output-dir llava-next-charts

Full fine-tuning, vision tower frozen, 8 GPUs with DeepSpeed ZeRO-3 (prints the command; add --run to start it):

    cit sft --config full_ft --data charts_trl --model Qwen/Qwen2.5-VL-7B-Instruct \\
        --launch --num-processes 8 --accelerate-config zero3

The printed command runs the CLI under accelerate with the same arguments:

    accelerate launch --config_file <cit>/train/configs/accelerate/zero3.yaml --num_processes 8 \\
        -m cit sft --config full_ft --data charts_trl --model Qwen/Qwen2.5-VL-7B-Instruct

Two machines with 8 GPUs each (run on both; machine 1 with --machine-rank 1):

    cit sft --data charts_trl --model llava-hf/llava-1.5-7b-hf --launch --run --accelerate-config zero2 \\
        --num-processes 16 --num-machines 2 --machine-rank 0 --main-process-ip 10.0.0.1 --main-process-port 29500

Mix in another dataset in TRL's images + messages layout at 0.3 rows per row of ours,
and override any trl.SFTConfig option:

    cit sft --data charts_trl --model HuggingFaceTB/SmolVLM-Instruct --mix HuggingFaceH4/llava-instruct-mix-vsft:0.3 \\
        --learning_rate 1e-4 --max_steps 500
"""

from __future__ import annotations

import json
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cit.errors import UserError
from cit.io import atomic_write_json, atomic_write_text
from cit.train.config import SFTRunConfig, check_trl_keys, dump_config

CONFIG_FILE = "cit_sft_config.yaml"  # the resolved config; `cit sft --config <it>` repeats the run
MANIFEST_FILE = "data_manifest.json"
RUN_FILE = "cit_sft_run.json"  # TRL arguments, loss masking, parameter counts, versions, metrics


def build_trl_args(cfg: SFTRunConfig, output_dir: Path):
    import warnings

    from trl import SFTConfig

    from cit.train.precision import choose

    values: dict[str, Any] = {"max_length": None, "report_to": "none"}  # cit's defaults: never cut image tokens
    values.update(cfg.trl)
    values, _ = choose(values)  # a bf16 recipe still runs on a machine without bf16 (in fp32)
    values.update(output_dir=str(output_dir), seed=cfg.seed, trust_remote_code=cfg.trust_remote_code)
    try:
        with warnings.catch_warnings():
            # TRL 1.x still spells it gradient_checkpointing; transformers 5 warns about the alias.
            warnings.filterwarnings("ignore", message=".*gradient_checkpointing.*deprecated", category=FutureWarning)
            return SFTConfig(**values)
    except (ValueError, TypeError) as exc:
        raise UserError(f"invalid trl option: {str(exc).splitlines()[0]}") from None


def _versions() -> dict[str, str]:
    import importlib.metadata as md

    out = {}
    for pkg in ("cit", "torch", "transformers", "trl", "peft", "accelerate", "datasets"):
        try:
            out[pkg] = md.version(pkg)
        except md.PackageNotFoundError:
            pass
    return out


def _copy_run_files(src: Path):
    from transformers import TrainerCallback

    class CopyRunFiles(TrainerCallback):
        """Puts the config and data manifest into every checkpoint folder too."""

        def on_save(self, args, state, control, **kwargs):
            if state.is_world_process_zero:
                ckpt = src / f"checkpoint-{state.global_step}"
                for name in (CONFIG_FILE, MANIFEST_FILE):
                    if ckpt.is_dir() and (src / name).exists():
                        shutil.copy2(src / name, ckpt / name)

    return CopyRunFiles()


@dataclass
class Prepared:
    """Everything `run_sft` trains with, ready before the first step."""

    cfg: SFTRunConfig
    trainer: Any  # trl.SFTTrainer
    processor: Any
    output_dir: Path
    manifest: dict[str, Any]
    summary: dict[str, Any]


def prepare(cfg: SFTRunConfig) -> Prepared:
    """Data, model, processor and SFTTrainer for `cfg`; writes the config and data
    manifest into the output folder (main process only)."""
    from cit.train import require_training_extra

    require_training_extra()
    if not cfg.model or not cfg.data:
        raise UserError("cit sft needs --model and --data (or `model:` and `data:` in the config)")
    check_trl_keys(cfg.trl)

    from trl import SFTTrainer

    from cit.train.data import build_datasets, to_prompt_completion
    from cit.train.precision import choose
    from cit.train.model import (
        freeze, frozen_parts, load_model, load_processor, lora_config, loss_masking, parameter_summary, resolve_preset,
    )

    out = cfg.resolved_output_dir()
    # Built before the model is loaded: under DeepSpeed ZeRO-3 the arguments set up the
    # sharded initialisation that from_pretrained then uses.
    args = build_trl_args(cfg, out)
    want_eval = str(getattr(args.eval_strategy, "value", args.eval_strategy)) != "no"
    with args.main_process_first(desc="preparing data"):
        # Data first: a wrong path fails in seconds, before any weights are read.
        train, eval_ds, manifest = build_datasets(cfg.data, cfg.split, cfg.mix, cfg.seed,
                                                  cfg.eval_split if want_eval else None)
    preset = resolve_preset(cfg)
    processor = load_processor(cfg, preset)
    masking = loss_masking(cfg, processor)
    args.assistant_only_loss = masking == "assistant_only_loss"
    args.completion_only_loss = masking == "completion_only_loss"
    if masking == "completion_only_loss":
        with args.main_process_first(desc="prompt/completion"):
            train = to_prompt_completion(train)
            eval_ds = to_prompt_completion(eval_ds) if eval_ds is not None else None
    model = load_model(cfg)
    peft_config = lora_config(model, preset, cfg) if cfg.lora else None
    if not cfg.lora:
        freeze(model, preset, frozen_parts(cfg))

    trainer = SFTTrainer(model=model, args=args, train_dataset=train, eval_dataset=eval_ds,
                         processing_class=processor, peft_config=peft_config, callbacks=[_copy_run_files(out)])
    targets = getattr(peft_config, "target_modules", None)
    summary: dict[str, Any] = {
        "preset": preset.name,
        "loss_masking": masking,
        "frozen": frozen_parts(cfg),
        "lora_target_modules": sorted(targets) if isinstance(targets, (set, frozenset)) else targets,
        "parameters": parameter_summary(trainer.model, preset),
        "precision": choose(dict(cfg.trl))[1],
        "trl_args": json.loads(args.to_json_string()),
        "versions": _versions(),
    }
    if trainer.is_world_process_zero():
        out.mkdir(parents=True, exist_ok=True)
        atomic_write_text(out / CONFIG_FILE, dump_config(cfg))
        atomic_write_json(out / MANIFEST_FILE, manifest)
    return Prepared(cfg, trainer, processor, out, manifest, summary)


def run_sft(cfg: SFTRunConfig) -> dict[str, Any]:
    """Train and save; returns the run summary that is also saved as cit_sft_run.json."""
    p = prepare(cfg)
    trainer, summary = p.trainer, p.summary
    if trainer.is_world_process_zero():
        print(f"precision: {summary['precision']}", file=sys.stderr)
    result = trainer.train(resume_from_checkpoint=trainer.args.resume_from_checkpoint)
    trainer.save_model(str(p.output_dir))
    summary["metrics"] = dict(result.metrics)
    summary["log_history"] = trainer.state.log_history
    if trainer.is_world_process_zero():
        if cfg.lora and cfg.save_merged:
            merged = trainer.model.merge_and_unload()
            merged.save_pretrained(p.output_dir / "merged")
            p.processor.save_pretrained(p.output_dir / "merged")
        atomic_write_json(p.output_dir / RUN_FILE, summary)
    return summary
