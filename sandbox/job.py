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

from . import compat, limits
from .capture import Capture
from .frames import write_frame
from .hooks import after_import
from .warmup import PRELOAD

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
    start_state(int(req.get("seed") or 0))
    if req.get("compat", True):
        compat.install()
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
                import plotly.io  # noqa: F401  (installs the capture hooks if the program never did)

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
    return {"t": "done", "error": error, "traceback": tb, "value": value, "shims": list(compat.FIRED),
            "modules": [name for name in PRELOAD if name in sys.modules]}


def start_state(seed: int) -> None:
    """Every job starts from the same state, whatever ran before in this zygote and however
    warm it was: Python's and numpy's global generators seeded from the job, a fixed SVG
    salt, and unseeded numpy Generators (seaborn's bootstrap makes one per call) seeded
    from the job and their call site. Not from a plain counter: scipy makes unseeded
    Generators while it is imported, which a cold zygote leaves to the job. The hash
    seed, fonts and rcParams are fixed by the zygote's environment."""
    import random
    import zlib

    random.seed(seed)
    np = sys.modules.get("numpy")
    if np is not None:
        np.random.seed(seed % (1 << 32))
        original, calls = np.random.default_rng, {}

        def default_rng(seed_arg=None):
            if seed_arg is None:
                caller = sys._getframe(1)
                site = f"{caller.f_globals.get('__name__')}:{caller.f_code.co_name}:{caller.f_lineno}"
                calls[site] = calls.get(site, -1) + 1
                seed_arg = np.random.SeedSequence([seed % (1 << 32), zlib.crc32(site.encode()), calls[site]])
            return original(seed_arg)

        np.random.default_rng = default_rng
    mpl = sys.modules.get("matplotlib")
    if mpl is not None:
        mpl.rcParams["svg.hashsalt"] = "cit"


def _install_hooks(capture: Capture, enabled: bool) -> None:
    def matplotlib_hooks(plt: Any) -> None:
        if enabled:
            capture.install_matplotlib()
        else:
            # A job that only computes values (verification re-runs the chart's code for
            # its variables) draws nothing: rendering and text layout are most of a
            # chart's run time, and no value a program computes depends on them.
            import matplotlib.backend_bases as bb
            import matplotlib.figure as mfig

            plt.show = lambda *a, **k: None
            bb.FigureCanvasBase.print_figure = lambda *a, **k: None
            bb.FigureCanvasBase.draw_idle = lambda *a, **k: None
            mfig.Figure.tight_layout = lambda *a, **k: None

    def plotly_hooks(_: Any) -> None:
        capture.plotly_enabled = enabled
        capture.install_plotly()

    after_import("matplotlib.pyplot", matplotlib_hooks)
    after_import("plotly.io", plotly_hooks)


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
