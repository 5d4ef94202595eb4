"""Answering evaluation prompts: a local transformers VLM, or any cit.llm backend.

The transformers path loads a checkpoint folder as `cit sft` leaves it: full weights, or
a LoRA adapter (`adapter_config.json`) that is merged into its base model. Generation is
greedy and batched with left padding. The openai and vllm paths go through `cit.llm`, so
they inherit its retries, error accounting and key handling.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cit.errors import UserError

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@dataclass
class EvalItem:
    id: str
    prompt: list[dict[str, Any]]  # messages before the reply; image parts are placeholders
    images: list[bytes]  # PNG bytes, in placeholder order
    reference: str
    question: str = ""
    kind: str = "unknown"
    chart_type: str = "unknown"
    level: str = "unknown"
    unit: str | None = None
    answer_type: str | None = None  # the item's AnswerType as JSON (its tolerance), when the data has it
    qa_family: str = "unknown"
    steps: int = 0


@dataclass
class Reply:
    text: str | None
    error: str | None = None
    usage: dict[str, int] = field(default_factory=dict)


def as_png(image: dict[str, Any]) -> bytes:
    """Stored image (`{"bytes", "path"}` as `datasets` keeps it) -> PNG bytes."""
    data = image.get("bytes")
    if data is None and image.get("path"):
        data = Path(image["path"]).read_bytes()
    if data is None:
        raise UserError("an evaluation row has an image with neither bytes nor a path")
    if data.startswith(PNG_MAGIC):
        return data
    from PIL import Image

    buf = io.BytesIO()
    Image.open(io.BytesIO(data)).convert("RGB").save(buf, format="PNG")
    return buf.getvalue()


def _pil(png: bytes):
    from PIL import Image

    return Image.open(io.BytesIO(png)).convert("RGB")


def _with_images(prompt: list[dict[str, Any]], images: list[Any]) -> list[dict[str, Any]]:
    """Placeholders filled in order with `images` (PIL images or content parts)."""
    it = iter(images)
    out = []
    for m in prompt:
        parts = [{"type": "image", "image": next(it)} if p["type"] == "image" else dict(p) for p in m["content"]]
        out.append({"role": m["role"], "content": parts})
    return out


class TransformersVLM:
    """A checkpoint folder (or Hub name) answered with AutoModelForImageTextToText."""

    def __init__(self, path: str, batch_size: int = 8, max_new_tokens: int = 512, device: str = "auto",
                 temperature: float = 0.0):
        from cit.train import require_training_extra

        require_training_extra(("torch", "transformers"))
        import torch
        from transformers import AutoModelForImageTextToText, AutoProcessor

        self.device = ("cuda" if torch.cuda.is_available() else "cpu") if device == "auto" else device
        dtype = torch.bfloat16 if self.device.startswith("cuda") else torch.float32
        folder = Path(path)
        adapter = folder / "adapter_config.json"
        base = json.loads(adapter.read_text())["base_model_name_or_path"] if adapter.is_file() else path
        try:
            model = AutoModelForImageTextToText.from_pretrained(base, dtype=dtype)
            if adapter.is_file():
                require_training_extra(("peft",))
                from peft import PeftModel

                model = PeftModel.from_pretrained(model, path).merge_and_unload()
            has_processor = (folder / "processor_config.json").exists() or (folder / "preprocessor_config.json").exists()
            self.processor = AutoProcessor.from_pretrained(path if has_processor or not adapter.is_file() else base)
        except OSError as exc:
            raise UserError(f"cannot load model '{path}': {str(exc).splitlines()[0]}") from None
        self.model = model.to(self.device).eval()
        self.batch_size = batch_size
        self.max_new_tokens = max_new_tokens
        self.temperature = temperature  # 0: greedy (eval); above: sampled, seeded per batch (calibration)
        tok = self.processor.tokenizer
        self.pad_id = tok.pad_token_id if tok.pad_token_id is not None else tok.eos_token_id

    def generate(self, items: list[EvalItem]) -> list[Reply]:
        import torch

        replies: list[Reply] = []
        for start in range(0, len(items), self.batch_size):
            chunk = items[start:start + self.batch_size]
            convs = [_with_images(it.prompt, [_pil(p) for p in it.images]) for it in chunk]
            inputs = self.processor.apply_chat_template(
                convs, add_generation_prompt=True, tokenize=True, return_dict=True, return_tensors="pt",
                processor_kwargs={"padding": True, "padding_side": "left"},
            ).to(self.device)
            sampling: dict[str, Any] = {"do_sample": False}
            if self.temperature > 0:
                from cit.synth.choice import stable_int

                torch.manual_seed(stable_int(0, *(it.id for it in chunk)) % (1 << 31))  # same batch, same draws
                sampling = {"do_sample": True, "temperature": self.temperature}
            with torch.inference_mode():
                out = self.model.generate(**inputs, max_new_tokens=self.max_new_tokens, pad_token_id=self.pad_id,
                                          **sampling)
            new = out[:, inputs["input_ids"].shape[1]:]
            texts = self.processor.batch_decode(new, skip_special_tokens=True)
            for text, ids in zip(texts, new):
                n = int((ids != self.pad_id).sum())
                replies.append(Reply(text=text.strip(), usage={"completion_tokens": n}))
        return replies


def openai_messages(item: EvalItem) -> list[dict[str, Any]]:
    """The item as OpenAI chat messages, images inline as PNG data URLs."""
    from cit.llm import image_part

    return _replace_images(item.prompt, [image_part(p) for p in item.images])


def _replace_images(prompt: list[dict[str, Any]], parts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    it = iter(parts)
    out = []
    for m in prompt:
        content = [next(it) if p["type"] == "image" else {"type": "text", "text": p.get("text") or ""} for p in m["content"]]
        out.append({"role": m["role"], "content": content})
    return out


def llm_generate(items: list[EvalItem], backend: str, model: str, max_new_tokens: int,
                 base_url: str | None = None, api_key_env: str = "OPENAI_API_KEY") -> list[Reply]:
    from cit.llm import make_llm
    from cit.llm.config import LLMConfig

    cfg = LLMConfig(backend=backend, model=model, base_url=base_url, api_key_env=api_key_env, cache=False,
                    sampling={"temperature": 0.0, "top_p": 1.0, "max_tokens": max_new_tokens})
    with make_llm(cfg) as llm:
        completions = llm.generate([openai_messages(it) for it in items])
    return [Reply(text=c.text, error=c.error, usage=dict(c.usage)) for c in completions]
