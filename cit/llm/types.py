"""The small value types every backend speaks: sampling settings in, completions out."""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from cit.errors import UserError
from cit.llm.config import SamplingConfig
from cit.record import LLMCall

Message = dict[str, Any]
Conversation = list[Message]


class LLMFatalError(UserError):
    """A request failed in a way retrying cannot fix (bad key, unknown model, bad request).

    Raised, not recorded: the rest of the queue is cancelled so a run stops before it
    spends its budget on requests that would all fail the same way.
    """

    def __init__(self, message: str, kind: str = "fatal"):
        super().__init__(message)
        self.kind = kind


class LLMOutageError(LLMFatalError):
    """The server stayed unreachable (or kept failing) for longer than `llm.outage_timeout`.

    A failure of the infrastructure, not of any record: the run stops, what was committed
    stays, and rerunning the same command resumes where it stopped."""

    def __init__(self, message: str):
        super().__init__(message, kind="outage")


@dataclass(frozen=True)
class Sampling:
    """Per-call sampling settings. A field left as None takes the run config's value
    (`llm.sampling`); `seed` None there means "no seed".

    Identical requests are cached as one: to draw several different replies to the same
    prompt, give each its own seed.
    """

    temperature: float | None = None
    top_p: float | None = None
    max_tokens: int | None = None
    seed: int | None = None
    stop: tuple[str, ...] | None = None

    @classmethod
    def from_config(cls, cfg: SamplingConfig) -> "Sampling":
        return cls(temperature=cfg.temperature, top_p=cfg.top_p, max_tokens=cfg.max_tokens, seed=cfg.seed)

    def over(self, defaults: "Sampling") -> "Sampling":
        """These settings with every unset field taken from `defaults`."""
        filled = {k: (v if v is not None else getattr(defaults, k)) for k, v in asdict(self).items()}
        if filled["stop"] is not None:
            filled["stop"] = tuple(filled["stop"])
        return replace(self, **filled)

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["stop"] = list(self.stop) if self.stop else None
        return d


@dataclass
class Completion:
    """One reply. A request that finally failed is recorded here (`error`), not raised."""

    text: str | None
    finish_reason: str | None = None
    usage: dict[str, int] = field(default_factory=dict)
    cached: bool = False
    error: str | None = None  # "<kind>: <detail>", one line, never holds the API key
    error_kind: str | None = None  # short and countable: "rate-limit", "timeout", "empty-choices", ...

    @property
    def truncated(self) -> bool:
        return self.finish_reason == "length"

    @property
    def ok(self) -> bool:
        return self.error is None and self.text is not None

    @classmethod
    def failed(cls, kind: str, detail: str, usage: dict[str, int] | None = None,
               finish_reason: str | None = None) -> "Completion":
        return cls(text=None, finish_reason=finish_reason, usage=usage or {}, error=f"{kind}: {detail}", error_kind=kind)


def image_part(image: str | Path | bytes) -> dict[str, Any]:
    """An OpenAI chat content part carrying a PNG, from a path or the PNG's bytes."""
    data = image if isinstance(image, bytes) else Path(image).read_bytes()
    if not data.startswith(b"\x89PNG\r\n\x1a\n"):
        raise ValueError("image_part expects PNG data")
    url = "data:image/png;base64," + base64.b64encode(data).decode("ascii")
    return {"type": "image_url", "image_url": {"url": url}}


def has_images(messages: Conversation) -> bool:
    return any(isinstance(m.get("content"), list) and any(p.get("type") == "image_url" for p in m["content"])
               for m in messages)


def text_only(messages: Conversation) -> Conversation:
    """Messages with list contents flattened to strings (for text-only chat templates)."""
    out = []
    for m in messages:
        content = m.get("content")
        if isinstance(content, list):
            content = "\n".join(p.get("text", "") for p in content if p.get("type") == "text")
        out.append({**m, "content": content if content is not None else ""})
    return out


_DATA_URL = re.compile(r"^data:([\w/+.-]+);base64,(.*)$", re.S)


def redact_images(messages: Conversation) -> Conversation:
    """Messages with inline images replaced by a short stand-in (size and hash), so a
    record can keep the LLM input without carrying megabytes of base64."""
    out = []
    for m in messages:
        content = m.get("content")
        if isinstance(content, list):
            parts = []
            for p in content:
                url = (p.get("image_url") or {}).get("url", "") if p.get("type") == "image_url" else ""
                match = _DATA_URL.match(url)
                if match:
                    raw = match.group(2)
                    digest = hashlib.sha256(raw.encode("ascii", "replace")).hexdigest()[:16]
                    p = {"type": "image_url", "image_url": {"url": f"<{match.group(1)} {len(raw) * 3 // 4} bytes sha256:{digest}>"}}
                parts.append(p)
            m = {**m, "content": parts}
        out.append(m)
    return out


def as_llm_call(stage: str, model: str, messages: Conversation, completion: Completion) -> LLMCall:
    """The `cit.record.LLMCall` that keeps this call's input and output on a record."""
    return LLMCall(stage=stage, model=model, messages=redact_images(messages), reply=completion.text,
                   finish_reason=completion.finish_reason, usage=dict(sorted(completion.usage.items())), error=completion.error)
