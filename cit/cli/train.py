"""`cit sft` and `cit eval`: fine-tune a VLM on cit data with TRL, then score it.

Both import torch and friends only inside the command, so `cit --help` stays light.
"""

from __future__ import annotations

import json
from typing import Optional

import typer

import cit.cli.launching as L

# Unknown options pass through to trl.SFTConfig (`--learning_rate 1e-4`, `--max_steps 10`).
SFT_CONTEXT = {"allow_extra_args": True, "ignore_unknown_options": True}


def sft_command(
    ctx: typer.Context,
    data: Optional[str] = typer.Option(None, "--data", help="Exported folder, parquet folder, or Hub dataset."),
    model: Optional[str] = typer.Option(None, "--model", help="Hub name or local folder of the VLM."),
    config: Optional[str] = typer.Option(None, "--config", help="Recipe YAML or a shipped recipe name (reachqa_lora, full_ft). Default: reachqa_lora."),
    lora: Optional[bool] = typer.Option(None, "--lora/--full", help="LoRA adapters, or full fine-tuning."),
    output_dir: Optional[str] = typer.Option(None, "--output-dir", help="Where the checkpoint goes."),
    freeze_vision: Optional[bool] = typer.Option(None, "--freeze-vision/--train-vision"),
    freeze_projector: Optional[bool] = typer.Option(None, "--freeze-projector/--train-projector"),
    freeze_llm: Optional[bool] = typer.Option(None, "--freeze-llm/--train-llm"),
    preset: Optional[str] = typer.Option(None, "--preset", help="qwen2.5-vl, llava-next, idefics3, smolvlm, internvl, llava (default: from the model)."),
    loss: Optional[str] = typer.Option(None, "--loss", help="assistant (reply tokens only) or all."),
    mix: list[str] = typer.Option([], "--mix", help="PATH:RATIO, another images+messages dataset (repeatable)."),
    print_config: bool = typer.Option(False, "--print-config", help="Print the resolved config and stop."),
    launch: bool = L.LAUNCH,
    run: bool = L.RUN,
    num_processes: int = L.NUM_PROCESSES,
    accelerate_config: Optional[str] = L.ACCELERATE_CONFIG,
    num_machines: int = L.NUM_MACHINES,
    machine_rank: int = L.MACHINE_RANK,
    main_process_ip: Optional[str] = L.MAIN_PROCESS_IP,
    main_process_port: Optional[int] = L.MAIN_PROCESS_PORT,
) -> None:
    """Fine-tune a VLM on cit data with TRL (LoRA or full). Extra --options go to trl.SFTConfig."""
    from cit.train.config import dump_config, load_sft_config, parse_mix

    mixes = [parse_mix(m) for m in mix]
    overrides = {"data": data, "model": model, "output_dir": output_dir, "preset": preset, "loss": loss, "lora": lora,
                 "freeze_vision": freeze_vision, "freeze_projector": freeze_projector, "freeze_llm": freeze_llm,
                 "mix": [m.model_dump() for m in mixes] or None}
    if launch:
        load_sft_config(config, overrides)  # cit's own keys are checked here; TRL options where it runs
    if L.launched("sft", launch, run, num_processes, accelerate_config, num_machines, machine_rank, main_process_ip, main_process_port):
        return
    cfg = load_sft_config(config, overrides, ctx.args)
    if print_config:
        print(dump_config(cfg), end="")
        return
    from cit.train.sft import run_sft

    summary = run_sft(cfg)
    print(json.dumps({"output_dir": str(cfg.resolved_output_dir()), "loss_masking": summary["loss_masking"],
                      "metrics": summary["metrics"]}, indent=2))


def eval_command(
    model: str = typer.Option(..., "--model", help="Checkpoint folder (transformers) or served model name (openai/vllm)."),
    data: str = typer.Option(..., "--data", help="Exported folder, parquet folder, or Hub dataset."),
    backend: str = typer.Option("transformers", "--backend", help="transformers, vllm or openai."),
    split: str = typer.Option("test", "--split"),
    limit: Optional[int] = typer.Option(None, "--limit", min=1, help="Score only the first N items."),
    out: Optional[str] = typer.Option(None, "--out", help="Report folder (default: <model>/eval-<split>)."),
    batch_size: int = typer.Option(8, "--batch-size", min=1),
    max_new_tokens: int = typer.Option(512, "--max-new-tokens", min=1),
    base_url: Optional[str] = typer.Option(None, "--base-url", help="openai backend: server URL."),
    api_key_env: str = typer.Option("OPENAI_API_KEY", "--api-key-env"),
    judge: Optional[str] = typer.Option(None, "--judge", help="Also score with this LLM as judge (off by default)."),
    judge_base_url: Optional[str] = typer.Option(None, "--judge-base-url"),
    judge_api_key_env: str = typer.Option("OPENAI_API_KEY", "--judge-api-key-env"),
) -> None:
    """Answer the held-out split and score relaxed accuracy and exact match by kind and chart type."""
    from cit.train.evaluate import EvalOptions, run_eval

    opts = EvalOptions(model=model, data=data, backend=backend, split=split, limit=limit, out=out,
                       batch_size=batch_size, max_new_tokens=max_new_tokens, base_url=base_url,
                       api_key_env=api_key_env, judge=judge, judge_base_url=judge_base_url,
                       judge_api_key_env=judge_api_key_env)
    report = run_eval(opts)
    print(json.dumps({"out": report["out"], "overall": report["overall"]}, indent=2))


def register(app: typer.Typer) -> None:
    app.command("sft", context_settings=SFT_CONTEXT)(sft_command)
    app.command("eval")(eval_command)
