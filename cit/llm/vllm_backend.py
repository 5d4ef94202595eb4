"""The `vllm` backend: in-process offline batch generation with `vllm.LLM.chat`.

vLLM applies the model's chat template and accepts OpenAI-style messages, image parts
with data URLs included (for vision models), so conversations pass through unchanged.
One `chat()` call takes the whole batch with a SamplingParams per request (each can carry
its own seed); vLLM schedules it with continuous batching.

Needs `pip install 'cit[vllm]'` on a CUDA machine; imported only when this backend is
chosen.
"""

from __future__ import annotations

from typing import Any

from cit.errors import UserError
from cit.llm.base import LLM
from cit.llm.cache import ResponseCache
from cit.llm.config import LLMConfig
from cit.llm.types import Completion, Conversation, Sampling

MISSING = "the vllm backend needs `pip install 'cit[vllm]'` on a CUDA machine"


def engine_kwargs(cfg: LLMConfig) -> dict[str, Any]:
    """Arguments for `vllm.LLM(...)` from the config."""
    v = cfg.vllm
    kwargs: dict[str, Any] = {
        "model": cfg.model,
        "tensor_parallel_size": v.tensor_parallel_size,
        "gpu_memory_utilization": v.gpu_memory_utilization,
        "dtype": v.dtype,
        "trust_remote_code": v.trust_remote_code,
        "enforce_eager": v.enforce_eager,
    }
    if v.max_model_len is not None:
        kwargs["max_model_len"] = v.max_model_len
    if cfg.sampling.seed is not None:
        kwargs["seed"] = cfg.sampling.seed
    kwargs.update(v.engine_args)
    return kwargs


def sampling_kwargs(s: Sampling) -> dict[str, Any]:
    """Arguments for `vllm.SamplingParams(...)` for one request."""
    kwargs: dict[str, Any] = {"n": 1, "temperature": s.temperature, "top_p": s.top_p, "max_tokens": s.max_tokens}
    if s.seed is not None:
        kwargs["seed"] = s.seed
    if s.stop:
        kwargs["stop"] = list(s.stop)
    return kwargs


def completion_from_output(output: Any) -> Completion:
    """A Completion from one `vllm.RequestOutput` (duck-typed: prompt_token_ids and
    outputs[0] with text, token_ids, finish_reason)."""
    prompt_tokens = len(getattr(output, "prompt_token_ids", None) or [])
    outs = getattr(output, "outputs", None) or []
    if not outs:
        return Completion.failed("empty-choices", "vLLM returned no output for this request",
                                 {"prompt_tokens": prompt_tokens, "completion_tokens": 0, "total_tokens": prompt_tokens})
    first = outs[0]
    completion_tokens = len(getattr(first, "token_ids", None) or [])
    usage = {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
             "total_tokens": prompt_tokens + completion_tokens}
    finish = getattr(first, "finish_reason", None)
    if finish == "abort":
        return Completion.failed("aborted", "vLLM aborted the request", usage, finish)
    return Completion(text=first.text, finish_reason=finish, usage=usage)


class VLLMBackend(LLM):
    backend = "vllm"

    def __init__(self, cfg: LLMConfig, cache: ResponseCache | None = None):
        if not cfg.model:
            raise UserError("llm.model is not set: give a Hugging Face model name or a local folder")
        try:
            import vllm
        except ImportError:
            raise UserError(MISSING) from None
        super().__init__(cfg, cfg.model, cache)
        self._vllm = vllm
        self.engine = vllm.LLM(**engine_kwargs(cfg))

    def _cache_extra(self) -> dict[str, Any]:
        return {"chat_template": self.cfg.vllm.chat_template}

    def _generate_batch(self, conversations: list[Conversation], samplings: list[Sampling]) -> list[Completion]:
        params = [self._vllm.SamplingParams(**sampling_kwargs(s)) for s in samplings]
        outputs = self.engine.chat(conversations, sampling_params=params, use_tqdm=False,
                                   chat_template=self.cfg.vllm.chat_template, add_generation_prompt=True)
        return [completion_from_output(o) for o in outputs]
