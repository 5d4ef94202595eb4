"""The request cache: a resumed or repeated run never pays twice for the same request.

One sqlite file in the run folder (WAL mode). A row is keyed by a hash of everything
that decides the reply (backend, model, messages, sampling including the seed, extra
request fields) and holds only the reply: no API key, no base URL, no messages. Only
replies the model actually produced are stored (truncated ones included, since they
were paid for); failures never are, so a rerun retries them.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any, Iterable

from cit.errors import UserError
from cit.llm.types import Completion, Conversation, Sampling

CACHE_FILE = "llm_cache.sqlite"
log = logging.getLogger("cit.llm")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS completions (
    key TEXT PRIMARY KEY,
    backend TEXT NOT NULL,
    model TEXT NOT NULL,
    text TEXT NOT NULL,
    finish_reason TEXT,
    usage TEXT NOT NULL,
    created REAL NOT NULL
)
"""


def request_key(backend: str, model: str, messages: Conversation, sampling: Sampling,
                extra: dict[str, Any] | None = None) -> str:
    """A stable hash of one request (same inputs, same key, across processes and runs)."""
    payload = {"backend": backend, "model": model, "messages": messages,
               "sampling": sampling.as_dict(), "extra": extra or {}}
    blob = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


class ResponseCache:
    """Thread-safe within one process: one connection, one lock."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._lock = threading.Lock()
        self._writable = True
        try:
            self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None, timeout=30.0)
            self._db.execute("PRAGMA journal_mode=WAL")
            # WAL + NORMAL keeps every commit durable against a process crash (only an OS
            # crash can lose the last commits), at a fraction of the cost of FULL.
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute(_SCHEMA)
        except sqlite3.DatabaseError as exc:
            raise UserError(f"LLM cache {self.path} is unusable ({exc}); delete it to start without cached replies") from None

    def get_many(self, keys: Iterable[str]) -> dict[str, Completion]:
        wanted = list(dict.fromkeys(keys))
        found: dict[str, Completion] = {}
        with self._lock:
            for start in range(0, len(wanted), 500):
                chunk = wanted[start:start + 500]
                marks = ",".join("?" * len(chunk))
                rows = self._db.execute(
                    f"SELECT key, text, finish_reason, usage FROM completions WHERE key IN ({marks})", chunk
                ).fetchall()
                for key, text, finish_reason, usage in rows:
                    found[key] = Completion(text=text, finish_reason=finish_reason, usage=json.loads(usage), cached=True)
        return found

    def put(self, key: str, backend: str, model: str, completion: Completion) -> None:
        if not completion.ok or not self._writable:
            return
        with self._lock:
            try:
                self._db.execute(
                    "INSERT OR REPLACE INTO completions (key, backend, model, text, finish_reason, usage, created)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (key, backend, model, completion.text, completion.finish_reason,
                     json.dumps(completion.usage, sort_keys=True), time.time()),
                )
            except sqlite3.Error as exc:
                # The reply itself is still returned; only its reuse on a rerun is lost.
                self._writable = False
                log.warning("LLM cache %s stopped accepting writes (%s); replies are no longer cached", self.path, exc)

    def __len__(self) -> int:
        with self._lock:
            return self._db.execute("SELECT COUNT(*) FROM completions").fetchone()[0]

    def close(self) -> None:
        with self._lock:
            try:
                self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            except sqlite3.Error:
                pass
            self._db.close()
