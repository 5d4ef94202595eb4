"""How busy an LLM run keeps its server: `cit synth --generator llm` against a loopback
server that answers every request after a fixed latency.

With C requests in flight and L seconds each, no run can finish its R requests in less
than the bound R * L / C; utilisation = bound / wall. The server (a child process, so its
CPU is not the run's) plays the model for the default LLM pipeline: Self-Instruct plans and
programs (distinct charts), Evol-Instruct ideas and programs, and Q&A items, answering from
each request's content, so every C makes the same requests. Every chart renders and every
answer is verified in the real sandbox. The last row runs the same job against a server
that answers at once: the time the machine itself needs (sandbox and host CPU), which no
concurrency can beat.

    python bench/llm_pipeline.py                          # 128 charts, 2 s, C = 8, 32, 64
    python bench/llm_pipeline.py --charts 64 --latency 1 --concurrency 16
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

def serve(latency: float) -> None:
    from fake_llm_server import FakeLLMServer
    from llm_scripts import PipelineScript  # answers by content, so every C makes the same requests

    with FakeLLMServer(PipelineScript(), latency=latency, models=("bench-coder",)) as server:
        print("listening", server.base_url, flush=True)
        sys.stdin.read()  # until the parent closes the pipe
        if "--profile" in sys.argv:  # requests in flight, second by second
            arrived = sorted(r.t for r in server.chat_requests)
            t0 = arrived[0] if arrived else 0.0
            secs = int(arrived[-1] - t0 + latency) + 1 if arrived else 0
            busy = [sum(1 for t in arrived if t - t0 <= x + 0.5 < t - t0 + latency) for x in range(secs)]
            print("in flight per second:", " ".join(map(str, busy)), file=sys.stderr)


def start_server(latency: float) -> tuple[subprocess.Popen, str]:
    proc = subprocess.Popen([sys.executable, __file__, "--serve", str(latency), *sys.argv[1:]],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    line = proc.stdout.readline().split()
    if len(line) != 2 or line[0] != "listening":
        proc.kill()
        raise SystemExit(f"server did not start (said {line!r})")
    return proc, line[1]


def one_run(url: str, out: Path, charts: int, concurrency: int, chunk_size: int, workers: int) -> tuple[int, float, str]:
    from cit.config import load_config
    from cit.runner import synth

    config = load_config(overrides={
        "out": str(out), "n": charts, "seed": 1, "generator": "llm", "chunk_size": chunk_size,
        **({"executor.workers": workers} if workers else {}), "synth.engine_seeds": 0,
        "llm": {"model": "bench-coder", "base_url": url, "concurrency": concurrency},
    })
    t0 = time.perf_counter()
    summary = synth(config)
    wall = time.perf_counter() - t0
    last = [json.loads(line) for line in (out / "journal.jsonl").read_text().splitlines() if line.strip()][-1]
    reasons = ", ".join(f"{k} {v}" for k, v in sorted(summary.stats["rejected_by_reason"].items(), key=lambda kv: -kv[1])[:3])
    return last["stats"]["llm"]["requests"], wall, f"{summary.kept} kept, {summary.qa} Q&A; rejected: {reasons or 'none'}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--charts", type=int, default=128)
    parser.add_argument("--latency", type=float, default=2.0)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[8, 32, 64])
    parser.add_argument("--chunk-size", type=int, default=32, help="the default chunk_size")
    parser.add_argument("--workers", type=int, default=0, help="sandbox workers (0: one per CPU)")
    parser.add_argument("--profile", action="store_true", help="the server prints requests in flight per second")
    parser.add_argument("--serve", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve is not None:
        return serve(args.serve)

    import logging

    logging.getLogger("cit").setLevel(logging.WARNING)
    print(f"{args.charts} charts, server latency {args.latency:g} s, chunk_size {args.chunk_size}")
    print(f"{'C':>4} {'requests':>9} {'wall s':>8} {'bound s':>8} {'utilisation':>12}")
    for latency, runs in ((args.latency, args.concurrency), (0.0, [max(args.concurrency)])):
        proc, url = start_server(latency)
        try:
            for c in runs:
                with tempfile.TemporaryDirectory() as tmp:
                    requests, wall, what = one_run(url, Path(tmp) / "run", args.charts, c, args.chunk_size, args.workers)
                if latency:
                    bound = requests * latency / c
                    print(f"{c:>4} {requests:>9} {wall:>8.1f} {bound:>8.1f} {bound / wall:>12.2f}   ({what})", flush=True)
                else:
                    print(f"same run, server answering at once: {wall:.1f} s, the machine's own floor", flush=True)
        finally:
            proc.stdin.close()  # type: ignore[union-attr]
            proc.wait(timeout=10)


if __name__ == "__main__":
    main()
