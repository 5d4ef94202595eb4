"""The warm zygote: imports the plotting stack once, then forks a fresh child per job.

Protocol (frames.py) on the zygote's stdin/stdout, which are the bwrap process's pipes:
  zygote -> host  {"op": "ready", ...} once, then {"op": "result", ...} per job
  host -> zygote  {"op": "job", ...} + [program source]
Per job the zygote forks, watches the child (wall clock, process count, files), drains its
stdout/stderr into bounded tails and its result pipe into captures, then kills every
process left and wipes the scratch space, so nothing of one job reaches the next.
The zygote stays single-threaded: fork() from a threaded process is unsafe.

Usage: boot.py zygote MODE SCRATCH FONTCACHE   (MODE is "jail" or "none")
"""

from __future__ import annotations

import gc
import os
import select
import shutil
import signal
import sys
import time
from typing import Any

from . import job, limits  # job is imported here so that forked children find it loaded
from .frames import FrameError, read_frame, write_frame
from .warmup import Warmup
from .watch import MAX_ERROR, MAX_TRACEBACK, MAX_VALUE, JobWatch, bounded

MAX_REQUEST = 16 << 20
IDLE_BEFORE_WARMUP = 0.05  # seconds without a job before the next warm-up step


class Zygote:
    def __init__(self, jailed: bool, scratch: str):
        self.jailed = jailed
        self.scratch = scratch
        self.workdir = os.path.join(scratch, "job")
        self.scratch_mounts = [scratch, "/dev/shm"] if jailed else [scratch]
        # Read-only binds of Python that sit inside the scratch tmpfs (a venv under /tmp):
        # wiping keeps them, and a job that moved one makes the jail unhealthy.
        self.binds = tuple(limits.mount_points(scratch)) if jailed else ()

    # ---- one job ---------------------------------------------------------------------
    def run_job(self, req: dict[str, Any], code: bytes, proto: tuple[int, int]) -> tuple[dict[str, Any], list[bytes]]:
        os.mkdir(self.workdir, 0o700)
        out_r, out_w = os.pipe()
        err_r, err_w = os.pipe()
        res_r, res_w = os.pipe()
        start = time.monotonic()
        pid = os.fork()
        if pid == 0:
            for fd in (*proto, out_r, err_r, res_r):
                os.close(fd)
            job.run(req, code, {"stdout": out_w, "stderr": err_w, "result": res_w}, self.workdir)
        for fd in (out_w, err_w, res_w):
            os.close(fd)
        watch = JobWatch(self, pid, req, {out_r: "stdout", err_r: "stderr", res_r: "result"})
        outcome, status = watch.run(start)
        seconds = time.monotonic() - start
        clean = limits.kill_all(self.jailed)
        watch.drain()
        wiped = self._wipe()
        header = self._result(req, watch, outcome, status, seconds)
        header["modules"] = (watch.done or {}).get("modules")
        header["healthy"] = clean and wiped
        blobs = [blob for _, blob in watch.captures] if header["captures"] else []
        return header, blobs

    def _wipe(self) -> bool:
        try:
            for path in self.scratch_mounts:
                limits.wipe(path, self.binds)
        except (OSError, RecursionError):
            return False
        return not self.jailed or tuple(limits.mount_points(self.scratch)) == self.binds

    def _result(self, req, watch: "JobWatch", outcome, status, seconds) -> dict[str, Any]:
        done = watch.done or {}
        error = outcome or (bounded(done.get("error"), MAX_ERROR) or None)
        if error is None and not watch.done:
            if status is not None and os.WIFSIGNALED(status):
                sig = os.WTERMSIG(status)
                if sig == signal.SIGXCPU:
                    error = f"CPU time limit {req['limits']['cpu_seconds']:g}s exceeded"
                else:
                    error = f"killed by {_signal_name(sig)}"
            elif status is not None and os.WEXITSTATUS(status) != 0:
                error = f"exited with status {os.WEXITSTATUS(status)}"
        if error is None and req.get("capture", True) and not watch.captures:
            error = "no figure drawn"
        value = done.get("value") if error is None and isinstance(done.get("value"), str) else None
        if value is not None and len(value) > MAX_VALUE:
            error, value = f"the call result is larger than {MAX_VALUE} bytes", None
        captures = [c for c, _ in watch.captures] if error is None else []
        return {
            "op": "result",
            "id": req["id"],
            "error": error,
            "traceback": bounded(done.get("traceback"), -MAX_TRACEBACK),
            "stdout": watch.tails["stdout"].text(),
            "stderr": watch.tails["stderr"].text(),
            "seconds": round(seconds, 4),
            "value": value,
            "captures": captures,
            "shims": [s for s in done.get("shims") or [] if isinstance(s, str)][:32] if error is None else [],
        }

    # ---- main loop -------------------------------------------------------------------
    def serve(self, proto_in: int, proto_out: int, ready: dict[str, Any], warm: Warmup) -> None:
        write_frame(proto_out, ready)
        while True:
            # Idle for a moment (not just between two jobs of a busy pool): warm up one step
            # at a time. A step takes up to a few hundred ms, which a waiting job would pay.
            while warm.pending and not select.select([proto_in], [], [], IDLE_BEFORE_WARMUP)[0]:
                warm.step()
                gc.freeze()
            try:
                req, blobs = read_frame(proto_in, MAX_REQUEST)
            except (EOFError, FrameError):
                return
            if req.get("op") != "job":
                return
            try:
                header, images = self.run_job(req, blobs[0] if blobs else b"", (proto_in, proto_out))
            except Exception as exc:  # fork failed, scratch unusable...: report, then restart
                limits.kill_all(self.jailed)
                header, images = _failure(req, f"sandbox error: {type(exc).__name__}: {exc}"), []
            modules = header.pop("modules", None)
            write_frame(proto_out, header, images)
            if not header["healthy"]:
                return  # something survived clean-up: let the host start a fresh jail
            warm.want(modules)  # before the next job: load what this one had to import itself
            gc.freeze()


def _signal_name(sig: int) -> str:
    try:
        return signal.Signals(sig).name
    except ValueError:
        return f"signal {sig}"


def _failure(req: dict[str, Any], error: str) -> dict[str, Any]:
    return {"op": "result", "id": req.get("id"), "error": error, "traceback": None, "stdout": "", "stderr": "",
            "seconds": 0.0, "value": None, "captures": [], "healthy": False}


def main(argv: list[str]) -> None:
    mode, scratch, fontcache = (argv + ["none", "/tmp", ""])[:3]
    jailed = mode == "jail" and os.getpid() == 1
    # The protocol moves off fds 0/1 so that nothing printed by accident can corrupt it.
    proto_in, proto_out = os.dup(0), os.dup(1)
    devnull = os.open(os.devnull, os.O_RDWR)
    os.dup2(devnull, 0)
    os.dup2(devnull, 1)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if not jailed:
        limits.prctl(limits.PR_SET_CHILD_SUBREAPER, 1)
        limits.prctl(limits.PR_SET_PDEATHSIG, signal.SIGKILL)
    limits.prctl(limits.PR_SET_DUMPABLE, 0)  # no ptrace, no /proc/<pid>/fd|mem for jobs
    mplconfig = os.environ.get("MPLCONFIGDIR", os.path.join(scratch, ".mplconfig"))
    os.makedirs(mplconfig, exist_ok=True)
    if fontcache and os.path.isdir(fontcache):
        for name in os.listdir(fontcache):
            if name.endswith(".json"):
                shutil.copyfile(os.path.join(fontcache, name), os.path.join(mplconfig, name))
    t0 = time.monotonic()
    warm = Warmup()
    missing = warm.core()
    zygote = Zygote(jailed, scratch)
    zygote._wipe()
    gc.collect()
    gc.freeze()  # keep the warm heap shared with children instead of copied on first gc
    ready = {
        "op": "ready",
        "jailed": jailed,
        "pid": os.getpid(),
        "threads": limits.thread_count(),
        "preload_s": round(time.monotonic() - t0, 3),
        "missing": missing,
        "python": sys.version.split()[0],
    }
    zygote.serve(proto_in, proto_out, ready, warm)
