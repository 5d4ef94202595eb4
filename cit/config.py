"""The run config: typed, loaded from YAML, overridden from the CLI, saved with every run.

Every section refuses unknown keys, so a typo in a YAML file is an error that names the
key, not a silently ignored setting.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from cit.errors import UserError
from cit.executor.config import ExecutorConfig
from cit.llm.config import LLMConfig
from cit.qa.config import QAConfig
from cit.synth.config import SynthConfig


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid")


class EngineConfig(_Section):
    """The built-in chart engine (generator "template")."""

    types: list[str] | None = None  # chart types ("bar.stacked") or families ("bar"); None: all
    libraries: list[str] | None = None  # matplotlib, seaborn, plotly; None: all
    topics: list[str] | None = None  # topic domains; None: the whole pool


class EvolveConfig(_Section):
    """Turning easy charts into hard ones (both generators)."""

    rate: float = Field(0.5, ge=0.0, le=1.0)  # share of first-generation charts that get evolved
    generations: int = Field(1, ge=0)  # evolution steps per evolved chart
    directions: list[str] = ["more-data", "visual-elements", "overlay", "subplot"]


class ValidateConfig(_Section):
    min_width: int = 200
    min_height: int = 150
    max_aspect: float = 4.0  # long side / short side
    min_nonbackground: float = 0.02  # share of pixels that differ from the background
    # Overlapping text pairs and texts cut off by the canvas (matplotlib figures, counted from
    # the figure's own text artists) above which a chart is rejected; None: record, keep.
    max_text_overlaps: int | None = 0
    max_clipped_texts: int | None = 0


class DedupConfig(_Section):
    code_hash: bool = True
    minhash_threshold: float = Field(0.9, gt=0, le=1)  # Jaccard over code tokens; >= this is a near duplicate
    phash_distance: int = Field(4, ge=0, le=64)  # Hamming distance of 64-bit perceptual hashes; <= this is a duplicate


class FilterConfig(_Section):
    min_qa: int = 1  # a chart with fewer surviving Q&A is rejected
    require_verified: bool = True  # drop Q&A whose status is not "verified"


class RayConfig(_Section):
    """Where the sandbox work runs. How a run is spread never changes what it makes: every
    key here may differ on resume."""

    enabled: bool = False  # run the sandbox work (rendering, answer programs) on a Ray cluster
    # HOST:PORT of the cluster's head; None: $RAY_ADDRESS, a `ray start` cluster on this
    # machine, or a new local one (what ray.init does without an address).
    address: str | None = None
    actors: int | None = Field(None, ge=1)  # sandbox actors, each with a warm pool; None: one per node
    actor_cpus: float = Field(1.0, gt=0)  # CPUs each actor reserves in Ray's accounting


class RunConfig(_Section):
    out: Path = Path("outputs/run")
    n: int = Field(100, ge=1)  # first-generation charts to attempt
    seed: int = 0
    generator: Literal["template", "llm"] = "template"
    # The stage list; None means the generator's default pipeline (see cit.runner.PIPELINES).
    # A name may appear more than once (render again after evolution); each place is its own
    # instance, and `{dedup: {phash_distance: 2}}` gives one place its own settings.
    stages: list[str | dict[str, dict[str, Any]]] | None = None
    chunk_size: int = Field(32, ge=1)  # records committed together; a crash loses at most one chunk of work
    # Indices are grouped in blocks: dedup and the example pool compare records inside their
    # block as they are made, and with earlier blocks at commit (see cit.shards, cit.blocks).
    # Shards are made of whole blocks.
    block_size: int = Field(1024, ge=1)
    shard: str | None = None  # "I/N": this run makes shard I of N (cit merge joins them)
    prompts: Path | None = None  # a folder layered over the built-in prompts/
    seeds: Path | None = None  # extra seed programs for Self-Instruct
    engine: EngineConfig = EngineConfig()
    evolve: EvolveConfig = EvolveConfig()
    synth: SynthConfig = SynthConfig()  # the LLM generator (generator "llm")
    executor: ExecutorConfig = ExecutorConfig()
    validate_: ValidateConfig = Field(ValidateConfig(), alias="validate")
    dedup: DedupConfig = DedupConfig()
    qa: QAConfig = QAConfig()
    filter: FilterConfig = FilterConfig()
    llm: LLMConfig = LLMConfig()
    ray: RayConfig = RayConfig()

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    def to_yaml(self) -> str:
        data = self.model_dump(mode="json", by_alias=True)
        return yaml.safe_dump(data, sort_keys=False)


def _format_validation_error(exc: ValidationError, source: str) -> str:
    first = exc.errors()[0]
    where = ".".join(str(p) for p in first["loc"]) or "(top level)"
    if first["type"] == "extra_forbidden":
        return f"{source}: unknown key '{where}'"
    return f"{source}: {where}: {first['msg']}"


def _set_dotted(data: dict[str, Any], dotted: str, value: Any) -> None:
    keys = dotted.split(".")
    node = data
    for k in keys[:-1]:
        node = node.setdefault(k, {})
        if not isinstance(node, dict):
            raise UserError(f"override '{dotted}': '{k}' is not a section")
    node[keys[-1]] = value


def load_config(path: str | Path | None = None, overrides: dict[str, Any] | None = None) -> RunConfig:
    """Read a YAML config (optional) and apply overrides (dotted keys, None values ignored)."""
    data: dict[str, Any] = {}
    source = "config"
    if path is not None:
        path = Path(path)
        source = str(path)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise UserError(f"config file {path} does not exist") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise UserError(f"cannot read config file {path}: {exc}") from None
        try:
            loaded = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            at = f" at line {mark.line + 1}" if mark is not None else ""
            raise UserError(f"{path}: malformed YAML{at}") from None
        if loaded is None:
            loaded = {}
        if not isinstance(loaded, dict):
            raise UserError(f"{path}: expected a mapping of settings at the top level")
        data = loaded
    for key, value in (overrides or {}).items():
        if value is not None:
            _set_dotted(data, key, value)
    try:
        return RunConfig.model_validate(data)
    except ValidationError as exc:
        raise UserError(_format_validation_error(exc, source)) from None
