"""Which LLM to call and how (a section of the run config). The API key is never stored
here: only the name of the environment variable that holds it."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class SamplingConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    temperature: float = 1.0
    top_p: float = 0.95
    max_tokens: int = 4096
    seed: int | None = None


class PriceConfig(BaseModel):
    """US dollars per million tokens, for the cost line in stats.json."""

    model_config = ConfigDict(extra="forbid")

    input: float = Field(ge=0.0)
    output: float = Field(ge=0.0)


class VLLMConfig(BaseModel):
    """In-process vLLM engine settings (backend "vllm")."""

    model_config = ConfigDict(extra="forbid")

    tensor_parallel_size: int = Field(1, ge=1)
    gpu_memory_utilization: float = Field(0.9, gt=0.0, le=1.0)
    max_model_len: int | None = None
    dtype: str = "auto"
    trust_remote_code: bool = False
    enforce_eager: bool = False
    chat_template: str | None = None  # a Jinja template string; None: the model's own
    engine_args: dict[str, Any] = {}  # passed through to vllm.LLM(...), e.g. limit_mm_per_prompt


class TransformersConfig(BaseModel):
    """Local Hugging Face causal LM settings (backend "transformers")."""

    model_config = ConfigDict(extra="forbid")

    device: str = "auto"  # "auto": cuda when available, else cpu
    dtype: str = "auto"  # "auto", "float32", "bfloat16", "float16"
    batch_size: int = Field(8, ge=1)
    trust_remote_code: bool = False


class LLMConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    backend: Literal["openai", "vllm", "transformers"] = "openai"
    model: str | None = None
    base_url: str | None = None  # default: $OPENAI_BASE_URL, then OpenAI
    api_key_env: str = "OPENAI_API_KEY"
    concurrency: int = Field(32, ge=1)
    timeout: float = Field(120.0, gt=0.0)  # seconds for one HTTP attempt, start to end
    max_retries: int = Field(6, ge=0)  # quick retries of a transient failure before it counts as an outage
    # A server that stays unreachable (refused or reset connections, timeouts, 5xx, 429)
    # holds the work: its requests keep retrying with capped, jittered backoff for this
    # many seconds, then the run stops; transport failures never become rejects.
    outage_timeout: float = Field(600.0, gt=0.0)
    backoff_initial: float = Field(1.0, ge=0.0)  # seconds; exponential backoff with full jitter
    backoff_max: float = Field(60.0, ge=0.0)
    retry_after_max: float = Field(300.0, ge=0.0)  # longest server-requested wait we honour
    max_tokens_param: Literal["max_tokens", "max_completion_tokens"] = "max_tokens"
    extra_body: dict[str, Any] = {}  # sent with every request, e.g. {"top_k": 20} for vllm serve
    cache: bool = True
    prices: dict[str, PriceConfig] = {}  # model name -> price; unknown models cost None
    sampling: SamplingConfig = SamplingConfig()
    vllm: VLLMConfig = VLLMConfig()
    transformers: TransformersConfig = TransformersConfig()
