"""`--launch`: the `accelerate launch` command that runs a training command on many GPUs.

The launched processes run the CLI itself, `python -m cit <command> ARGS` with the user's own
arguments (the way TRL's CLI launches its scripts), so the library never imports the CLI.

accelerate does the distributed work (DDP, DeepSpeed ZeRO-2/3, FSDP); cit only ships
ready configs and writes the command line. `--num_processes` is the total over all
machines (8 GPUs x 2 machines = 16). Every machine runs the same command except
`--machine_rank`; machine 0 is the one at `--main_process_ip`.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cit.errors import UserError

ACCELERATE_DIR = Path(__file__).resolve().parent / "configs" / "accelerate"
ACCELERATE_CONFIGS = ("ddp", "zero2", "zero3", "fsdp")


@dataclass
class LaunchOptions:
    num_processes: int = 1
    accelerate_config: str | None = None  # ddp | zero2 | zero3 | fsdp | a path to an accelerate YAML
    num_machines: int = 1
    machine_rank: int = 0
    main_process_ip: str | None = None
    main_process_port: int | None = None


def accelerate_config_path(name: str) -> Path:
    if name in ACCELERATE_CONFIGS:
        return ACCELERATE_DIR / f"{name}.yaml"
    p = Path(name)
    if p.is_file():
        return p
    raise UserError(f"--accelerate-config must be one of {', '.join(ACCELERATE_CONFIGS)} or an accelerate YAML file "
                    f"(got '{name}')")


def launch_command(opts: LaunchOptions, args: list[str], command: str = "sft") -> list[str]:
    """argv of the accelerate launch that runs `python -m cit <command> <args>`."""
    if opts.num_processes < 1 or opts.num_machines < 1:
        raise UserError("--num-processes and --num-machines must be at least 1")
    if opts.num_processes < opts.num_machines:
        raise UserError("--num-processes counts processes on all machines together; it cannot be below --num-machines")
    if not 0 <= opts.machine_rank < opts.num_machines:
        raise UserError(f"--machine-rank must be in 0..{opts.num_machines - 1}")
    if opts.num_machines > 1 and not opts.main_process_ip:
        raise UserError("a multi-machine launch needs --main-process-ip (the address of machine rank 0)")
    config = opts.accelerate_config or ("ddp" if opts.num_processes > 1 else None)
    cmd = ["accelerate", "launch"]
    if config:
        cmd += ["--config_file", str(accelerate_config_path(config))]
    cmd += ["--num_processes", str(opts.num_processes)]
    if opts.num_machines > 1:
        cmd += ["--num_machines", str(opts.num_machines), "--machine_rank", str(opts.machine_rank),
                "--main_process_ip", opts.main_process_ip or ""]
        cmd += ["--main_process_port", str(opts.main_process_port or 29500)]
    elif opts.main_process_port:
        cmd += ["--main_process_port", str(opts.main_process_port)]
    return cmd + ["-m", "cit", command, *args]


def render(cmd: list[str]) -> str:
    """One copy-pasteable shell line."""
    return shlex.join(cmd)


def typed_options(cls, args: list[str], what: str) -> dict[str, Any]:
    """Extra command-line options typed by `cls`'s own HfArgumentParser (TrainingArguments,
    trl.SFTConfig, trl.GRPOConfig): only what the user typed comes back."""
    import argparse

    from transformers import HfArgumentParser

    parser = HfArgumentParser(cls)
    for action in parser._actions:
        action.default = argparse.SUPPRESS
        action.required = False
    namespace, rest = parser.parse_known_args(args)
    if rest:
        raise UserError(f"unknown option(s) for {what}: {' '.join(rest)}")
    return vars(namespace)


# Options that say how to launch, not what to train: not passed on to the launched processes.
LAUNCH_FLAGS = {"--launch", "--run"}
LAUNCH_OPTIONS = {"--num-processes", "--accelerate-config", "--num-machines", "--machine-rank", "--main-process-ip",
                  "--main-process-port"}


def training_args(argv: list[str]) -> list[str]:
    """The command line after the command's name, less the launch flags and options."""
    out, skip = [], False
    for arg in argv:
        if skip:
            skip = False
        elif arg in LAUNCH_FLAGS or arg.split("=", 1)[0] in LAUNCH_OPTIONS and "=" in arg:
            continue
        elif arg in LAUNCH_OPTIONS:
            skip = True
        else:
            out.append(arg)
    return out


def launch_from_cli(command: str, opts: LaunchOptions, run: bool, argv: list[str]) -> None:
    """`--launch [--run]` of a training command: print the accelerate command that runs
    `python -m cit <command>` with the user's arguments (`argv`, after the command's name,
    less how to launch), and run it if asked."""
    import subprocess
    import sys

    import typer

    cmd = launch_command(opts, training_args(argv), command=command)
    print(render(cmd))
    if run:
        sys.stdout.flush()
        try:
            raise typer.Exit(subprocess.call(cmd))
        except FileNotFoundError:
            raise UserError("`accelerate` is not on PATH: pip install 'cit[train]'") from None
