"""Which waiting request gets the next free connection slot.

A run moves many records through its stages at once (`cit.lanes`), each waiting on at most
one request. Serving the lowest record index first lets records finish — so their sandbox
work starts while the server is busy with later ones, and chunks commit early — instead
of every record's first turn going out before any record's second. The caller's thread
names its priority (`thread_priority`); the request carries it to the LLM's loop in a
context variable.
"""

from __future__ import annotations

import asyncio
import contextvars
import heapq
import itertools
import threading
from collections import deque
from typing import Any

LAST = 1 << 62  # callers that name no priority wait behind every record
REQUEST_PRIORITY: contextvars.ContextVar[int] = contextvars.ContextVar("cit_request_priority", default=LAST)
_thread = threading.local()


def set_thread_priority(priority: int | None) -> None:
    _thread.priority = LAST if priority is None else priority


def thread_priority() -> int:
    return getattr(_thread, "priority", LAST)


class PrioritySlots:
    """A pool of items (HTTP clients) handed out lowest priority first, ties in arrival order."""

    def __init__(self, items: list[Any]):
        self._free: deque[Any] = deque(items)
        self._waiters: list[tuple[int, int, asyncio.Future]] = []
        self._order = itertools.count()

    async def get(self, priority: int) -> Any:
        if self._free and not self._waiters:
            return self._free.popleft()
        future = asyncio.get_running_loop().create_future()
        heapq.heappush(self._waiters, (priority, next(self._order), future))
        try:
            return await future
        except asyncio.CancelledError:
            if future.done() and not future.cancelled():
                self.put(future.result())  # handed a slot just as the request was cancelled
            raise

    def put(self, item: Any) -> None:
        while self._waiters:
            _, _, future = heapq.heappop(self._waiters)
            if not future.done():
                future.set_result(item)
                return
        self._free.append(item)
