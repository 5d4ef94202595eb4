"""The Executor: a warm pool of sandboxed zygotes that runs untrusted chart programs.

    with Executor(out_dir) as ex:
        for res in ex.map(jobs):          # parallel, results in input order
            ...
        res = await ex.arun(job)          # from async code

Every job comes back as a JobResult, whatever the program did. Only failures of the
machine raise: a sandbox that cannot start at all (SandboxError), a worker or the plotly
renderer that will not start during a run (HostFault), and a host that cannot write an
image (UserError, e.g. "disk full while writing ..."), because rejecting a chart for the
machine's fault would lose it for good. Images are written by the host, never by jobs.
"""

from __future__ import annotations

import asyncio
import collections
import hashlib
import json
import logging
import math
import os
import queue
import re
import shutil
import threading
import time
import warnings
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from cit.errors import UserError
from cit.executor.config import ExecutorConfig
from cit.executor.images import ImageRejected, store_png
from cit.executor.jail import Launcher, bwrap_problem, find_chromium, font_cache
from cit.executor.plotly_renderer import PlotlyRenderer, RenderError
from cit.executor.slot import HostFault, RawResult, SandboxError, Slot
from cit.executor.types import Job, JobResult

log = logging.getLogger("cit.executor")
FIGURE_KEYS = ("text_overlaps", "clipped_texts", "texts", "axes")


def cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def choose_isolation(setting: str, launcher: Launcher | None = None) -> str:
    """What "auto" | "bwrap" | "none" means on this machine.

    Fails closed: "auto" runs without a jail only where bubblewrap is not installed at
    all (loudly). Where it is installed but cannot start a jail, that is a broken setup,
    not a reason to run untrusted code unsandboxed: stop, quoting bwrap's own error.
    """
    if setting == "none":
        problem = "isolation 'none' was requested"
    else:
        launcher = launcher or Launcher("bwrap")
        problem = bwrap_problem(launcher)
        if problem is None:
            return "bwrap"
        if setting == "bwrap":
            raise UserError(f"isolation 'bwrap' was requested, but {problem}")
        if shutil.which(launcher.bwrap):
            raise UserError(
                f"{problem}. Refusing to run chart programs unsandboxed; to accept that risk explicitly, "
                "pass --isolation none (executor.isolation: none)"
            )
    msg = (
        f"UNSANDBOXED: chart programs run without isolation ({problem}). They can read your files, "
        "use the network and see other jobs. Every result says sandbox='none'."
    )
    log.warning(msg)
    warnings.warn(msg, RuntimeWarning, stacklevel=3)
    return "none"


class Executor:
    def __init__(self, out_dir: str | os.PathLike, config: ExecutorConfig | None = None, **overrides: Any):
        try:
            self.config = ExecutorConfig.model_validate({**(config or ExecutorConfig()).model_dump(), **overrides})
        except ValidationError as exc:
            first = exc.errors()[0]
            raise UserError(f"executor setting {'.'.join(map(str, first['loc']))}: {first['msg']}") from None
        self.out_dir = Path(out_dir).resolve()
        try:
            self.out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UserError(f"cannot create image folder {out_dir}: {exc.strerror or exc}") from None
        if not os.access(self.out_dir, os.W_OK):
            raise UserError(f"image folder {out_dir} is not writable")
        cfg = self.config
        self.workers = cfg.workers or cpu_count()
        launcher = Launcher("bwrap", disk_mb=cfg.disk_mb)
        self.isolation = launcher.isolation = choose_isolation(cfg.isolation, launcher)
        self._slots = [Slot(i, launcher) for i in range(self.workers)]
        self._free: queue.SimpleQueue[Slot] = queue.SimpleQueue()
        # Twice the slots: while one thread writes images or waits on plotly, its slot already runs the next job.
        self._pool = ThreadPoolExecutor(max_workers=2 * self.workers, thread_name_prefix="cit-exec")
        self._renderer = PlotlyRenderer(launcher, find_chromium(cfg.chromium), cfg.plotly_tabs, cfg.timeout,
                                        cfg.renderer_start_timeout)
        self._names: set[str] = set()
        self._lock = threading.Lock()
        self._started = False
        self._closed = False

    # ---- life cycle ----------------------------------------------------------------------
    def __enter__(self) -> "Executor":
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def start(self) -> None:
        """Start every zygote at once; return as soon as the first one is ready.

        The others finish warming up in the background and join the pool when ready, so
        the first jobs run while the pool is still starting. A sandbox that cannot start
        at all raises here, before any job runs."""
        with self._lock:
            if self._closed:
                raise RuntimeError("this Executor is closed")
            if self._started:
                return
            font_cache()
            for slot in self._slots:
                slot.spawn()
            try:
                _wait_ready(self._slots[0])
            except SandboxError:
                for slot in self._slots:
                    slot.kill()
                raise
            self._free.put(self._slots[0])
            for slot in self._slots[1:]:
                threading.Thread(target=self._join_when_ready, args=(slot,), daemon=True, name="cit-warm").start()
            self._started = True

    def _join_when_ready(self, slot: Slot) -> None:
        try:
            _wait_ready(slot)
        except SandboxError as exc:
            log.warning("%s", exc)  # the slot restarts its zygote before its next job
        self._free.put(slot)

    def close(self) -> None:
        with self._lock:
            if self._closed:
                return
            self._closed = True
        self._pool.shutdown(wait=True, cancel_futures=True)
        for slot in self._slots:
            slot.kill()
        self._renderer.close()

    # ---- running -------------------------------------------------------------------------
    def run(self, job: Job) -> JobResult:
        return self._execute(job)

    def map(self, jobs: Iterable[Job]) -> Iterator[JobResult]:
        """Run jobs over the pool; yields results in input order, submitting lazily."""
        self.start()
        window: collections.deque[Future] = collections.deque()
        try:
            for job in jobs:
                window.append(self._pool.submit(self._execute, job))
                if len(window) >= 2 * self.workers:
                    yield window.popleft().result()
            while window:
                yield window.popleft().result()
        finally:
            for fut in window:
                fut.cancel()

    async def arun(self, job: Job) -> JobResult:
        return await asyncio.wrap_future(self._pool.submit(self._execute, job))

    def _execute(self, job: Job) -> JobResult:
        self.start()
        base = self._claim_name(job.name)
        cfg = self.config
        timeout = float(job.timeout or cfg.timeout)
        request = {
            "filename": f"{base}.py",
            "timeout": timeout,
            "capture": bool(job.capture),
            "call": job.call,
            "seed": job.seed if job.seed is not None else job_seed(job.code),
            "compat": cfg.compat,
            "limits": {
                "memory_mb": cfg.memory_mb,
                "cpu_seconds": timeout + 1,
                "max_procs": cfg.max_procs,
                "max_files": cfg.max_files,
                "disk_mb": cfg.disk_mb,
                "file_mb": cfg.file_mb,
                "output_bytes": cfg.output_bytes,
                "result_mb": cfg.result_mb,
                "max_pixels": cfg.max_pixels,
            },
        }
        slot = self._free.get()
        started = time.monotonic()  # the job's own time, not its wait for a free slot
        try:
            raw = self._run_on(slot, request, job.code)
        finally:
            self._free.put(slot)
        return self._finish(job, base, timeout, raw, started)

    def _run_on(self, slot: Slot, request: dict[str, Any], code: str) -> RawResult:
        """A worker that will not start (again) is the machine's failure, not the job's:
        after one fresh try it stops the caller (HostFault) instead of failing the chart."""
        for attempt in (1, 2):
            try:
                return slot.run(request, _source_bytes(code), (self.config.result_mb << 20) + (8 << 20))
            except SandboxError as exc:
                if attempt == 2:
                    raise HostFault(f"the sandbox cannot run jobs any more ({exc}); "
                                    "nothing was rejected for it: fix the machine and rerun the same command") from None
                slot.kill()
        raise AssertionError("unreachable")

    def _claim_name(self, name: str) -> str:
        base = re.sub(r"[^A-Za-z0-9_-]+", "_", str(name)).strip("_-")[:80] or "job"
        with self._lock:
            candidate, n = base, 1
            while candidate in self._names:
                n += 1
                candidate = f"{base}-{n}"
            self._names.add(candidate)
        return candidate

    def _forget(self, base: str, images: list[Path]) -> None:
        """Delete a job's images and free its name: a name is only taken by the files
        written under it (a repaired program reuses it)."""
        for path in images:
            path.unlink(missing_ok=True)
        with self._lock:
            self._names.discard(base)

    def _finish(self, job: Job, base: str, timeout: float, raw: RawResult, started: float) -> JobResult:
        h, cfg = raw.header, self.config
        error = _text(h.get("error"), 500) or None
        images: list[Path] = []
        figures: list[dict[str, Any]] = []
        captures = h.get("captures") if isinstance(h.get("captures"), list) else []
        if error is None and len(captures) != len(raw.blobs):
            error = "sandbox worker sent a malformed reply"
        if error is None:
            for i, (meta, blob) in enumerate(zip(captures, raw.blobs)):
                meta = meta if isinstance(meta, dict) else {}
                path = self.out_dir / (f"{base}.png" if i == 0 else f"{base}.{i + 1}.png")
                try:
                    if meta.get("kind") == "plotly":
                        blob = self._renderer.render(blob, _plotly_opts(meta.get("opts"), cfg.max_pixels), timeout)
                    elif meta.get("kind") != "png":
                        raise ImageRejected("unknown figure kind")
                    width, height = store_png(blob, path, cfg.max_pixels)
                except (RenderError, ImageRejected) as exc:
                    error = str(exc) if isinstance(exc, RenderError) else f"image rejected: {exc}"
                    break
                except UserError:
                    # The host cannot write (disk full, folder gone): not the program's fault,
                    # and quietly reporting a failed chart would lose it. Undo, then stop the caller.
                    self._forget(base, images)
                    raise
                images.append(path)
                figures.append(_figure_info(meta.get("figure"), width, height))
        if error is not None:
            self._forget(base, images)
            images, figures = [], []
        elif not images:
            self._forget(base, [])
        value = None
        if error is None and isinstance(h.get("value"), str):
            try:
                value = json.loads(h["value"])
            except ValueError:
                error = "the call result is not valid JSON"
        return JobResult(
            name=job.name,
            ok=error is None,
            images=images,
            error=error,
            traceback=_text(h.get("traceback"), 8000) or None,
            stdout=_text(h.get("stdout"), cfg.output_bytes + 64),
            stderr=_text(h.get("stderr"), cfg.output_bytes + 64),
            seconds=time.monotonic() - started,
            sandbox=self.isolation,
            value=value,
            figures=figures,
            shims=[x for x in h.get("shims") or [] if isinstance(x, str)][:32] if error is None else [],
        )


def _wait_ready(slot: Slot) -> None:
    try:
        slot.wait_ready()
    except SandboxError:
        slot.spawn()  # one retry: a contended box can be slow the first time
        slot.wait_ready()


def job_seed(code: str) -> int:
    """The seed a job's random generators start from when the job names none: a function
    of the program alone, so the same program draws the same image in any run."""
    return int.from_bytes(hashlib.sha256(_source_bytes(code)).digest()[:8], "big") >> 1


def _source_bytes(code: str) -> bytes:
    try:
        return code.encode("utf-8", "surrogateescape")  # round-trips files read with surrogateescape
    except UnicodeEncodeError:
        return code.encode("utf-8", "surrogatepass")


def _text(value: Any, limit: int) -> str:
    """A string from the sandbox, made valid UTF-8 and bounded (keeping the tail)."""
    if not isinstance(value, str):
        return ""
    return value.encode("utf-8", "replace").decode("utf-8")[-limit:]


def _plotly_opts(opts: Any, max_pixels: int) -> dict[str, Any]:
    """Width, height and scale for the renderer, checked and capped to the pixel budget."""
    opts = opts if isinstance(opts, dict) else {}
    out: dict[str, Any] = {"width": 700, "height": 500, "scale": 1.0}
    for key, lo, hi in (("width", 10, 20_000), ("height", 10, 20_000), ("scale", 0.01, 20.0)):
        v = opts.get(key)
        if isinstance(v, (int, float)) and not isinstance(v, bool) and lo <= v <= hi:
            out[key] = v
    out["scale"] = min(float(out["scale"]), math.sqrt(max_pixels / (out["width"] * out["height"])))
    return out


def _figure_info(meta: Any, width: int, height: int) -> dict[str, Any]:
    meta = meta if isinstance(meta, dict) else {}
    lib = meta.get("library")
    info: dict[str, Any] = {"library": lib if lib in ("matplotlib", "plotly") else "unknown", "width": width, "height": height}
    for key in FIGURE_KEYS:
        v = meta.get(key)
        info[key] = v if isinstance(v, int) and not isinstance(v, bool) and v >= 0 else None
    return info
