"""The `cit sft` config: the shipped ReachQA recipe, layering, and refusing unknown keys."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from cit.cli.app import main as cit_main
from cit.errors import UserError
from cit.train.config import DEFAULT_RECIPE, check_trl_keys, load_sft_config, parse_mix, parse_trl_args


def test_default_config_is_the_reachqa_recipe():
    cfg = load_sft_config()
    assert DEFAULT_RECIPE == "reachqa_lora"
    assert (cfg.lora, cfg.lora_r, cfg.lora_alpha, cfg.lora_dropout, cfg.lora_targets) == (True, 16, 8, 0.05, "all-linear")
    assert cfg.freeze_vision and not cfg.freeze_projector and not cfg.freeze_llm  # LoRA on projector + LLM
    t = cfg.trl
    assert (t["learning_rate"], t["num_train_epochs"], t["per_device_train_batch_size"],
            t["gradient_accumulation_steps"], t["max_length"], t["gradient_checkpointing"]) == (2e-5, 1, 1, 8, None, True)
    check_trl_keys(t)  # every recipe key is a real trl.SFTConfig field


def test_shipped_full_ft_recipe_is_valid():
    cfg = load_sft_config("full_ft")
    assert cfg.lora is False and cfg.freeze_vision
    check_trl_keys(cfg.trl)


def test_unknown_yaml_key_names_the_key_and_the_file(tmp_path: Path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("lora: true\nlora_rank: 8\n")
    with pytest.raises(UserError, match=r"bad\.yaml: lora_rank: unknown key"):
        load_sft_config(str(bad))


def test_unknown_trl_key_in_yaml_is_refused():
    cfg = load_sft_config(overrides={"trl": {"learning_rate": 1e-4, "lerning_rate": 1e-4}})
    with pytest.raises(UserError, match="lerning_rate"):
        check_trl_keys(cfg.trl)


def test_keys_cit_owns_cannot_be_set_through_trl(tmp_path: Path):
    f = tmp_path / "c.yaml"
    f.write_text("trl: {packing: true}\n")
    with pytest.raises(UserError, match="packing.*set by cit"):
        load_sft_config(str(f))
    with pytest.raises(UserError, match="assistant_only_loss.*set by cit"):
        parse_trl_args(["--assistant_only_loss", "true"])


def test_trl_spellings_of_cits_own_settings_set_them():
    cfg = load_sft_config(None, {"output_dir": "a"}, ["--output_dir", "b", "--seed", "7"])
    assert (cfg.output_dir, cfg.seed) == ("b", 7) and "seed" not in cfg.trl and "output_dir" not in cfg.trl


def test_trl_options_are_typed_by_trls_own_parser():
    got = parse_trl_args(["--learning_rate", "1e-4", "--max-steps", "3", "--bf16", "false", "--use_cpu"])
    assert got == {"learning_rate": 1e-4, "max_steps": 3, "bf16": False, "use_cpu": True}
    with pytest.raises(UserError, match="--lerning_rate"):
        parse_trl_args(["--lerning_rate", "1e-4"])


def test_layers_cli_flags_over_yaml_and_trl_options_over_the_recipe(tmp_path: Path):
    f = tmp_path / "c.yaml"
    f.write_text("lora_r: 4\nfreeze_llm: true\ntrl: {learning_rate: 0.1, max_steps: 9}\n")
    cfg = load_sft_config(str(f), {"freeze_llm": False, "model": "m", "preset": None}, ["--max_steps", "2"])
    assert cfg.lora_r == 4 and cfg.freeze_llm is False and cfg.model == "m"
    assert cfg.trl == {"learning_rate": 0.1, "max_steps": 2}


@pytest.mark.parametrize("spec, path, ratio", [("other:0.3", "other", 0.3), ("org/name:2", "org/name", 2.0),
                                               ("/a:b/c:0.5", "/a:b/c", 0.5)])
def test_parse_mix(spec, path, ratio):
    m = parse_mix(spec)
    assert (m.path, m.ratio, m.split) == (path, ratio, "train")


@pytest.mark.parametrize("spec", ["other", "other:", "other:0", "other:-1", ":0.3", "other:x"])
def test_parse_mix_refuses_bad_specs(spec):
    with pytest.raises(UserError, match="PATH:RATIO"):
        parse_mix(spec)


def test_print_config_round_trips_through_the_cli(tmp_path: Path, capsys: pytest.CaptureFixture):
    with pytest.raises(SystemExit) as done:
        cit_main(["sft", "--model", "m", "--data", "d", "--full", "--freeze-llm", "--mix", "x:0.5",
                  "--print-config", "--max_steps", "5"])
    assert done.value.code == 0
    printed = yaml.safe_load(capsys.readouterr().out)
    assert printed["lora"] is False and printed["freeze_llm"] is True and printed["trl"]["max_steps"] == 5
    assert printed["mix"] == [{"path": "x", "ratio": 0.5, "split": "train"}]
    saved = tmp_path / "resolved.yaml"
    saved.write_text(yaml.safe_dump(printed))
    assert load_sft_config(str(saved)).model_dump() == printed  # the printed config is a reusable recipe


def test_bad_cli_input_is_one_line_error(capsys: pytest.CaptureFixture):
    with pytest.raises(SystemExit) as done:
        cit_main(["sft", "--model", "m", "--data", "d", "--print-config", "--max_stepz", "5"])
    assert done.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("error: unknown option(s)") and err.count("\n") == 1


def test_missing_training_data_fails_before_any_model_is_loaded(tmp_path: Path, capsys: pytest.CaptureFixture):
    with pytest.raises(SystemExit) as done:
        # The model does not exist either: the data error must come first, in one line.
        cit_main(["sft", "--model", str(tmp_path / "no-model"), "--data", str(tmp_path / "no-data"), "--use_cpu",
                  "--output-dir", str(tmp_path / "out")])
    assert done.value.code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"error: {tmp_path / 'no-data'} does not exist"]
    assert not (tmp_path / "out").exists()
