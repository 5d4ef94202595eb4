"""The seeds' other training stages: `cit clip` (MAVIS stage 1, contrastive chart encoder on
`cit export --format captions`) and `cit align` (Math-PUMA stage 2, KL alignment on
`cit export --format trl --variants`). Extra --options go to transformers.TrainingArguments."""

from __future__ import annotations

import json
from typing import Any, Optional

import typer

import cit.cli.launching as L

CLIP_CONTEXT = {"allow_extra_args": True, "ignore_unknown_options": True}


def _training_args(args: list[str]) -> dict[str, Any]:
    from transformers import TrainingArguments

    from cit.train.launch import typed_options

    values = typed_options(TrainingArguments, args, "cit clip / TrainingArguments")
    values.pop("output_dir", None)
    return values


def clip_command(
    ctx: typer.Context,
    data: str = typer.Option(..., "--data", help="A `cit export --format captions` folder."),
    model: str = typer.Option(..., "--model", help="A CLIP or SigLIP model (Hub name or folder)."),
    output_dir: str = typer.Option("outputs/clip", "--output-dir"),
    hard_negatives: bool = typer.Option(True, "--hard-negatives/--in-batch-only"),
    seed: int = typer.Option(0, "--seed"),
    launch: bool = L.LAUNCH,
    run: bool = L.RUN,
    num_processes: int = L.NUM_PROCESSES,
    accelerate_config: Optional[str] = L.ACCELERATE_CONFIG,
    num_machines: int = L.NUM_MACHINES,
    machine_rank: int = L.MACHINE_RANK,
    main_process_ip: Optional[str] = L.MAIN_PROCESS_IP,
    main_process_port: Optional[int] = L.MAIN_PROCESS_PORT,
) -> None:
    """Contrastive training of a chart encoder (MAVIS CLIP-Math). Extra --options go to TrainingArguments."""
    if L.launched("clip", launch, run, num_processes, accelerate_config, num_machines, machine_rank, main_process_ip, main_process_port):
        return
    from cit.train.clip import ClipOptions, run_clip

    result = run_clip(ClipOptions(model=model, data=data, output_dir=output_dir, hard_negatives=hard_negatives,
                                  seed=seed, trainer=_training_args(list(ctx.args))))
    print(json.dumps({"output_dir": output_dir, "recall_before": result["recall_before"],
                      "recall_after": result["recall_after"]}, indent=2))


def align_command(
    ctx: typer.Context,
    data: str = typer.Option(..., "--data", help="A `cit export --format trl --variants` folder."),
    model: str = typer.Option(..., "--model", help="The VLM (after projector alignment or SFT)."),
    output_dir: str = typer.Option("outputs/align", "--output-dir"),
    kl_weight: float = typer.Option(1.0, "--kl-weight", help="Weight of KL(text-rich || vision-rich) on the answer tokens."),
    sft_weight: float = typer.Option(1.0, "--sft-weight", help="Weight of the SFT loss on both forms."),
    lora: bool = typer.Option(True, "--lora/--full"),
    split: str = typer.Option("train", "--split"),
    seed: int = typer.Option(0, "--seed"),
    launch: bool = L.LAUNCH,
    run: bool = L.RUN,
    num_processes: int = L.NUM_PROCESSES,
    accelerate_config: Optional[str] = L.ACCELERATE_CONFIG,
    num_machines: int = L.NUM_MACHINES,
    machine_rank: int = L.MACHINE_RANK,
    main_process_ip: Optional[str] = L.MAIN_PROCESS_IP,
    main_process_port: Optional[int] = L.MAIN_PROCESS_PORT,
) -> None:
    """KL alignment of the vision-rich form to the text-rich form of each question (Math-PUMA stage 2)."""
    if L.launched("align", launch, run, num_processes, accelerate_config, num_machines, machine_rank, main_process_ip, main_process_port):
        return
    from cit.train.align import AlignOptions, run_align

    result = run_align(AlignOptions(model=model, data=data, output_dir=output_dir, split=split, kl_weight=kl_weight,
                                    sft_weight=sft_weight, lora=lora, seed=seed, trainer=_training_args(list(ctx.args))))
    print(json.dumps({"output_dir": output_dir, "pairs": result["pairs"], "precision": result["precision"]}, indent=2))


def register(app: typer.Typer) -> None:
    app.command("clip", context_settings=CLIP_CONTEXT)(clip_command)
    app.command("align", context_settings=CLIP_CONTEXT)(align_command)
