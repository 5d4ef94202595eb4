"""Peak memory of a `cit synth` run as N grows: records are streamed, so it should stay flat.

    python bench/synth_memory.py [--sizes 200 2000] [--workers 2]

Runs the template pipeline for each N in a fresh process and prints the parent process's
peak RSS (VmHWM; the sandbox workers are separate, fixed-size processes) and throughput.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHILD = """
import json, sys, time
from cit.config import load_config
from cit.runner import synth
cfg = load_config(overrides={"out": sys.argv[1], "n": int(sys.argv[2]), "seed": 1, "executor.workers": int(sys.argv[3])})
t0 = time.perf_counter()
s = synth(cfg)
hwm = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM"))
print(json.dumps({"n": s.n, "kept": s.kept, "inputs": s.inputs, "seconds": time.perf_counter() - t0, "peak_rss_mib": hwm / 1024}))
"""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[200, 2000])
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    rows = []
    for n in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            t0 = time.perf_counter()
            out = subprocess.run([sys.executable, "-c", CHILD, str(Path(tmp) / "run"), str(n), str(args.workers)],
                                 capture_output=True, text=True, check=True)
            row = json.loads(out.stdout.strip().splitlines()[-1])
            row["wall"] = time.perf_counter() - t0
            rows.append(row)
            print(f"n={n:5d}: peak RSS {row['peak_rss_mib']:.0f} MiB, {row['inputs']} records "
                  f"({row['kept']} kept) in {row['seconds']:.0f}s = {row['inputs'] / row['seconds']:.1f} records/s", flush=True)
    if len(rows) >= 2:
        a, b = rows[0], rows[-1]
        print(f"peak RSS ratio n={b['n']} / n={a['n']}: {b['peak_rss_mib'] / a['peak_rss_mib']:.2f}x "
              f"for {b['n'] / a['n']:.0f}x the samples")


if __name__ == "__main__":
    main()
