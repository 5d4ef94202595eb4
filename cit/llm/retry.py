"""What to do when an HTTP request to an LLM fails: retry it, record it, or stop the run.

- Transient (retried with backoff): 429 rate limits, 408/409, 5xx, timeouts, dropped
  connections, and 200 replies whose body is not JSON (a proxy's error page).
- Per-request (recorded on that request, not retried): the prompt does not fit the
  context window, the payload is too large.
- Fatal (raised as `LLMFatalError`, stops the queue): a refused key, an unknown model or
  route, a malformed request, an exhausted quota. Every request would fail the same way.
"""

from __future__ import annotations

import email.utils
import random
import re
import time
from typing import Any, Mapping

from cit.llm.types import LLMFatalError

_CONTEXT_WORDS = ("context length", "context_length", "maximum context", "context window",
                  "too many tokens", "prompt is too long", "input is too long", "reduce the length")


class TransientError(Exception):
    def __init__(self, kind: str, detail: str, retry_after: float | None = None):
        super().__init__(f"{kind}: {detail}")
        self.kind = kind
        self.detail = detail
        self.retry_after = retry_after


class RequestError(Exception):
    """This request cannot succeed as sent; others can."""

    def __init__(self, kind: str, detail: str):
        super().__init__(f"{kind}: {detail}")
        self.kind = kind
        self.detail = detail


class Scrubber:
    """Removes the API key (and anything shaped like one) from text we keep or show."""

    _KEYLIKE = re.compile(r"\b(sk|rk|pk)-[A-Za-z0-9_\-]{6,}")

    def __init__(self, secret: str | None):
        self._secret = secret if secret and len(secret) >= 4 else None

    def __call__(self, text: str) -> str:
        if self._secret:
            text = text.replace(self._secret, "***")
        return self._KEYLIKE.sub(lambda m: m.group(1) + "-***", text)

    def __repr__(self) -> str:
        return "<Scrubber>"


def retry_after_seconds(headers: Mapping[str, str]) -> float | None:
    """The wait a server asks for: `retry-after-ms`, then `retry-after` in seconds or as
    an HTTP date."""
    value = headers.get("retry-after-ms")
    if value:
        try:
            return max(0.0, float(value) / 1000.0)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _message(body: Any, fallback: str) -> str:
    if isinstance(body, Mapping):
        msg = body.get("message") or body.get("detail") or body.get("error")
        if isinstance(msg, Mapping):
            msg = msg.get("message")
        if msg:
            return str(msg)
    elif isinstance(body, str) and body.strip():
        return body.strip()
    return fallback


def classify_status(status: int, headers: Mapping[str, str], body: Any, *, where: str, key_env: str,
                    model: str, scrub: Scrubber) -> Exception:
    """Map an HTTP error status to a TransientError, RequestError or LLMFatalError."""
    code = str(body.get("code") or "") if isinstance(body, Mapping) else ""
    msg = " ".join(scrub(_message(body, "no error message")).split())[:300]
    if status == 429:
        if code == "insufficient_quota" or "exceeded your current quota" in msg.lower():
            return LLMFatalError(f"LLM quota exhausted at {where} (HTTP 429): {msg}", kind="quota")
        return TransientError("rate-limit", f"HTTP 429: {msg}", retry_after_seconds(headers))
    if status in (408, 409, 425) or status >= 500:
        kind = "server-error" if status >= 500 else f"http-{status}"
        return TransientError(kind, f"HTTP {status}: {msg}", retry_after_seconds(headers))
    if status in (401, 403):
        return LLMFatalError(f"LLM server {where} refused the API key (HTTP {status}): {msg}; "
                             f"check ${key_env} (llm.api_key_env names the variable)", kind="auth")
    if status == 404:
        return LLMFatalError(f"LLM server {where} has no model {model!r} or no chat completions route "
                             f"(HTTP 404): {msg}; check llm.model and llm.base_url", kind="not-found")
    if status in (400, 422) and (code == "context_length_exceeded" or any(w in msg.lower() for w in _CONTEXT_WORDS)):
        return RequestError("context-length", f"HTTP {status}: {msg}")
    if status == 413:
        return RequestError("too-large", f"HTTP 413: {msg}")
    return LLMFatalError(f"LLM server {where} rejected the request (HTTP {status}): {msg}", kind="bad-request")


class BackoffWait:
    """tenacity wait: the server's Retry-After when it sent one (capped), otherwise
    exponential backoff with full jitter."""

    def __init__(self, initial: float, maximum: float, retry_after_max: float):
        self.initial = initial
        self.maximum = maximum
        self.retry_after_max = retry_after_max

    def __call__(self, retry_state: Any) -> float:
        exc = retry_state.outcome.exception() if retry_state.outcome else None
        asked = getattr(exc, "retry_after", None)
        if asked is not None:
            return min(asked, self.retry_after_max)
        ceiling = min(self.maximum, self.initial * 2 ** (retry_state.attempt_number - 1))
        return random.uniform(0.0, ceiling)


def transport_cause(exc: BaseException) -> str | None:
    """What really went wrong with a connection, in words a user recognises; None when it
    was only slow (a timeout with no refused or reset connection behind it)."""
    import socket

    seen: list[BaseException] = []
    todo: list[BaseException | None] = [exc]
    while todo:
        e = todo.pop()
        if e is None or any(e is s for s in seen):
            continue
        seen.append(e)
        todo += [e.__cause__, e.__context__, getattr(e, "os_error", None)]
    for e in seen:
        if isinstance(e, ConnectionRefusedError):
            return "connection refused"
        if isinstance(e, socket.gaierror):
            return f"DNS lookup failed ({e.strerror or e})"
    for e in seen:
        if isinstance(e, (ConnectionResetError, BrokenPipeError)) or type(e).__name__ in ("ServerDisconnectedError", "RemoteProtocolError"):
            return "connection reset by the server"
    if any(isinstance(e, TimeoutError) or "Timeout" in type(e).__name__ for e in seen):
        return None
    cause = seen[-1] if len(seen) > 1 else exc
    return f"connection failed ({type(cause).__name__}: {cause})"
