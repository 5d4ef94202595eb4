"""Throughput of the openai backend against a local OpenAI-compatible server.

The fake server (tests/fake_llm_server.py) runs in its own process with a fixed latency
per request, so its CPU does not count as the client's. With `concurrency` requests in
flight and `latency` seconds each, no client can beat concurrency / latency requests per
second; this prints how close cit's client gets, and its CPU time per request.

    python bench/llm.py                      # 1,000 requests, concurrency 64, 100 ms
    python bench/llm.py --requests 2000 --concurrency 128 --latency 0.05
    CIT_LLM_HTTPX=1 python bench/llm.py      # the httpx2 transport (when aiohttp is absent)
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from cit.llm import make_llm
from cit.llm.config import LLMConfig
from cit.llm.openai_backend import http_transport

ROOT = Path(__file__).resolve().parent.parent


def start_server(latency: float) -> tuple[subprocess.Popen, str]:
    proc = subprocess.Popen([sys.executable, str(ROOT / "tests" / "fake_llm_server.py"), "--latency", str(latency)],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    line = proc.stdout.readline().split()
    if len(line) != 2 or line[0] != "listening":
        proc.kill()
        raise SystemExit(f"fake server did not start (said {line!r})")
    return proc, line[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--latency", type=float, default=0.1)
    parser.add_argument("--no-cache", action="store_true", help="measure without the sqlite request cache")
    args = parser.parse_args()

    proc, url = start_server(args.latency)
    try:
        with tempfile.TemporaryDirectory() as run_dir:
            cfg = LLMConfig(model="fake-model", base_url=url, concurrency=args.concurrency, cache=not args.no_cache)
            llm = make_llm(cfg, cache_dir=run_dir)
            try:
                # Warm up: open the connections, import lazily loaded modules.
                llm.generate([[{"role": "user", "content": f"warm-up {i}"}] for i in range(args.concurrency)])
                convs = [[{"role": "user", "content": f"request {i}: draw a bar chart"}] for i in range(args.requests)]
                wall0, cpu0 = time.perf_counter(), time.process_time()
                out = llm.generate(convs)
                wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
                failed = sum(1 for c in out if not c.ok)
                # A rerun of the same requests is served from the cache.
                wall1 = time.perf_counter()
                again = llm.generate(convs)
                cached_wall = time.perf_counter() - wall1
            finally:
                llm.close()
    finally:
        assert proc.stdin is not None
        proc.stdin.close()
        _, status, server_usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
    served = args.requests + args.concurrency  # the measured batch and the warm-up
    server_cpu = server_usage.ru_utime + server_usage.ru_stime

    bound = args.concurrency / args.latency
    rate = args.requests / wall
    print(f"requests: {args.requests}  concurrency: {args.concurrency}  latency: {args.latency * 1000:.0f} ms  "
          f"cache: {'off' if args.no_cache else 'on'}  transport: {http_transport()}  failed: {failed}")
    print(f"throughput: {rate:.0f} req/s  bound: {bound:.0f} req/s  fraction of bound: {rate / bound:.2f}")
    print(f"client CPU per request: {cpu / args.requests * 1000:.2f} ms  "
          f"(fake server, its own process: {server_cpu / served * 1000:.2f} ms)")
    if not args.no_cache:
        print(f"rerun from cache: {args.requests / cached_wall:.0f} req/s, "
              f"{sum(c.cached for c in again)}/{len(again)} cached")


if __name__ == "__main__":
    main()
