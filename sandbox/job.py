"""The job child: a fresh fork of the warm zygote that runs one program and exits.

Everything the program changes (pyplot state, rcParams, monkeypatched numpy, sys.modules)
lives in this process's copy of memory and dies with it. The child reports through one
pipe: a frame per captured figure as it is drawn, then a final "done" frame.
"""

from __future__ import annotations

import builtins
import json
import linecache
import os
import sys
import traceback
from typing import Any, NoReturn

from . import limits
from .capture import Capture
from .frames import write_frame

MAX_ERROR = 400
MAX_TRACEBACK = 6000
MAX_VALUE = 1 << 20


def run(req: dict[str, Any], code: bytes, pipes: dict[str, int], workdir: str) -> NoReturn:
    result_fd = pipes["result"]
    try:
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        os.dup2(pipes["stdout"], 1)
        os.dup2(pipes["stderr"], 2)
        limits.enter_job(req["limits"], keep_fds=(result_fd,))
        os.chdir(workdir)
        for stream in (sys.stdout, sys.stderr):
            stream.reconfigure(line_buffering=True, errors="backslashreplace")
        done = _run_program(req, code, result_fd, workdir)
    except BaseException as exc:  # our own failure: still report something useful
        done = {"t": "done", "error": f"sandbox error: {type(exc).__name__}: {exc}"[:MAX_ERROR], "traceback": None, "value": None}
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BaseException:
        pass
    try:
        write_frame(result_fd, done)
    finally:
        os._exit(0)


def _run_program(req: dict[str, Any], code: bytes, result_fd: int, workdir: str) -> dict[str, Any]:
    filename = req["filename"]
    text = code.decode("utf-8", "replace")
    linecache.cache[filename] = (len(text), None, text.splitlines(True), filename)
    capture = Capture(result_fd, int(req["limits"]["max_pixels"]))
    _install_hooks(capture, bool(req.get("capture", True)))
    namespace: dict[str, Any] = {"__name__": "__main__", "__file__": os.path.join(workdir, filename), "__builtins__": builtins}
    sys.argv = [filename]
    memory_mb = int(req["limits"]["memory_mb"])
    error = tb = value = None
    try:
        exec(compile(code, filename, "exec", dont_inherit=True), namespace)
    except SystemExit as exc:
        if exc.code not in (None, 0):
            error = f"SystemExit: {exc.code}"[:MAX_ERROR]
    except BaseException as exc:
        error, tb = describe(exc, filename, memory_mb)
    if error is None and req.get("capture", True):
        try:
            capture.capture_open_figures()
            if capture.count == 0 and "plotly" in sys.modules:
                capture.capture_plotly_globals(namespace)
        except BaseException as exc:
            error, tb = describe(exc, filename, memory_mb)
    if error is None and req.get("call"):
        try:
            result = eval(compile(req["call"], "<call>", "eval", dont_inherit=True), namespace)
            value = json.dumps(result, default=_jsonable)
            if len(value) > MAX_VALUE:
                error, value = f"result of {req['call']} is larger than {MAX_VALUE} bytes", None
        except BaseException as exc:
            error, tb = describe(exc, filename, memory_mb)
    return {"t": "done", "error": error, "traceback": tb, "value": value}


def _install_hooks(capture: Capture, enabled: bool) -> None:
    if "matplotlib.pyplot" in sys.modules:
        if enabled:
            capture.install_matplotlib()
        else:
            sys.modules["matplotlib.pyplot"].show = lambda *a, **k: None
    if "plotly.io" in sys.modules:
        capture.plotly_enabled = enabled
        capture.install_plotly()


def describe(exc: BaseException, filename: str, memory_mb: int) -> tuple[str, str]:
    """A one-line reason and a traceback tail that starts in the program's own code."""
    if isinstance(exc, MemoryError):
        reason = f"memory limit {memory_mb} MiB exceeded"
    else:
        msg = str(exc).strip().replace("\n", " ")
        reason = f"{type(exc).__name__}: {msg}" if msg else type(exc).__name__
    tb = exc.__traceback__
    while tb is not None and tb.tb_frame.f_code.co_filename != filename:
        tb = tb.tb_next
    lines = traceback.format_exception(type(exc), exc, tb)
    return reason[:MAX_ERROR], "".join(lines)[-MAX_TRACEBACK:]


def _jsonable(obj: Any) -> Any:
    if hasattr(obj, "tolist"):  # numpy arrays and scalars, pandas index-likes
        return obj.tolist()
    if isinstance(obj, (set, frozenset, tuple)):
        return list(obj)
    raise TypeError(f"{type(obj).__name__} is not JSON-serialisable")
