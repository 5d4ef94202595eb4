"""Host side of the shared plotly renderer (sandbox/renderer.py): start it on first use,
keep it warm, send it figure JSON from any thread, restart it if it dies."""

from __future__ import annotations

import collections
import os
import subprocess
import tempfile
import threading
import time
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any

import cit.executor.wire as wire
from cit.executor.jail import JAIL_SCRATCH, Launcher
from cit.executor.slot import HostFault, kill_process, popen, start_drain

STARTUP_TIMEOUT = 120.0
MAX_PNG = 64 << 20
NO_CHROMIUM = "plotly needs Chromium: apt-get install chromium"


class RenderError(Exception):
    pass


class PlotlyRenderer:
    def __init__(self, launcher: Launcher, chromium: str | None, tabs: int, timeout: float,
                 start_timeout: float = STARTUP_TIMEOUT):
        self.launcher = launcher
        self.start_timeout = start_timeout
        self.chromium = chromium
        self.tabs = tabs
        self.timeout = timeout
        self._lock = threading.Lock()  # start/stop and writes
        self._proc: subprocess.Popen | None = None
        self._pending: dict[int, Future] = {}
        self._next = 0
        self._stderr: collections.deque[bytes] = collections.deque()
        self._drain: threading.Thread | None = None
        self._scratch: str | None = None

    def render(self, spec: bytes, opts: dict[str, Any], timeout: float) -> bytes:
        if self.chromium is None:
            raise RenderError(NO_CHROMIUM)
        fut: Future = Future()
        with self._lock:
            self._ensure_started()
            self._next += 1
            rid = self._next
            self._pending[rid] = fut
            assert self._proc is not None and self._proc.stdin is not None
            try:
                wire.send(self._proc.stdin.fileno(), {"op": "render", "id": rid, "opts": opts}, [spec])
            except wire.PeerGone:
                self._pending.pop(rid, None)
                self._stop_locked()
                raise RenderError("plotly renderer crashed") from None
        try:
            return fut.result(timeout=timeout + 10)
        except FutureTimeout:
            with self._lock:
                self._pending.pop(rid, None)
            raise RenderError(f"plotly render timed out after {timeout:g}s") from None

    def _ensure_started(self) -> None:
        if self._proc is not None and self._proc.poll() is None:
            return
        self._stop_locked()
        chromium = os.path.realpath(self.chromium or "")
        extra = tuple({os.path.dirname(chromium), os.path.dirname(self.chromium or "")} - {"/usr/bin", "/bin"})
        if self.launcher.isolation == "none":
            self._scratch = tempfile.mkdtemp(prefix="cit-plotly-")
        scratch = self._scratch or JAIL_SCRATCH
        cmd = self.launcher.command("renderer", scratch, extra_ro=extra)
        cmd += [self.chromium or "", str(self.tabs), str(self.timeout)]
        proc = popen(
            cmd,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=self.launcher.env(scratch),
            cwd=self._scratch or "/",
            start_new_session=True,
        )
        self._stderr, self._drain = start_drain(proc, "cit-plotly-stderr")
        assert proc.stdout is not None
        # A renderer that cannot start is the machine's fault (Chromium missing its
        # libraries, a sandbox that will not run it): HostFault stops the run with
        # Chromium's own words instead of failing every plotly chart.
        try:
            header, _ = wire.receive(proc.stdout.fileno(), time.monotonic() + self.start_timeout, 0)
        except (wire.PeerGone, wire.PeerTimeout, wire.PeerBroken) as exc:
            kill_process(proc, self._drain)
            tail = " ".join(b"".join(self._stderr).decode("utf-8", "replace").split())[-300:]
            why = f"not ready within {self.start_timeout:g}s (executor.renderer_start_timeout)" \
                if isinstance(exc, wire.PeerTimeout) else "it exited"
            raise HostFault(f"the plotly renderer failed to start: {why}" + (f": {tail}" if tail else "")) from None
        if header.get("op") != "ready":
            kill_process(proc, self._drain)
            raise HostFault(f"the plotly renderer failed to start: {str(header.get('error'))[:300]}")
        self._proc = proc
        threading.Thread(target=self._read_replies, args=(proc,), daemon=True, name="cit-plotly-reader").start()

    def _read_replies(self, proc: subprocess.Popen) -> None:
        assert proc.stdout is not None
        fd = proc.stdout.fileno()
        while True:
            try:
                header, blobs = wire.receive(fd, None, MAX_PNG)
            except (wire.PeerGone, wire.PeerBroken, wire.PeerTimeout):
                break
            with self._lock:
                fut = self._pending.pop(header.get("id"), None) if isinstance(header.get("id"), int) else None
            if fut is None:
                continue
            if header.get("error") or len(blobs) != 1:
                fut.set_exception(RenderError(f"plotly render failed: {str(header.get('error'))[:300]}"))
            else:
                fut.set_result(blobs[0])
        with self._lock:
            if self._proc is proc:
                self._stop_locked()

    def _stop_locked(self) -> None:
        proc, self._proc = self._proc, None
        if proc is not None:
            kill_process(proc, self._drain)
        for fut in self._pending.values():
            if not fut.done():
                fut.set_exception(RenderError("plotly renderer crashed"))
        self._pending.clear()
        if self._scratch:
            import shutil

            shutil.rmtree(self._scratch, ignore_errors=True)
            self._scratch = None

    def close(self) -> None:
        with self._lock:
            self._stop_locked()

