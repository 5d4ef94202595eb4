"""One pool slot: a warm zygote process (inside its jail) and the host's end of its pipes.

A slot runs one job at a time. Whatever happens to the zygote (killed, hung, talking
nonsense) the slot reports the job it was running and starts a fresh zygote, so a pool
stays usable for thousands of jobs.
"""

from __future__ import annotations

import collections
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from cit.errors import MachineFault
import cit.executor.wire as wire
from cit.executor.jail import JAIL_SCRATCH, Launcher

STARTUP_TIMEOUT = 120.0  # seconds for a zygote to import the plotting stack (contended box)
# The zygote enforces the job timeout itself and may then spend up to 10 s killing a fork
# swarm; the host waits this much longer before it kills the whole jail.
GRACE = 15.0


class SandboxError(RuntimeError):
    """The sandbox itself cannot run (not a job failure)."""


class HostFault(SandboxError, MachineFault):
    """The sandbox cannot run jobs any more (a worker or the renderer will not start): the
    caller's run stops instead of blaming the chart."""


# Sandbox processes die with the *thread* that started them (bwrap --die-with-parent and
# PR_SET_PDEATHSIG follow the parent thread). Starting them all from one thread that lives
# as long as the process keeps a zygote from dying when some short-lived caller thread ends.
_SPAWNER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="cit-spawner")


def popen(cmd: list[str], **kwargs: Any) -> subprocess.Popen:
    return _SPAWNER.submit(subprocess.Popen, cmd, **kwargs).result()


def start_drain(proc: subprocess.Popen, name: str) -> tuple[collections.deque[bytes], threading.Thread]:
    """Keep the last few KiB of a sandbox process's own stderr (for start-up errors)."""
    buf: collections.deque[bytes] = collections.deque(maxlen=64)

    def drain() -> None:
        try:
            for chunk in iter(lambda: proc.stderr.read1(4096), b""):  # type: ignore[union-attr]
                buf.append(chunk)
        except (OSError, ValueError):
            pass

    thread = threading.Thread(target=drain, daemon=True, name=name)
    thread.start()
    return buf, thread


def kill_process(proc: subprocess.Popen, drain: threading.Thread | None) -> None:
    """SIGKILL a sandbox process group (bwrap takes its jail down with it) and close its pipes."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    proc.wait()
    if drain is not None:
        drain.join(timeout=2)  # all writers are dead, so it reaches end of file
    for stream in (proc.stdin, proc.stdout, proc.stderr):
        try:
            if stream is not None:
                stream.close()
        except OSError:
            pass


@dataclass
class RawResult:
    header: dict[str, Any]
    blobs: list[bytes]


class Slot:
    def __init__(self, index: int, launcher: Launcher):
        self.index = index
        self.launcher = launcher
        self.proc: subprocess.Popen | None = None
        self.ready: dict[str, Any] | None = None
        self.scratch: str | None = None
        self._stderr: collections.deque[bytes] = collections.deque(maxlen=64)
        self._drain: threading.Thread | None = None
        self._next_id = 0

    # ---- life cycle -------------------------------------------------------------------
    def spawn(self) -> None:
        """Start a zygote; it imports in the background until wait_ready()."""
        self.kill()
        if self.launcher.isolation == "none":
            self.scratch = tempfile.mkdtemp(prefix=f"cit-slot{self.index}-")
        scratch = self.scratch or JAIL_SCRATCH
        self.proc = popen(
            self.launcher.command("zygote", scratch),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=self.launcher.env(scratch),
            cwd=self.scratch or "/",
            start_new_session=True,
            close_fds=True,
        )
        self.ready = None
        self._stderr, self._drain = start_drain(self.proc, f"cit-slot{self.index}-stderr")

    def stderr_tail(self) -> str:
        return b"".join(self._stderr).decode("utf-8", "replace")[-2000:].strip()

    def wait_ready(self) -> dict[str, Any]:
        if self.proc is None:
            self.spawn()
        if self.ready is not None:
            return self.ready
        assert self.proc is not None and self.proc.stdout is not None
        try:
            header, _ = wire.receive(self.proc.stdout.fileno(), time.monotonic() + STARTUP_TIMEOUT, 0)
        except (wire.PeerGone, wire.PeerTimeout, wire.PeerBroken) as exc:
            self.kill()  # also waits, so the stderr drain has seen everything
            why = self.stderr_tail() or type(exc).__name__
            raise SandboxError(f"sandbox worker failed to start: {why}") from None
        if header.get("op") != "ready":
            self.kill()
            raise SandboxError(f"sandbox worker failed to start: unexpected {header.get('op')!r}")
        self.ready = header
        return header

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def kill(self) -> None:
        proc, self.proc, self.ready = self.proc, None, None
        if proc is not None:
            kill_process(proc, self._drain)
        if self.scratch:
            shutil.rmtree(self.scratch, ignore_errors=True)
            self.scratch = None

    # ---- one job ----------------------------------------------------------------------
    def run(self, request: dict[str, Any], code: bytes, max_reply: int) -> RawResult:
        """Run one job; a broken zygote becomes a failed result plus a fresh zygote."""
        if not self.alive():
            self.spawn()
        self.wait_ready()
        assert self.proc is not None and self.proc.stdin is not None and self.proc.stdout is not None
        self._next_id += 1
        request = dict(request, op="job", id=self._next_id)
        try:
            self._send(request, code)
            deadline = time.monotonic() + float(request["timeout"]) + GRACE
            while True:
                header, blobs = wire.receive(self.proc.stdout.fileno(), deadline, max_reply)
                if header.get("op") == "result" and header.get("id") == self._next_id:
                    break
                raise wire.PeerBroken("reply does not answer the job")
        except wire.PeerTimeout:
            return self._failed(f"timeout after {float(request['timeout']):g}s")
        except wire.PeerGone:
            return self._failed("sandbox worker killed during the job")
        except wire.PeerBroken as exc:
            return self._failed(f"sandbox worker sent a malformed reply ({exc})")
        if header.get("healthy") is not True:
            self.spawn()  # something survived clean-up: start over with a fresh jail
        return RawResult(header, blobs)

    def _send(self, request: dict[str, Any], code: bytes) -> None:
        """Send a job; a zygote that died while idle is replaced once and the job sent again."""
        for attempt in (1, 2):
            assert self.proc is not None and self.proc.stdin is not None
            try:
                wire.send(self.proc.stdin.fileno(), request, [code])
                return
            except wire.PeerGone:
                if attempt == 2:
                    raise
                self.spawn()
                self.wait_ready()

    def _failed(self, error: str) -> RawResult:
        self.spawn()
        return RawResult({"error": error, "captures": []}, [])
