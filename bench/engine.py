"""Built-in chart engine throughput, without rendering.

    python bench/engine.py            # 2000 charts, then one evolution each
    python bench/engine.py --n 500 --library plotly

Prints charts (programs) per second, Q&A items per second, and the same for evolution.
"""

from __future__ import annotations

import argparse
import time

from cit.engine import ChartEngine


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--library", action="append", help="limit to a library (repeatable)")
    args = ap.parse_args()
    eng = ChartEngine(seed=args.seed, libraries=args.library)

    t0 = time.perf_counter()
    samples = [eng.generate(i) for i in range(args.n)]
    gen_s = time.perf_counter() - t0
    qa = sum(len(s.qa) for s in samples)
    lines = sum(s.code.count("\n") for s in samples)

    t0 = time.perf_counter()
    children = [c for c in (eng.evolve(s) for s in samples) if c is not None]
    evo_s = time.perf_counter() - t0
    evo_qa = sum(len(c.qa) for c in children)

    print(f"generate: {args.n} charts in {gen_s:.2f} s -> {args.n / gen_s:,.0f} programs/s, {qa / gen_s:,.0f} Q&A/s "
          f"({qa / args.n:.1f} Q&A and {lines / args.n:.0f} lines per program)")
    print(f"evolve:   {len(children)} charts in {evo_s:.2f} s -> {len(children) / evo_s:,.0f} programs/s, {evo_qa / evo_s:,.0f} Q&A/s "
          f"({args.n - len(children)} had no applicable direction)")


if __name__ == "__main__":
    main()
