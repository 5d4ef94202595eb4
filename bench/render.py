"""Benchmark: the same chart programs rendered three ways, in charts per second.

    python bench/make_charts.py          # writes bench/charts/*.py (120 programs); render.py does it when missing
    python bench/render.py               # all three ways, then the ratios
    python bench/render.py --limit 40 --skip-naive
    python bench/render.py --quick       # one program per chart kind: checks the script, measures nothing

1. naive: `subprocess.run([python, script])` per chart, one after another (what ReachQA's
   render step does per file). Figures a program never saves are not drawn at all here,
   which flatters this baseline.
2. in-process: `exec` of every program in this one process, no isolation: the ceiling.
   Libraries are imported and the plotly renderer is started before the clock starts;
   figures left open are saved, as the executor does.
3. cit: Executor.map over the warm sandboxed pool (default size: CPU count). Pool start-up
   is reported separately; the plotly renderer is warmed by one chart before the clock.
Then per-job overheads: an empty job's round trip (fork, protocol, clean-up) and the
host's PNG re-encode per image. Then two start-up rows, where the pool's start is counted:
4. first result: `cit render one.py` until its first JSON line, against the whole of
   `python one.py` (median of 5 each, alternating);
5. 60 simple matplotlib charts: `cit render DIR --workers 2` from command to exit, against
   one `python` per chart, 2 at a time.
Run it on a quiet machine; the load average is printed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

HERE = Path(__file__).resolve().parent


def naive(scripts: list[Path], work: Path) -> int:
    ok = 0
    for s in scripts:
        d = work / s.stem
        d.mkdir()
        r = subprocess.run([sys.executable, str(s)], cwd=d, capture_output=True, timeout=300, env=dict(os.environ, MPLBACKEND="Agg"))
        ok += r.returncode == 0
    return ok


def prepare_in_process() -> None:
    """The ceiling gets the same head start as the zygotes: everything imported, Chromium warm."""
    import importlib

    import matplotlib

    matplotlib.use("Agg")
    for name in ("matplotlib.pyplot", "seaborn", "pandas", "scipy.stats", "networkx", "squarify", "plotly.express"):
        importlib.import_module(name)
    import kaleido

    kaleido.start_sync_server(n=1, mathjax=False, silence_warnings=True)
    warnings.filterwarnings("ignore", message="The kopts argument is ignored")


def in_process(scripts: list[Path], work: Path) -> int:
    import matplotlib as mpl
    import matplotlib.pyplot as plt

    saved = mpl.rcParams.copy()
    here = os.getcwd()
    ok = 0
    for s in scripts:
        d = work / s.stem
        d.mkdir()
        os.chdir(d)
        try:
            exec(compile(s.read_bytes(), str(s), "exec"), {"__name__": "__main__"})
            for num in plt.get_fignums():
                plt.figure(num).savefig(f"left{num}.png")
            ok += 1
        except Exception as exc:
            print(f"  in-process failure {s.name}: {exc}", file=sys.stderr)
        finally:
            plt.close("all")
            mpl.rcParams.update(saved)
            os.chdir(here)
    return ok


def sandboxed(scripts: list[Path], out: Path, workers: int | None) -> tuple[int, float, float, float, float]:
    from cit.executor import Executor, Job
    from cit.executor.images import store_png

    t0 = time.perf_counter()
    with Executor(out, workers=workers, timeout=60) as ex:
        startup = time.perf_counter() - t0
        plotly = [s for s in scripts if "plotly" in s.read_text()]
        if plotly:
            ex.run(Job(plotly[0].read_text(), "warm-plotly"))
        jobs = [Job(s.read_text(), s.stem) for s in scripts]
        t1 = time.perf_counter()
        results = list(ex.map(jobs))
        elapsed = time.perf_counter() - t1
        for r in results:
            if not r.ok:
                print(f"  cit failure {r.name}: {r.error}", file=sys.stderr)
        empty = [ex.run(Job("pass", "empty", capture=False)).seconds for _ in range(20)]
        images = [p for r in results for p in r.images][:40]
        t2 = time.perf_counter()
        for p in images:
            store_png(p.read_bytes(), out / "reencode.png", ex.config.max_pixels)
        reencode = (time.perf_counter() - t2) / max(len(images), 1)
    return sum(r.ok for r in results), elapsed, startup, sorted(empty)[len(empty) // 2], reencode


SIMPLE = """import matplotlib.pyplot as plt
values = {values}
fig, ax = plt.subplots(figsize=(6, 4))
ax.{kind}(range(len(values)), values)
ax.set_title("Simple chart {i}")
ax.set_xlabel("Month")
ax.set_ylabel("Units")
plt.savefig("chart.png")
"""


def simple_charts(folder: Path, n: int) -> list[Path]:
    folder.mkdir(parents=True)
    paths = []
    for i in range(n):
        values = [((i * 7 + k * 13) % 40) + 5 for k in range(6 + i % 5)]
        kind = ("bar", "plot", "scatter")[i % 3]
        paths.append(folder / f"simple_{i:03d}.py")
        paths[-1].write_text(SIMPLE.format(values=values, kind=kind, i=i))
    return paths


def first_result(script: Path, work: Path, repeats: int = 5) -> tuple[float, float]:
    """Median seconds: `python script` to exit, and `cit render script` to its first JSON line."""
    python, cit = [], []
    for r in range(repeats):
        d = _fresh(work / f"first-{r}")
        t = time.perf_counter()
        subprocess.run([sys.executable, str(script)], cwd=d, capture_output=True, check=True, env=dict(os.environ, MPLBACKEND="Agg"))
        python.append(time.perf_counter() - t)
        t = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "cit", "render", str(script), "--out", str(d / "cit")],
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        line = proc.stdout.readline()
        cit.append(time.perf_counter() - t)
        proc.wait()
        assert b'"ok": true' in line, line
    return sorted(python)[repeats // 2], sorted(cit)[repeats // 2]


def sixty(work: Path, n: int = 60) -> tuple[float, float]:
    """Seconds for n simple charts: one python per chart 2 at a time, and `cit render --workers 2`."""
    from concurrent.futures import ThreadPoolExecutor

    scripts = simple_charts(work / "simple", n)
    env = dict(os.environ, MPLBACKEND="Agg")

    def one(s: Path) -> None:
        d = _fresh(work / "simple-naive" / s.stem)
        subprocess.run([sys.executable, str(s)], cwd=d, capture_output=True, check=True, env=env)

    t = time.perf_counter()
    with ThreadPoolExecutor(2) as pool:
        list(pool.map(one, scripts))
    naive_s = time.perf_counter() - t
    t = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "cit", "render", str(work / "simple"), "--out", str(work / "simple-cit"), "--workers", "2"],
                          capture_output=True, text=True)
    cit_s = time.perf_counter() - t
    assert proc.stdout.count('"ok": true') == n, proc.stderr[-500:]
    return naive_s, cit_s


def startup_rows(work: Path) -> list[str]:
    one = simple_charts(work / "one", 1)[0]
    python_s, cit_s = first_result(one, work)
    print(f"first result : python one.py {python_s:.2f}s, cit render one.py {cit_s:.2f}s = {cit_s / python_s:.2f}x   (target <= 1.5x)")
    naive_s, cit60 = sixty(work)
    print(f"60 simple    : python per chart, 2 at a time {naive_s:.1f}s, cit render --workers 2 {cit60:.1f}s = {naive_s / cit60:.1f}x faster   (target >= 5x)")
    return [
        f"| first result of `cit render one.py` (start-up counted) | {cit_s:.2f} s vs {python_s:.2f} s for `python one.py` | {cit_s / python_s:.2f}x the time |",
        f"| 60 simple matplotlib charts, `cit render --workers 2` (start-up counted) | {cit60:.1f} s vs {naive_s:.1f} s for one `python` per chart, 2 at a time | {naive_s / cit60:.1f}x faster |",
    ]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--charts", type=Path, default=HERE / "charts")
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--workers", type=int, default=None)
    ap.add_argument("--skip-naive", action="store_true")
    ap.add_argument("--quick", action="store_true", help="one program per chart kind (a smoke run, not a measurement)")
    ap.add_argument("--startup-only", action="store_true", help="only the first-result and 60-chart rows")
    args = ap.parse_args()
    if args.startup_only:
        work = Path(tempfile.mkdtemp(prefix="cit-bench-"))
        try:
            print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}")
            print("\nFor the README:\n" + "\n".join(["| start-up | measured | ratio |", "|---|---|---:|", *startup_rows(work)]))
        finally:
            shutil.rmtree(work, ignore_errors=True)
        return
    if args.charts == HERE / "charts" and not any(args.charts.glob("*.py")):
        import make_charts  # generated, not committed: the same 120 programs every time (fixed seed)

        make_charts.main()
    scripts = sorted(p.resolve() for p in args.charts.glob("*.py"))
    if args.quick:
        scripts = list({s.stem.split("_", 1)[-1]: s for s in reversed(scripts)}.values())[::-1]
    scripts = scripts[: args.limit]
    if not scripts:
        sys.exit(f"no chart programs in {args.charts}: run bench/make_charts.py first")
    n = len(scripts)
    n_plotly = sum("plotly" in s.read_text() for s in scripts)
    print(f"{n} charts ({n_plotly} plotly), {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}")
    work = Path(tempfile.mkdtemp(prefix="cit-bench-"))
    try:
        rates = {}
        ok, secs, startup, empty, reencode = sandboxed(scripts, work / "cit", args.workers)
        rates["cit"] = n / secs
        print(f"cit executor : {ok}/{n} ok in {secs:6.1f}s = {rates['cit']:6.2f} charts/s (pool start-up {startup:.1f}s, not counted)")
        prepare_in_process()
        t = time.perf_counter()
        ok = in_process(scripts, _fresh(work / "inproc"))
        rates["in-process"] = n / (time.perf_counter() - t)
        print(f"in-process   : {ok}/{n} ok in {n / rates['in-process']:6.1f}s = {rates['in-process']:6.2f} charts/s")
        if not args.skip_naive:
            t = time.perf_counter()
            ok = naive(scripts, _fresh(work / "naive"))
            rates["naive"] = n / (time.perf_counter() - t)
            print(f"naive        : {ok}/{n} ok in {n / rates['naive']:6.1f}s = {rates['naive']:6.2f} charts/s")
            print(f"cit / naive      = {rates['cit'] / rates['naive']:5.1f}x   (target >= 8x)")
        print(f"cit / in-process = {rates['cit'] / rates['in-process']:5.2f}x   (target >= 0.6x)")
        print(f"overheads: empty job round trip {empty * 1000:.1f} ms (median of 20); host PNG check + re-encode {reencode * 1000:.1f} ms/image")
        rows = startup_rows(work)
        print(f"load average at the end {os.getloadavg()[0]:.2f}")
        if args.quick:
            print("quick mode: a smoke run of the script; these rates are not a measurement")
        print("\nFor the README:\n" + markdown(rates, n, n_plotly, startup))
        print("\n| start-up | measured | ratio |\n|---|---|---:|\n" + "\n".join(rows))
    finally:
        shutil.rmtree(work, ignore_errors=True)


def markdown(rates: dict[str, float], n: int, n_plotly: int, startup: float) -> str:
    """The figures as a Markdown table, ready to paste."""
    rows = [("naive `subprocess.run` per chart", "naive"), ("in-process `exec`, no isolation (ceiling)", "in-process"), ("cit executor (sandboxed, warm pool)", "cit")]
    lines = [
        f"{n} chart programs ({n_plotly} plotly), {os.cpu_count()} CPUs; pool start-up {startup:.1f} s, not counted.",
        "",
        "| way | charts/s | cit is |",
        "|---|---:|---:|",
    ]
    for label, key in rows:
        if key in rates:
            ratio = "" if key == "cit" else f"{rates['cit'] / rates[key]:.2f}x"
            lines.append(f"| {label} | {rates[key]:.2f} | {ratio} |")
    return "\n".join(lines)


def _fresh(d: Path) -> Path:
    d.mkdir(parents=True)
    return d


if __name__ == "__main__":
    main()
