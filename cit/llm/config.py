"""Which LLM to call and how (a section of the run config). The API key is never stored
here: only the name of the environment variable that holds it."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict


class SamplingConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    temperature: float = 1.0
    top_p: float = 0.95
    max_tokens: int = 4096
    seed: int | None = None


class LLMConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    backend: Literal["openai", "vllm", "transformers"] = "openai"
    model: str | None = None
    base_url: str | None = None  # default: $OPENAI_BASE_URL, then OpenAI
    api_key_env: str = "OPENAI_API_KEY"
    concurrency: int = 32
    timeout: float = 120.0
    max_retries: int = 6
    cache: bool = True
    sampling: SamplingConfig = SamplingConfig()
