"""LLM backends behind one small interface.

    llm = make_llm(cfg.llm, cache_dir=run_dir)
    replies = llm.generate([[{"role": "user", "content": "..."}]], Sampling(temperature=0.2))
    llm.usage  # -> stats.json
    llm.close()

Backends: "openai" (any OpenAI-compatible server), "vllm" (in-process engine, optional
extra), "transformers" (a local Hugging Face causal LM). See cit/llm/README.md.
"""

from __future__ import annotations

from pathlib import Path

from cit.errors import UserError
from cit.llm.base import LLM
from cit.llm.cache import CACHE_FILE, ResponseCache
from cit.llm.config import LLMConfig
from cit.llm.types import Completion, LLMFatalError, Sampling, as_llm_call, image_part

__all__ = ["LLM", "Completion", "LLMFatalError", "Sampling", "as_llm_call", "image_part", "make_llm", "CACHE_FILE"]


def make_llm(cfg: LLMConfig, cache_dir: str | Path | None = None) -> LLM:
    """The configured backend. `cache_dir` is the run folder: the request cache
    (llm_cache.sqlite) lives there; None (or `cache: false`) disables caching."""
    if cfg.backend == "openai":
        from cit.llm.openai_backend import OpenAIBackend as backend
    elif cfg.backend == "vllm":
        from cit.llm.vllm_backend import VLLMBackend as backend  # type: ignore[no-redef]
    elif cfg.backend == "transformers":
        from cit.llm.transformers_backend import TransformersBackend as backend  # type: ignore[no-redef]
    else:  # the config type already refuses other names
        raise UserError(f"unknown LLM backend {cfg.backend!r}")
    cache = None
    if cfg.cache and cache_dir is not None:
        folder = Path(cache_dir)
        folder.mkdir(parents=True, exist_ok=True)
        cache = ResponseCache(folder / CACHE_FILE)
    try:
        return backend(cfg, cache)
    except BaseException:
        if cache is not None:
            cache.close()
        raise
