"""`--launch [--run]` and accelerate's settings, which every training command takes (sft,
grpo, clip, align): declared once here, and handed to `cit.train.launch` by one call."""

from __future__ import annotations

import typer

from cit.errors import UserError

LAUNCH = typer.Option(False, "--launch", help="Print the accelerate launch command instead of training here.")
RUN = typer.Option(False, "--run", help="With --launch: also execute it.")
NUM_PROCESSES = typer.Option(1, "--num-processes", help="Processes (GPUs) over all machines.")
ACCELERATE_CONFIG = typer.Option(None, "--accelerate-config", help="ddp, zero2, zero3, fsdp or a YAML path.")
NUM_MACHINES = typer.Option(1, "--num-machines")
MACHINE_RANK = typer.Option(0, "--machine-rank")
MAIN_PROCESS_IP = typer.Option(None, "--main-process-ip")
MAIN_PROCESS_PORT = typer.Option(None, "--main-process-port")


def launched(command: str, launch: bool, run: bool, num_processes: int, accelerate_config: str | None,
             num_machines: int, machine_rank: int, main_process_ip: str | None, main_process_port: int | None) -> bool:
    """With --launch, print (and with --run, start) the accelerate command that runs
    `python -m cit <command>` with the user's arguments, and say so: the caller stops there."""
    if not launch:
        if run:
            raise UserError("--run only goes with --launch")
        return False
    from cit.cli.argv import user_args
    from cit.train.launch import LaunchOptions, launch_from_cli

    launch_from_cli(command, LaunchOptions(num_processes, accelerate_config, num_machines, machine_rank,
                                           main_process_ip, main_process_port), run, user_args(command))
    return True
