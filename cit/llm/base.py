"""The one interface every backend implements, and what they share: the request cache,
usage accounting, and a private event loop that makes the API usable from any caller.

Calling conventions (what is supported):
- `llm.generate(...)` from plain sync code, from any thread, and from code that runs
  inside an event loop's thread (it then blocks that loop until the batch is done; in
  async code prefer `await llm.agenerate(...)`).
- `await llm.agenerate(...)` from any event loop, any thread, several at once.
Both run the work on the LLM's own loop thread, so one HTTP client and one connection
pool serve every caller, whichever loop or thread it comes from. Cancelling the caller
(Ctrl-C in `generate`, task cancellation in `agenerate`) cancels the requests in flight.
"""

from __future__ import annotations

import asyncio
import dataclasses
import threading
from collections import Counter
from typing import Any, Callable, ClassVar, Coroutine, Sequence, TypeVar

from cit.llm.cache import ResponseCache, request_key
from cit.llm.config import LLMConfig
from cit.llm.priority import LAST, REQUEST_PRIORITY, thread_priority
from cit.llm.types import Completion, Conversation, Sampling

Done = Callable[[int, Completion], None]
T = TypeVar("T")


class LLM:
    """Base class. A backend implements `_run` (or `_generate_batch` for in-process
    engines) and sets `backend`."""

    backend: ClassVar[str] = "base"

    def __init__(self, cfg: LLMConfig, model: str, cache: ResponseCache | None = None):
        self.cfg = cfg
        self.model = model
        self._cache = cache
        self._defaults = Sampling.from_config(cfg.sampling)
        self._counts: Counter[str] = Counter()
        self._errors_by_kind: Counter[str] = Counter()
        self._retries_by_kind: Counter[str] = Counter()
        self._stats_lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._start_lock = threading.Lock()
        self._closed = False
        self._engine_lock: asyncio.Lock | None = None

    def __repr__(self) -> str:
        return f"<{type(self).__name__} backend={self.backend} model={self.model!r}>"

    # --- public API -----------------------------------------------------------------------

    def generate(self, conversations: Sequence[Conversation],
                 sampling: Sampling | Sequence[Sampling] | None = None) -> list[Completion]:
        """One completion per conversation, in order. Failures come back as completions
        with `error` set; only `LLMFatalError` is raised."""
        return self._call(self._generate(list(conversations), sampling, thread_priority()))

    async def agenerate(self, conversations: Sequence[Conversation],
                        sampling: Sampling | Sequence[Sampling] | None = None) -> list[Completion]:
        loop = self._ensure_loop()
        coro = self._generate(list(conversations), sampling, thread_priority())
        if asyncio.get_running_loop() is loop:
            return await coro
        return await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(coro, loop))

    @property
    def usage(self) -> dict[str, Any]:
        """Counters for stats.json. Tokens and cost count requests actually served by the
        backend; cache hits are counted apart and cost nothing."""
        with self._stats_lock:
            c = dict(self._counts)
            errors = dict(self._errors_by_kind)
            retries = dict(self._retries_by_kind)
        prompt, completion = c.get("prompt_tokens", 0), c.get("completion_tokens", 0)
        price = self.cfg.prices.get(self.model)
        cost = None if price is None else round((prompt * price.input + completion * price.output) / 1e6, 6)
        return {
            "backend": self.backend, "model": self.model,
            "requests": c.get("requests", 0), "cache_hits": c.get("cache_hits", 0),
            "retries": c.get("retries", 0), "retries_by_kind": retries,
            "errors": sum(errors.values()), "errors_by_kind": errors, "truncated": c.get("truncated", 0),
            "prompt_tokens": prompt, "completion_tokens": completion, "cost_usd": cost,
        }

    def check(self) -> None:
        """A cheap call before a run that fails fast with one line if the backend cannot
        serve it (server unreachable, key refused, unknown model). In-process backends: nothing."""

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        if self._loop is not None and self._thread is not None:
            try:
                asyncio.run_coroutine_threadsafe(self._shutdown(), self._loop).result()
            finally:
                self._loop.call_soon_threadsafe(self._loop.stop)
                self._thread.join()
                self._loop.close()
        if self._cache is not None:
            self._cache.close()

    def __enter__(self) -> "LLM":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- for backends -----------------------------------------------------------------------

    def _call(self, coro: Coroutine[Any, Any, T]) -> T:
        """Run a coroutine on the LLM's loop and wait for it, from any other thread."""
        try:
            loop = self._ensure_loop()
            if threading.current_thread() is self._thread:
                raise RuntimeError(f"{self!r}: a blocking call was made from the LLM's own loop; await instead")
        except BaseException:
            coro.close()
            raise
        future = asyncio.run_coroutine_threadsafe(coro, loop)
        try:
            return future.result()
        except BaseException:
            future.cancel()  # Ctrl-C: stop the requests in flight, do not leave them running
            raise

    async def _run(self, conversations: list[Conversation], samplings: list[Sampling], done: Done) -> None:
        """Produce one completion per conversation, reporting each through `done(i, c)` as
        soon as it exists. Default: an in-process engine's synchronous batch call, run in a
        worker thread so the loop stays responsive."""
        if self._engine_lock is None:
            self._engine_lock = asyncio.Lock()
        async with self._engine_lock:  # one batch at a time: engines are not re-entrant
            results = await asyncio.to_thread(self._generate_batch, conversations, samplings)
        for i, completion in enumerate(results):
            done(i, completion)

    def _generate_batch(self, conversations: list[Conversation], samplings: list[Sampling]) -> list[Completion]:
        raise NotImplementedError

    def _cache_extra(self) -> dict[str, Any]:
        """Request fields beyond messages and sampling that change the reply."""
        return {}

    async def _aclose(self) -> None:
        """Release backend resources on the LLM's loop."""

    async def _shutdown(self) -> None:
        # Requests still in flight belong to a run that is stopping: cancel them, so every
        # caller blocked in `generate` gets CancelledError instead of waiting forever.
        others = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        for task in others:
            task.cancel()
        await asyncio.gather(*others, return_exceptions=True)
        try:
            await self._aclose()
        finally:
            await asyncio.get_running_loop().shutdown_default_executor()

    def _count(self, name: str, n: int = 1) -> None:
        with self._stats_lock:
            self._counts[name] += n

    def _count_retry(self, kind: str) -> None:
        with self._stats_lock:
            self._counts["retries"] += 1
            self._retries_by_kind[kind] += 1

    # --- internals --------------------------------------------------------------------------

    def _ensure_loop(self) -> asyncio.AbstractEventLoop:
        if self._closed:
            raise RuntimeError(f"{self!r} is closed")
        with self._start_lock:
            if self._loop is None:
                loop = asyncio.new_event_loop()
                ready = threading.Event()

                def serve() -> None:
                    asyncio.set_event_loop(loop)
                    loop.call_soon(ready.set)
                    loop.run_forever()

                self._thread = threading.Thread(target=serve, name=f"cit-llm-{self.backend}", daemon=True)
                self._thread.start()
                ready.wait()
                self._loop = loop
        return self._loop

    def _samplings(self, n: int, sampling: Sampling | Sequence[Sampling] | None) -> list[Sampling]:
        if sampling is None or isinstance(sampling, Sampling):
            one = (sampling or Sampling()).over(self._defaults)
            return [one] * n
        samplings = list(sampling)
        if len(samplings) != n:
            raise ValueError(f"got {len(samplings)} sampling settings for {n} conversations")
        return [s.over(self._defaults) for s in samplings]

    def _account(self, completion: Completion) -> None:
        with self._stats_lock:
            self._counts["requests"] += 1
            self._counts["prompt_tokens"] += int(completion.usage.get("prompt_tokens", 0))
            self._counts["completion_tokens"] += int(completion.usage.get("completion_tokens", 0))
            if completion.truncated:
                self._counts["truncated"] += 1
            if completion.error_kind is not None:
                self._errors_by_kind[completion.error_kind] += 1

    async def _generate(self, conversations: list[Conversation], sampling: Sampling | Sequence[Sampling] | None,
                        priority: int = LAST) -> list[Completion]:
        REQUEST_PRIORITY.set(priority)  # this task's context: the requests it starts inherit it
        for conv in conversations:
            if not isinstance(conv, list) or not all(isinstance(m, dict) and "role" in m for m in conv):
                raise ValueError("each conversation must be a list of chat messages ({'role': ..., 'content': ...})")
        samplings = self._samplings(len(conversations), sampling)
        results: list[Completion | None] = [None] * len(conversations)
        if self._cache is None:
            todo = {i: [i] for i in range(len(conversations))}
            keys: list[str] = []
        else:
            extra = self._cache_extra()
            keys = [request_key(self.backend, self.model, c, s, extra) for c, s in zip(conversations, samplings)]
            hits = self._cache.get_many(keys)
            todo = {}
            first_of: dict[str, int] = {}
            for i, key in enumerate(keys):
                if key in hits:
                    results[i] = hits[key]
                    self._count("cache_hits")
                elif key in first_of:  # the same request twice in one batch: send it once
                    todo[first_of[key]].append(i)
                else:
                    first_of[key] = i
                    todo[i] = [i]
        order = list(todo)

        def done(j: int, completion: Completion) -> None:
            first = order[j]
            self._account(completion)
            if self._cache is not None:
                self._cache.put(keys[first], self.backend, self.model, completion)
            for n, i in enumerate(todo[first]):
                results[i] = completion if n == 0 else dataclasses.replace(completion)

        if order:
            await self._run([conversations[i] for i in order], [samplings[i] for i in order], done)
        missing = [i for i, r in enumerate(results) if r is None]
        if missing:  # a backend bug, never a silent gap in the output
            raise RuntimeError(f"{self.backend} backend returned no completion for {len(missing)} request(s)")
        return results  # type: ignore[return-value]
