"""`cit grpo`: GRPO with verifiable rewards on a `cit export --format grpo` dataset."""

from __future__ import annotations

import json
from typing import Optional

import typer

import cit.cli.launching as L

GRPO_CONTEXT = {"allow_extra_args": True, "ignore_unknown_options": True}


def grpo_command(
    ctx: typer.Context,
    data: str = typer.Option(..., "--data", help="A `cit export --format grpo` folder."),
    model: str = typer.Option(..., "--model", help="Hub name or local folder of the VLM (after SFT, typically)."),
    output_dir: str = typer.Option("outputs/grpo", "--output-dir"),
    lora: bool = typer.Option(True, "--lora/--full", help="LoRA adapters on the language model, or full fine-tuning."),
    reward: list[str] = typer.Option([], "--reward", help="accuracy, format, or module:function (repeatable; default accuracy and format)."),
    reward_weight: list[float] = typer.Option([], "--reward-weight", help="One per --reward, in order."),
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
    """GRPO on cit items with rewards from cit's own answer comparison. Extra --options go to trl.GRPOConfig."""
    if L.launched("grpo", launch, run, num_processes, accelerate_config, num_machines, machine_rank, main_process_ip, main_process_port):
        return
    from cit.train.grpo import GRPORunConfig, parse_grpo_args, run_grpo

    cfg = GRPORunConfig(model=model, data=data, output_dir=output_dir, lora=lora, split=split, seed=seed,
                        rewards=reward or ["accuracy", "format"], reward_weights=reward_weight or None,
                        trl=parse_grpo_args(list(ctx.args)))
    result = run_grpo(cfg)
    last = [h for h in result["log_history"] if "reward" in h]
    print(json.dumps({"output_dir": output_dir, "precision": result["precision"],
                      "last_reward": last[-1]["reward"] if last else None}, indent=2))


def calibrate_command(
    run: str = typer.Argument(..., help="A finished run folder."),
    model: str = typer.Option(..., "--model", help="The VLM, as the server (or vLLM) names it."),
    samples: int = typer.Option(8, "--samples", help="Answers per item (K)."),
    backend: str = typer.Option("openai", "--backend", help="openai (any endpoint that accepts images), vllm, or transformers (a checkpoint folder)."),
    base_url: Optional[str] = typer.Option(None, "--base-url"),
    api_key_env: str = typer.Option("OPENAI_API_KEY", "--api-key-env"),
    temperature: float = typer.Option(1.0, "--temperature"),
    concurrency: int = typer.Option(32, "--concurrency", min=1),
) -> None:
    """Answer every item K times with a VLM; store each item's pass rate (resumable, cached)."""
    from cit.train.calibrate import CalibrateOptions, calibrate

    summary = calibrate(CalibrateOptions(run=run, model=model, samples=samples, backend=backend, base_url=base_url,
                                         api_key_env=api_key_env, temperature=temperature, concurrency=concurrency))
    print(json.dumps(summary, indent=2))


def register(app: typer.Typer) -> None:
    app.command("grpo", context_settings=GRPO_CONTEXT)(grpo_command)
    app.command("calibrate")(calibrate_command)
