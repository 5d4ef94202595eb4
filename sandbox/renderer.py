"""The shared plotly renderer: one warm Kaleido (headless Chromium) in its own jail.

Job processes never talk to it. They hand plotly figures to the host as JSON; the host
forwards each one here and gets PNG bytes back. Chromium runs with no network (MathJax
is disabled because it would load from a CDN), and Kaleido reloads the tab after every
figure, so nothing one figure's spec does can affect the next.

Protocol (frames.py) on stdin/stdout:
  renderer -> host  {"op": "ready"} or {"op": "fatal", "error": ...}, then
                    {"op": "image", "id": n, "error": None|str} + [png]
  host -> renderer  {"op": "render", "id": n, "opts": {...}} + [figure JSON]

Usage: boot.py renderer MODE SCRATCH FONTCACHE CHROMIUM TABS TIMEOUT
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
from typing import Any

from .frames import FrameError, read_frame, write_frame

MAX_SPEC = 64 << 20


async def _serve(chromium: str, tabs: int, timeout: float, proto_in: int, proto_out: int) -> None:
    import kaleido

    try:
        k = kaleido.Kaleido(n=tabs, timeout=timeout, mathjax=False, path=chromium)
        await k.open()
    except BaseException as exc:
        write_frame(proto_out, {"op": "fatal", "error": f"{type(exc).__name__}: {exc}"[:500]})
        return
    loop = asyncio.get_running_loop()
    write_frame(proto_out, {"op": "ready"})
    pending: set[asyncio.Task] = set()
    try:
        while True:
            try:
                req, blobs = await loop.run_in_executor(None, read_frame, proto_in, MAX_SPEC)
            except (EOFError, FrameError):
                return
            if req.get("op") != "render" or len(blobs) != 1:
                return
            task = asyncio.create_task(_render(k, req, blobs[0], proto_out))
            pending.add(task)
            task.add_done_callback(pending.discard)
    finally:
        for task in pending:
            task.cancel()
        await k.close()


async def _render(k: Any, req: dict[str, Any], spec: bytes, proto_out: int) -> None:
    opts = {"format": "png", **{key: req["opts"][key] for key in ("width", "height", "scale") if key in req.get("opts", {})}}
    try:
        fig = json.loads(spec)
        png = await k.calc_fig(fig, opts=opts)
        write_frame(proto_out, {"op": "image", "id": req.get("id"), "error": None}, [png])
    except asyncio.CancelledError:
        raise
    except BaseException as exc:
        msg = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        write_frame(proto_out, {"op": "image", "id": req.get("id"), "error": f"{type(exc).__name__}: {msg}"[:300]})


def main(argv: list[str]) -> None:
    mode, scratch, _fonts, chromium, tabs, timeout = argv[:6]
    proto_in, proto_out = os.dup(0), os.dup(1)
    devnull = os.open(os.devnull, os.O_RDWR)
    os.dup2(devnull, 0)
    os.dup2(devnull, 1)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if mode != "jail":
        import ctypes

        ctypes.CDLL(None).prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG: die with the host
    os.chdir(scratch)
    asyncio.run(_serve(chromium, int(tabs), float(timeout), proto_in, proto_out))
    sys.exit(0)
