"""The `cit sft` config: one typed model, read from YAML and overridden from the CLI.

Layering, lowest first: the recipe file (`--config`, default the shipped ReachQA recipe
`reachqa_lora`), then cit's own CLI flags, then extra TRL options given on the command
line (`--learning_rate 1e-4`, any `trl.SFTConfig` field). Unknown keys are errors at
every layer: a typo in a YAML key, a misspelt TRL option and a TRL option that cit sets
itself all stop the run with a one-line message.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from cit.errors import UserError

CONFIGS_DIR = Path(__file__).resolve().parent / "configs"
DEFAULT_RECIPE = "reachqa_lora"

# TRL options that name one of cit's own settings: on the command line they set it
# (`--output_dir x` is `--output-dir x`); in a YAML `trl:` section they are refused.
_CIT_ALIASES = ("output_dir", "seed", "trust_remote_code")
# TRL options cit decides itself, and the cit setting to use instead.
_OWNED_BY_CIT = {
    "output_dir": "output_dir / --output-dir",
    "seed": "seed",
    "assistant_only_loss": "loss (assistant | all)",
    "completion_only_loss": "loss (assistant | all)",
    "packing": "nothing: packing is not supported for image data",
    "padding_free": "nothing: padding-free batches are not supported for image data",
    "trust_remote_code": "trust_remote_code",
}


class MixSource(BaseModel):
    """Another dataset in TRL's images + messages layout, mixed in at `ratio` rows per
    row of the main training split (0.3: 30 extra rows for every 100 of ours)."""

    model_config = ConfigDict(extra="forbid")

    path: str
    ratio: float = Field(gt=0.0)
    split: str = "train"


class SFTRunConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    model: str | None = None  # a Hub name or a local folder
    data: str | None = None  # a save_to_disk folder, a folder of parquet files, or a Hub dataset
    split: str = "train"
    eval_split: str = "test"  # used when trl.eval_strategy is not "no"
    mix: list[MixSource] = []
    output_dir: str | None = None  # default: ./<model name>-cit-sft
    preset: str | None = None  # None: detected from the model's config
    processor_kwargs: dict[str, Any] = {}  # over the preset's, e.g. {max_pixels: 802816}

    lora: bool = True
    lora_r: int = Field(16, ge=1)
    lora_alpha: int = Field(8, ge=1)
    lora_dropout: float = Field(0.05, ge=0.0, lt=1.0)
    # "all-linear": every linear layer of the parts left unfrozen (never the output head);
    # or an explicit list of module-name suffixes such as [q_proj, v_proj].
    lora_targets: Literal["all-linear"] | list[str] = "all-linear"
    save_merged: bool = False  # LoRA only: also save base + adapter merged (for vLLM serving)

    freeze_vision: bool = False
    freeze_projector: bool = False
    freeze_llm: bool = False
    loss: Literal["assistant", "all"] = "assistant"  # which tokens the loss covers

    dtype: Literal["auto", "bfloat16", "float16", "float32"] = "auto"
    attn_implementation: str | None = None  # e.g. "sdpa", "flash_attention_2"
    trust_remote_code: bool = False
    seed: int = 42
    # Any other trl.SFTConfig field (learning_rate, num_train_epochs, max_steps, bf16, ...).
    trl: dict[str, Any] = {}

    @field_validator("trl")
    @classmethod
    def _not_owned(cls, v: dict[str, Any]) -> dict[str, Any]:
        for key in v:
            if key in _OWNED_BY_CIT:
                raise ValueError(f"'{key}' is set by cit; use {_OWNED_BY_CIT[key]}")
        return v

    def resolved_output_dir(self) -> Path:
        if self.output_dir:
            return Path(self.output_dir)
        name = Path(str(self.model or "model").rstrip("/")).name
        return Path(f"{name}-cit-sft")


def recipe_path(name_or_path: str) -> Path:
    """A YAML path as given, or the name of a recipe shipped in cit/train/configs/."""
    p = Path(name_or_path)
    if p.is_file():
        return p
    shipped = CONFIGS_DIR / f"{name_or_path.removesuffix('.yaml')}.yaml"
    if shipped.is_file():
        return shipped
    names = sorted(f.stem for f in CONFIGS_DIR.glob("*.yaml"))
    raise UserError(f"config '{name_or_path}' is neither a file nor a shipped recipe ({', '.join(names)})")


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text()) or {}
    except yaml.YAMLError as exc:
        raise UserError(f"{path} is not valid YAML: {str(exc).splitlines()[0]}") from None
    if not isinstance(data, dict):
        raise UserError(f"{path} must hold a mapping of config keys")
    return data


def _validate(data: dict[str, Any], where: str) -> SFTRunConfig:
    try:
        return SFTRunConfig.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = ".".join(str(x) for x in err["loc"]) or "config"
        msg = "unknown key" if err["type"] == "extra_forbidden" else err["msg"]
        raise UserError(f"{where}: {loc}: {msg}") from None


def load_sft_config(config: str | None = None, overrides: dict[str, Any] | None = None,
                    trl_args: list[str] | None = None) -> SFTRunConfig:
    """The recipe (`config`, default the ReachQA recipe) with CLI `overrides` (None values
    are ignored) and extra TRL command-line options on top."""
    path = recipe_path(config or DEFAULT_RECIPE)
    data = _read_yaml(path)
    _validate(data, str(path))  # so a bad key in the file is reported with the file's name
    for key, value in (overrides or {}).items():
        if value is not None:
            data[key] = value
    if trl_args:
        parsed = parse_trl_args(trl_args)
        for key in _CIT_ALIASES:
            if key in parsed:
                data[key] = parsed.pop(key)
        data["trl"] = {**(data.get("trl") or {}), **parsed}
    return _validate(data, "cit sft")


def parse_mix(spec: str) -> MixSource:
    """`PATH:RATIO` (the last colon splits, so Hub names and paths keep theirs)."""
    path, sep, ratio = spec.rpartition(":")
    try:
        value = float(ratio) if sep else float("nan")
    except ValueError:
        value = float("nan")
    if not sep or not path or not value > 0:
        raise UserError(f"--mix expects PATH:RATIO with a positive ratio, e.g. other_data:0.3 (got '{spec}')")
    return MixSource(path=path, ratio=value)


def parse_trl_args(args: list[str]) -> dict[str, Any]:
    """Extra command-line options as typed `trl.SFTConfig` values, parsed by the same
    argument parser TRL's own scripts use (so `--bf16`, `--no_bf16`, `--max_length 4096`
    and `--learning-rate 1e-4` all work)."""
    from cit.train import require_training_extra

    require_training_extra(("transformers", "trl"))
    from trl import SFTConfig

    from cit.train.launch import typed_options

    values = typed_options(SFTConfig, args, "cit sft / trl.SFTConfig")
    for key in values:
        if key in _OWNED_BY_CIT and key not in _CIT_ALIASES:
            raise UserError(f"'--{key}' is set by cit; use {_OWNED_BY_CIT[key]}")
    return values


def check_trl_keys(trl: dict[str, Any]) -> None:
    """Refuse YAML `trl:` keys that are not trl.SFTConfig fields."""
    import dataclasses

    from trl import SFTConfig

    known = {f.name for f in dataclasses.fields(SFTConfig)}
    unknown = sorted(set(trl) - known)
    if unknown:
        raise UserError(f"unknown trl option(s) in config: {', '.join(unknown)} (not trl.SFTConfig fields)")


def dump_config(cfg: SFTRunConfig) -> str:
    return yaml.safe_dump(cfg.model_dump(mode="json"), sort_keys=False)
