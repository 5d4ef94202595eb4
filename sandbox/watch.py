"""Supervision of one job child by the zygote: pipes drained into bounded tails and
captures, wall clock, process count and scratch usage checked every few milliseconds.

Everything the child sends is untrusted: frames are size-checked, and only small scalar
facts survive from its figure metadata.
"""

from __future__ import annotations

import os
import select
import time
from typing import TYPE_CHECKING, Any

from . import limits
from .frames import FrameError, FrameParser

if TYPE_CHECKING:
    from .zygote import Zygote

WATCH_JAILED = 0.01  # seconds between process/file checks while a job runs
WATCH_DEGRADED = 0.1  # scanning the host's whole /proc is dearer
MAX_CAPTURES = 64
MAX_ERROR = 500
MAX_TRACEBACK = 8000
MAX_VALUE = 1 << 20
FIGURE_KEYS = ("library", "width", "height", "text_overlaps", "clipped_texts", "texts", "axes", "scale")


class Tail:
    """The last `limit` bytes of a stream, and how much came before them."""

    def __init__(self, limit: int):
        self.limit, self.total, self.buf = limit, 0, bytearray()

    def feed(self, data: bytes) -> None:
        self.total += len(data)
        self.buf += data
        if len(self.buf) > self.limit:
            del self.buf[: len(self.buf) - self.limit]

    def text(self) -> str:
        cut = self.total - len(self.buf)
        head = f"[... {cut} bytes cut ...]\n" if cut else ""
        return head + self.buf.decode("utf-8", "replace")


def bounded(text: Any, limit: int) -> str | None:
    """A string field from the job, cut to `limit` chars (negative: keep the tail)."""
    if not isinstance(text, str):
        return None
    return text[limit:] if limit < 0 else text[:limit]


def figure_facts(figure: Any) -> dict[str, Any]:
    """Only the small scalar facts the host uses; anything else the job put there is dropped."""
    if not isinstance(figure, dict):
        return {}
    return {
        k: v
        for k, v in figure.items()
        if k in FIGURE_KEYS and (v is None or isinstance(v, (int, float)) or (isinstance(v, str) and len(v) <= 32))
    }


class JobWatch:
    """Supervises one job child until it exits, runs out of time, or breaks a limit."""

    def __init__(self, zygote: Zygote, pid: int, req: dict[str, Any], fds: dict[int, str]):
        lim = req["limits"]
        self.z, self.pid, self.lim = zygote, pid, lim
        self.timeout = float(req["timeout"])
        self.fds = dict(fds)
        self.tails = {"stdout": Tail(int(lim["output_bytes"])), "stderr": Tail(int(lim["output_bytes"]))}
        self.parser = FrameParser(max_total=int(lim["result_mb"]) << 20)
        self.result_bytes = 0
        self.captures: list[tuple[dict[str, Any], bytes]] = []
        self.done: dict[str, Any] | None = None
        self.broken: str | None = None

    def run(self, start: float) -> tuple[str | None, int | None]:
        pidfd = os.pidfd_open(self.pid)
        interval = WATCH_JAILED if self.z.jailed else WATCH_DEGRADED
        deadline = start + self.timeout
        next_check = start
        try:
            while True:
                now = time.monotonic()
                if now >= deadline:
                    return f"timeout after {self.timeout:g}s", None
                ready, _, _ = select.select([pidfd, *self.fds], [], [], min(interval, deadline - now))
                for fd in ready:
                    if fd != pidfd:
                        self._read(fd)
                if pidfd in ready:
                    return self.broken, os.waitpid(self.pid, 0)[1]
                if self.broken:
                    return self.broken, None
                if time.monotonic() >= next_check:
                    next_check = time.monotonic() + interval
                    over = self._over_limit()
                    if over:
                        return over, None
        finally:
            os.close(pidfd)

    def _over_limit(self) -> str | None:
        lim = self.lim
        if self.z.jailed:
            if limits.count_processes() > int(lim["max_procs"]):
                return f"process limit {lim['max_procs']} exceeded"
            used_bytes, used_files = 0, 0
            for path in self.z.scratch_mounts:
                b, n = limits.tmpfs_usage(path)
                used_bytes, used_files = used_bytes + b, used_files + n
            if used_files > int(lim["max_files"]):
                return f"file limit {lim['max_files']} exceeded"
            if used_bytes > int(lim["disk_mb"]) << 20:
                return f"disk limit {lim['disk_mb']} MiB exceeded"
        elif len(limits.descendants(os.getpid())) > int(lim["max_procs"]):
            return f"process limit {lim['max_procs']} exceeded"
        return None

    def _read(self, fd: int) -> None:
        try:
            data = os.read(fd, 1 << 16)
        except BlockingIOError:
            return
        if not data:
            del self.fds[fd]
            os.close(fd)
            return
        name = self.fds[fd]
        if name != "result":
            self.tails[name].feed(data)
            return
        self.result_bytes += len(data)
        if self.broken:
            return
        if self.result_bytes > (int(self.lim["result_mb"]) << 20):
            self.broken = f"figures larger than {self.lim['result_mb']} MiB in total"
            return
        try:
            for header, blobs in self.parser.feed(data):
                self._frame(header, blobs)
        except FrameError as exc:
            self.broken = f"job sent a malformed result ({exc})"

    def _frame(self, header: dict[str, Any], blobs: list[bytes]) -> None:
        kind = header.get("t")
        if kind == "capture" and len(blobs) == 1 and header.get("kind") in ("png", "plotly"):
            if len(self.captures) >= MAX_CAPTURES:
                self.broken = f"more than {MAX_CAPTURES} figures"
                return
            meta = {"kind": header["kind"], "figure": figure_facts(header.get("figure")), "opts": figure_facts(header.get("opts"))}
            self.captures.append((meta, blobs[0]))
        elif kind == "done":
            self.done = header
        else:
            self.broken = "job sent a malformed result (unknown frame)"

    def drain(self) -> None:
        """Read what the (now dead) writers left in the pipes, then close them."""
        for fd in list(self.fds):
            os.set_blocking(fd, False)
            while fd in self.fds:
                try:
                    self._read(fd)
                except BlockingIOError:
                    break
            if fd in self.fds:
                del self.fds[fd]
                os.close(fd)
