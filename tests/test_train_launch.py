"""`cit sft --launch`: the accelerate command line, checked by accelerate's own launcher.

The rendered command is parsed and validated by `accelerate launch`'s real argument
parser and config loader (no GPU needed for that), so each shipped config is known to
select the engine it names, and multi-node flags reach accelerate intact.
"""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest

from cit.cli.app import main as cit_main
from cit.errors import UserError
from cit.train.launch import ACCELERATE_CONFIGS, LaunchOptions, accelerate_config_path, launch_command

pytestmark = pytest.mark.slow  # end to end: left out of the quick loop (pytest -m "not slow")


def _accelerate_view(cmd: list[str]):
    """What `accelerate launch` makes of our command (its parser + config file + checks)."""
    from accelerate.commands.launch import _validate_launch_command, launch_command_parser

    assert cmd[:2] == ["accelerate", "launch"]
    args = launch_command_parser().parse_args(cmd[2:])
    args, _, _ = _validate_launch_command(args)
    return args


@pytest.mark.parametrize("name, engine", [("ddp", "multi_gpu"), ("zero2", "use_deepspeed"), ("zero3", "use_deepspeed"),
                                          ("fsdp", "use_fsdp")])
def test_each_shipped_config_selects_its_engine(name: str, engine: str):
    from accelerate.commands.config.config_args import load_config_from_file

    load_config_from_file(str(accelerate_config_path(name)))  # refuses unknown keys
    args = _accelerate_view(launch_command(LaunchOptions(num_processes=4, accelerate_config=name), ["--data", "d"]))
    flags = {"multi_gpu": args.multi_gpu, "use_deepspeed": args.use_deepspeed, "use_fsdp": args.use_fsdp}
    assert [k for k, v in flags.items() if v] == [engine]
    assert args.num_processes == 4 and args.mixed_precision == "bf16"
    assert args.module and args.training_script == "cit" and args.training_script_args == ["sft", "--data", "d"]
    if name.startswith("zero"):
        assert int(args.zero_stage) == int(name[-1])
    if name == "fsdp":
        assert str(args.fsdp_version) == "2" and args.fsdp_auto_wrap_policy == "TRANSFORMER_BASED_WRAP"


def test_multi_node_flags_reach_accelerate():
    opts = LaunchOptions(num_processes=16, accelerate_config="zero3", num_machines=2, machine_rank=1,
                         main_process_ip="10.0.0.1", main_process_port=29501)
    args = _accelerate_view(launch_command(opts, ["--model", "m"]))
    assert (args.num_processes, args.num_machines, args.machine_rank) == (16, 2, 1)
    assert (args.main_process_ip, args.main_process_port) == ("10.0.0.1", 29501)


def test_multi_gpu_without_a_config_defaults_to_ddp():
    cmd = launch_command(LaunchOptions(num_processes=2), [])
    assert cmd[cmd.index("--config_file") + 1] == str(accelerate_config_path("ddp"))
    assert "--config_file" not in launch_command(LaunchOptions(num_processes=1), [])


@pytest.mark.parametrize("opts, message", [
    (LaunchOptions(num_processes=16, num_machines=2), "main-process-ip"),
    (LaunchOptions(num_processes=16, num_machines=2, machine_rank=2, main_process_ip="h"), "machine-rank"),
    (LaunchOptions(num_processes=1, num_machines=2, main_process_ip="h"), "cannot be below"),
    (LaunchOptions(num_processes=2, accelerate_config="zero4"), "accelerate-config"),
])
def test_bad_launch_options_are_user_errors(opts: LaunchOptions, message: str):
    with pytest.raises(UserError, match=message):
        launch_command(opts, [])


def test_cli_prints_a_command_that_repeats_the_users_training_arguments(capsys: pytest.CaptureFixture):
    with pytest.raises(SystemExit) as done:
        cit_main(["sft", "--data", "my data", "--model", "m", "--full", "--freeze-vision", "--mix", "o:0.3",
                  "--launch", "--num-processes", "8", "--accelerate-config", "fsdp", "--learning_rate", "1e-4"])
    assert done.value.code == 0
    cmd = shlex.split(capsys.readouterr().out.strip())
    args = _accelerate_view(cmd)
    assert args.use_fsdp and args.num_processes == 8
    assert args.module and args.training_script == "cit"
    assert args.training_script_args == ["sft", "--data", "my data", "--model", "m", "--full",
                                         "--freeze-vision", "--mix", "o:0.3", "--learning_rate", "1e-4"]


def test_accelerate_configs_ship_inside_the_package():
    for name in ACCELERATE_CONFIGS:
        path = accelerate_config_path(name)
        assert path.is_file() and Path(__file__).resolve().parents[1] / "cit" in path.parents
