"""The `openai` backend: any OpenAI-compatible chat endpoint (OpenAI, `vllm serve`,
llama.cpp server, Ollama, SGLang) through the `openai` SDK's AsyncOpenAI.

The SDK's own retries are off; tenacity retries transient failures (see cit.llm.retry)
with exponential backoff and jitter, honouring Retry-After. A Retry-After also pauses
every other request until it has passed, so a rate-limited run backs off as a whole.

Measured choices keep the client's CPU per request low (bench/llm.py), which is what
limits throughput against a fast server on a small machine:
- requests go through the SDK's generic `client.post` and the JSON is read directly,
  skipping the typed parameter transform and response models (about a third of the
  SDK's per-request CPU);
- with aiohttp installed, the SDK's aiohttp transport is used (on 2 cores, about 1.5-1.9
  ms of client CPU per request, against 2.1-2.6 ms with httpx2);
- without it, connections are spread over several small SDK clients (8 connections
  each): httpx2's pool scans all its connections for every request, so one pool of 64
  costs more per request than eight pools of 8.

The API key is read from the environment variable named by `llm.api_key_env` and lives
only inside the SDK clients; error texts are scrubbed of it before they are kept.
"""

from __future__ import annotations

import asyncio
import importlib.util
import json
import logging
import math
import os
import sys
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from cit.errors import UserError
from cit.llm.base import LLM, Done
from cit.llm.cache import ResponseCache
from cit.llm.config import LLMConfig
from cit.llm.priority import REQUEST_PRIORITY, PrioritySlots
from cit.llm.retry import BackoffWait, RequestError, Scrubber, TransientError, classify_status, transport_cause
from cit.llm.types import Completion, Conversation, LLMOutageError, Sampling

log = logging.getLogger("cit.llm")

OPENAI_URL = "https://api.openai.com/v1"
_CONNECTIONS_PER_CLIENT = 8
_NO_KEY = "no-key-needed"  # local servers accept any key; the SDK insists on one


def _display_url(url: str) -> str:
    parts = urlsplit(url)
    host = parts.hostname or ""
    netloc = host + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


async def _with_deadline(coro: Any, seconds: float) -> Any:
    if sys.version_info >= (3, 11):
        async with asyncio.timeout(seconds):
            return await coro
    return await asyncio.wait_for(coro, seconds)


class OpenAIBackend(LLM):
    backend = "openai"

    def __init__(self, cfg: LLMConfig, cache: ResponseCache | None = None):
        if not cfg.model:
            raise UserError("llm.model is not set: name the model to call (llm.model in the config, or --llm-model)")
        super().__init__(cfg, cfg.model, cache)
        self.base_url = (cfg.base_url or os.environ.get("OPENAI_BASE_URL") or OPENAI_URL).rstrip("/")
        self._where = _display_url(self.base_url)
        key = os.environ.get(cfg.api_key_env, "").strip()
        if not key:
            if urlsplit(self.base_url).hostname == "api.openai.com":
                raise UserError(f"no API key for {self._where}: set ${cfg.api_key_env} "
                                "(or point llm.base_url at a server that needs none)")
            key = _NO_KEY
        self._scrub = Scrubber(None if key == _NO_KEY else key)
        self._make_clients = lambda: self._new_clients(key)
        self._free: PrioritySlots | None = None
        self._clients: list[Any] = []
        self._pause_until = 0.0
        self._outage_since: float | None = None
        self._wait = BackoffWait(cfg.backoff_initial, cfg.backoff_max, cfg.retry_after_max)

    def _new_clients(self, key: str) -> list[Any]:
        import openai

        if http_transport() == "aiohttp":
            n, transport = 1, openai.DefaultAioHttpClient
        else:
            n, transport = max(1, math.ceil(self.cfg.concurrency / _CONNECTIONS_PER_CLIENT)), openai.DefaultAsyncHttpxClient
        per = math.ceil(self.cfg.concurrency / n)
        return [openai.AsyncOpenAI(
            api_key=key, base_url=self.base_url, max_retries=0, timeout=self.cfg.timeout,
            http_client=transport(limits=_limits(per), timeout=self.cfg.timeout),
        ) for _ in range(n)]

    def _cache_extra(self) -> dict[str, Any]:
        return {"extra_body": self.cfg.extra_body}

    # --- batch -------------------------------------------------------------------------------

    async def _run(self, conversations: list[Conversation], samplings: list[Sampling], done: Done) -> None:
        self._ensure_clients()

        async def one(j: int) -> None:
            done(j, await self._request(conversations[j], samplings[j]))

        tasks = [asyncio.ensure_future(one(j)) for j in range(len(conversations))]
        try:
            await asyncio.gather(*tasks)
        finally:
            # A fatal error (or the caller's cancellation) stops everything still queued.
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

    def _ensure_clients(self) -> None:
        if self._free is None:
            self._clients = self._make_clients()
            self._free = PrioritySlots([self._clients[slot % len(self._clients)] for slot in range(self.cfg.concurrency)])

    async def _aclose(self) -> None:
        for client in self._clients:
            await client.close()

    # --- one request -------------------------------------------------------------------------

    def _body(self, messages: Conversation, s: Sampling) -> dict[str, Any]:
        body: dict[str, Any] = {"model": self.model, "messages": messages,
                                "temperature": s.temperature, "top_p": s.top_p,
                                self.cfg.max_tokens_param: s.max_tokens}
        if s.seed is not None:
            body["seed"] = s.seed
        if s.stop:
            body["stop"] = list(s.stop)
        body.update(self.cfg.extra_body)
        return body

    async def _request(self, messages: Conversation, s: Sampling) -> Completion:
        from tenacity import AsyncRetrying, retry_if_exception_type, stop_after_attempt, stop_after_delay

        body = self._body(messages, s)
        # Quick retries first; past them the server is in an outage, and the request keeps
        # waiting (backoff capped at llm.backoff_max) until it answers or the outage lasts
        # longer than llm.outage_timeout. Transport failures are never a record's fault.
        stop = stop_after_attempt(self.cfg.max_retries + 1) & stop_after_delay(self.cfg.outage_timeout)
        outage = self.cfg.outage_timeout

        def wait(state: Any) -> float:  # never sleep past the end of the outage window
            return max(0.05, min(self._wait(state), outage - state.seconds_since_start))

        retrying = AsyncRetrying(stop=stop, wait=wait, reraise=True,
                                 retry=retry_if_exception_type(TransientError), before_sleep=self._before_sleep)
        try:
            async for attempt in retrying:
                with attempt:
                    completion = await self._attempt(body)
        except TransientError as exc:
            raise LLMOutageError(
                f"the LLM server at {self._where} kept failing for {self.cfg.outage_timeout:g}s "
                f"(llm.outage_timeout): {exc.detail}. Committed chunks are kept; rerun the same command to resume"
            ) from None
        except RequestError as exc:
            return Completion.failed(exc.kind, exc.detail)
        self._outage_ends()
        return completion

    def _before_sleep(self, retry_state: Any) -> None:
        exc = retry_state.outcome.exception()
        self._count_retry(getattr(exc, "kind", "unknown"))
        if retry_state.attempt_number > self.cfg.max_retries and self._outage_since is None:
            self._outage_since = asyncio.get_running_loop().time()
            log.warning("LLM server at %s is failing (%s): holding the work and retrying for up to %gs",
                        self._where, getattr(exc, "detail", exc), self.cfg.outage_timeout)
        log.debug("LLM request failed (%s); retrying in %.2fs", exc, retry_state.upcoming_sleep)

    def _outage_ends(self) -> None:
        if self._outage_since is not None:
            lasted = asyncio.get_running_loop().time() - self._outage_since
            self._outage_since = None
            log.warning("LLM server at %s answers again after %.0fs; carrying on", self._where, lasted)

    async def _attempt(self, body: dict[str, Any]) -> Completion:
        import httpx2
        import openai

        assert self._free is not None
        loop = asyncio.get_running_loop()
        client = await self._free.get(REQUEST_PRIORITY.get())
        try:
            # Checked with the slot held, so no request slips out during a server-requested pause.
            pause = self._pause_until - loop.time()
            if pause > 0:
                await asyncio.sleep(pause)
            response = await _with_deadline(client.post(
                "/chat/completions", cast_to=httpx2.Response, body=body,
                options={"timeout": self.cfg.timeout}), self.cfg.timeout)
        except openai.APIStatusError as exc:
            err = classify_status(exc.status_code, exc.response.headers, exc.body, where=self._where,
                                  key_env=self.cfg.api_key_env, model=self.model, scrub=self._scrub)
            if isinstance(err, TransientError) and err.retry_after:
                # Everyone waits, not just this request: the limit is the server's, not ours.
                wait = min(err.retry_after, self.cfg.retry_after_max)
                self._pause_until = max(self._pause_until, loop.time() + wait)
            raise err from None
        except (TimeoutError, asyncio.TimeoutError):
            raise TransientError("timeout", f"read timeout after {self.cfg.timeout:g}s") from None
        except openai.APIConnectionError as exc:  # timeouts included; aiohttp reports a refused connection as one
            cause = transport_cause(exc)
            if cause is None:
                raise TransientError("timeout", f"read timeout after {self.cfg.timeout:g}s") from None
            raise TransientError("connection", self._scrub(cause)[:300]) from None
        finally:
            self._free.put(client)
        return self._parse(response.status_code, response.content)

    def _parse(self, status: int, raw: bytes) -> Completion:
        try:
            data = json.loads(raw)
        except ValueError:
            snippet = self._scrub(raw[:120].decode("utf-8", "replace"))
            raise TransientError("bad-response", f"HTTP {status} body is not JSON: {snippet!r}") from None
        if not isinstance(data, dict):
            raise TransientError("bad-response", f"HTTP {status} body is JSON but not an object")
        usage = {k: int(v) for k, v in (data.get("usage") or {}).items()
                 if k in ("prompt_tokens", "completion_tokens", "total_tokens") and isinstance(v, (int, float))}
        choices = data.get("choices")
        if not choices:
            if data.get("error"):
                err = data["error"]
                msg = err.get("message") if isinstance(err, dict) else err
                raise TransientError("server-error", self._scrub(f"error inside an HTTP {status} reply: {msg}")[:300])
            return Completion.failed("empty-choices", "the server returned no choices", usage)
        choice = choices[0] if isinstance(choices, list) else None
        if not isinstance(choice, dict):
            raise TransientError("bad-response", "choices[0] is not an object")
        message = choice.get("message") or {}
        content = message.get("content")
        if isinstance(content, list):  # some servers answer in content parts
            content = "".join(p.get("text", "") for p in content if isinstance(p, dict))
        finish = choice.get("finish_reason")
        if not isinstance(content, str):
            refusal = message.get("refusal")
            if refusal:
                return Completion.failed("refusal", self._scrub(str(refusal))[:300], usage, finish)
            return Completion.failed("no-content", f"the reply has no text (finish_reason={finish})", usage, finish)
        return Completion(text=content, finish_reason=finish, usage=usage)

    # --- extras ------------------------------------------------------------------------------

    def list_models(self) -> list[str]:
        """The model ids the endpoint serves (a cheap check of URL and key before a run)."""
        return self._call(self._alist_models())

    def check(self) -> None:
        """One cheap call before a run: stop at once, with one line, when the server is
        unreachable, refuses the key or does not serve the model."""
        self._call(self._acheck())

    async def _acheck(self) -> None:
        models = await self._fetch_models(min(self.cfg.timeout, 30.0), optional=True)
        if models is None:  # no model list here: a one-token request decides
            return await self._acheck_by_request()
        if models and self.model not in models:  # an empty list: the server does not list its models
            shown = ", ".join(models[:8]) + (", ..." if len(models) > 8 else "")
            raise UserError(f"the LLM server at {self._where} does not serve model {self.model!r} "
                            f"(it serves: {shown or 'nothing'}); check llm.model")

    async def _fetch_models(self, deadline: float, optional: bool) -> list[str] | None:
        """GET /models; transport and HTTP failures as one-line UserErrors. `optional`: a
        server without the route (404/405) or with an unreadable list gives None."""
        import httpx2
        import openai

        self._ensure_clients()
        try:
            response = await _with_deadline(self._clients[0].get("/models", cast_to=httpx2.Response), deadline)
        except openai.APIStatusError as exc:
            if optional and exc.status_code in (404, 405):
                return None
            raise self._status_error(exc) from None
        except (TimeoutError, asyncio.TimeoutError):
            raise UserError(f"cannot reach the LLM server at {self._where}: no answer within {deadline:g}s") from None
        except openai.APIConnectionError as exc:  # timeouts included; aiohttp reports a refused connection as one
            cause = transport_cause(exc) or f"no answer within {deadline:g}s"
            raise UserError(f"cannot reach the LLM server at {self._where}: {cause}") from None
        try:
            return [m["id"] for m in json.loads(response.content)["data"]]
        except (ValueError, KeyError, TypeError):
            if optional:
                return None
            raise UserError(f"{self._where}/models did not return a model list") from None

    async def _acheck_by_request(self) -> None:
        body = self._body([{"role": "user", "content": "ping"}], Sampling(temperature=0.0, top_p=1.0, max_tokens=1))
        try:
            await self._attempt(body)
        except TransientError as exc:
            raise UserError(f"cannot use the LLM server at {self._where}: {exc.detail}") from None
        except RequestError:
            pass  # the server answered: reachable, key and model accepted

    def _status_error(self, exc: Any) -> Exception:
        err = classify_status(exc.status_code, exc.response.headers, exc.body, where=self._where,
                              key_env=self.cfg.api_key_env, model=self.model, scrub=self._scrub)
        return err if isinstance(err, UserError) else UserError(f"the LLM server at {self._where} is failing: {err}")

    async def _alist_models(self) -> list[str]:
        return await self._fetch_models(self.cfg.timeout, optional=False)  # type: ignore[return-value]


def http_transport() -> str:
    """"aiohttp" when installed (faster), else "httpx2"; CIT_LLM_HTTPX=1 forces httpx2."""
    if os.environ.get("CIT_LLM_HTTPX") == "1" or importlib.util.find_spec("aiohttp") is None:
        return "httpx2"
    return "aiohttp"


def _limits(connections: int) -> Any:
    import httpx2

    return httpx2.Limits(max_connections=connections, max_keepalive_connections=connections)
