"""The `transformers` backend: a local Hugging Face causal LM (path or hub name), with
batched, left-padded generation through the tokenizer's chat template. Text only.

torch and transformers are imported here, never by `import cit`: the base install has
no torch.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from typing import Any

from cit.errors import UserError
from cit.llm.base import LLM
from cit.llm.cache import ResponseCache
from cit.llm.config import LLMConfig
from cit.llm.types import Completion, Conversation, LLMFatalError, Sampling, has_images, text_only

log = logging.getLogger("cit.llm")


class TransformersBackend(LLM):
    backend = "transformers"

    def __init__(self, cfg: LLMConfig, cache: ResponseCache | None = None):
        if not cfg.model:
            raise UserError("llm.model is not set: give a Hugging Face model name or a local folder")
        try:
            import torch
            from transformers import AutoModelForCausalLM, AutoTokenizer
        except ImportError:
            raise UserError("the transformers backend needs torch and transformers: pip install 'cit[train]'") from None
        super().__init__(cfg, cfg.model, cache)
        tcfg = cfg.transformers
        self._torch = torch
        self.device = tcfg.device if tcfg.device != "auto" else ("cuda" if torch.cuda.is_available() else "cpu")
        dtype: Any = "auto" if tcfg.dtype == "auto" else getattr(torch, tcfg.dtype, None)
        if dtype is None:
            raise UserError(f"llm.transformers.dtype: unknown torch dtype {tcfg.dtype!r}")
        try:
            self.tokenizer = AutoTokenizer.from_pretrained(cfg.model, trust_remote_code=tcfg.trust_remote_code)
            self.lm = AutoModelForCausalLM.from_pretrained(cfg.model, dtype=dtype,
                                                           trust_remote_code=tcfg.trust_remote_code)
        except (OSError, ValueError) as exc:
            first_line = (str(exc).splitlines() or [type(exc).__name__])[0]
            raise UserError(f"cannot load model {cfg.model!r}: {first_line}") from None
        if not self.tokenizer.chat_template:
            raise UserError(f"model {cfg.model!r} has no chat template in its tokenizer config")
        self.tokenizer.padding_side = "left"  # new tokens must follow every prompt directly
        if self.tokenizer.pad_token_id is None:
            self.tokenizer.pad_token = self.tokenizer.eos_token
        self.lm.to(self.device).eval()
        self._eos = self._eos_ids()

    def _eos_ids(self) -> set[int]:
        ids: set[int] = set()
        for source in (self.lm.generation_config.eos_token_id, self.tokenizer.eos_token_id):
            if isinstance(source, int):
                ids.add(source)
            elif source:
                ids.update(source)
        return ids

    def _generate_batch(self, conversations: list[Conversation], samplings: list[Sampling]) -> list[Completion]:
        if any(has_images(c) for c in conversations):
            raise LLMFatalError("the transformers backend is text-only; use the openai or vllm backend "
                                "for requests with images", kind="unsupported-input")
        results: list[Completion | None] = [None] * len(conversations)
        groups: dict[Sampling, list[int]] = defaultdict(list)  # one generate() call per setting
        for i, s in enumerate(samplings):
            groups[s].append(i)
        size = self.cfg.transformers.batch_size
        for s, members in groups.items():
            for start in range(0, len(members), size):
                chunk = members[start:start + size]
                for i, completion in zip(chunk, self._generate_chunk([conversations[i] for i in chunk], s)):
                    results[i] = completion
        return results  # type: ignore[return-value]

    def _generate_chunk(self, conversations: list[Conversation], s: Sampling) -> list[Completion]:
        torch = self._torch
        prompts = [self.tokenizer.apply_chat_template(text_only(c), add_generation_prompt=True, tokenize=False)
                   for c in conversations]
        enc = self.tokenizer(prompts, return_tensors="pt", padding=True, add_special_tokens=False).to(self.device)
        kwargs: dict[str, Any] = {"max_new_tokens": s.max_tokens, "pad_token_id": self.tokenizer.pad_token_id}
        if s.temperature and s.temperature > 0:
            kwargs.update(do_sample=True, temperature=s.temperature, top_p=s.top_p)
        else:
            kwargs.update(do_sample=False, temperature=None, top_p=None, top_k=None)
        if s.seed is not None:
            torch.manual_seed(s.seed)
        try:
            with torch.inference_mode():
                out = self.lm.generate(**enc, **kwargs)
        except torch.OutOfMemoryError as exc:
            log.warning("out of memory generating %d replies; recorded as errors", len(conversations))
            return [Completion.failed("out-of-memory", str(exc).splitlines()[0][:200]) for _ in conversations]
        prompt_len = enc["input_ids"].shape[1]
        prompt_tokens = enc["attention_mask"].sum(dim=1).tolist()
        return [self._completion(row[prompt_len:].tolist(), int(n), s) for row, n in zip(out, prompt_tokens)]

    def _completion(self, ids: list[int], prompt_tokens: int, s: Sampling) -> Completion:
        stop_at = next((k for k, t in enumerate(ids) if t in self._eos), None)
        if stop_at is not None:
            generated, finish = ids[:stop_at], "stop"
            used = stop_at + 1
        else:
            generated = ids
            finish = "length" if len(ids) >= (s.max_tokens or 0) else "stop"
            used = len(ids)
        text = self.tokenizer.decode(generated, skip_special_tokens=True)
        for stop in s.stop or ():
            cut = text.find(stop)
            if cut >= 0:
                text, finish = text[:cut], "stop"
        usage = {"prompt_tokens": prompt_tokens, "completion_tokens": used, "total_tokens": prompt_tokens + used}
        return Completion(text=text, finish_reason=finish, usage=usage)
