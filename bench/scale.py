"""How `cit synth` scales past one process: a local run, the same run on Ray with 1 and 2
sandbox actors, and two shards merged, side by side on this machine.

Every row makes the same template-engine run (byte-identical folders: checked), so the rows
differ only in where the sandbox work runs. The Ray rows use a real two-node cluster on
loopback (`ray.cluster_utils.Cluster`, one CPU per node); each actor holds a pool of
`--workers` sandbox processes. Driver overhead per chunk is the Ray row's wall time minus
the local row with as many sandbox workers in all, divided by the chunks; commit time is
what the driver spends writing a chunk (journal, fsyncs, image hashes).

    python bench/scale.py                    # 96 charts, chunks of 16, 1 sandbox worker per actor
    python bench/scale.py --charts 192 --workers 2
"""

from __future__ import annotations

import argparse
import hashlib
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def digest(run: Path) -> str:
    h = hashlib.sha256()
    for f in [run / "samples.jsonl", run / "rejected.jsonl", *sorted((run / "images").iterdir())]:
        h.update(f.name.encode() + f.read_bytes())
    return h.hexdigest()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--charts", type=int, default=96)
    ap.add_argument("--chunk-size", type=int, default=16)
    ap.add_argument("--workers", type=int, default=1, help="sandbox workers per actor (and per local pool unit)")
    args = ap.parse_args()

    import ray
    from ray.cluster_utils import Cluster

    from cit.config import load_config
    from cit.merge import merge
    from cit.runfolder import RunFolder
    from cit.runner import synth

    commit_seconds: list[float] = []
    real_commit = RunFolder.commit

    def timed_commit(self, *a, **kw):
        t0 = time.perf_counter()
        real_commit(self, *a, **kw)
        commit_seconds.append(time.perf_counter() - t0)

    RunFolder.commit = timed_commit
    tmp = Path(tempfile.mkdtemp(prefix="cit-scale-"))
    base = {"n": args.charts, "seed": 11, "chunk_size": args.chunk_size, "block_size": args.chunk_size * 3}
    chunks = -(-args.charts // args.chunk_size)

    def run(name: str, **over) -> tuple[float, Path, int]:
        out = tmp / name
        cfg = load_config(overrides={**base, "out": str(out), **over})
        commit_seconds.clear()
        t0 = time.perf_counter()
        summary = synth(cfg)
        wall = time.perf_counter() - t0
        return wall, out, summary.kept

    rows = []
    for k in (1, 2):
        wall, out, kept = run(f"local{k}", **{"executor.workers": args.workers * k})
        rows.append((f"local, {args.workers * k} sandbox worker(s)", wall, kept, out, sum(commit_seconds) / chunks))
    t0 = time.perf_counter()
    cluster = Cluster(initialize_head=True, head_node_args={"num_cpus": 1, "include_dashboard": False})
    cluster.add_node(num_cpus=1)
    ray.init(address=cluster.address, logging_level="error", log_to_driver=False)
    ray_start = time.perf_counter() - t0
    try:
        for k in (1, 2):
            wall, out, kept = run(f"ray{k}", **{"executor.workers": args.workers, "ray.enabled": True,
                                                "ray.address": cluster.address, "ray.actors": k})
            rows.append((f"Ray, {k} actor(s) x {args.workers} worker(s)", wall, kept, out, sum(commit_seconds) / chunks))
    finally:
        ray.shutdown()
        cluster.shutdown()
    shard_wall = 0.0
    for i in range(2):
        wall, _, _ = run(f"shard{i}", **{"executor.workers": args.workers * 2, "shard": f"{i}/2"})
        shard_wall = max(shard_wall, wall)
    t0 = time.perf_counter()
    merge([tmp / "shard0", tmp / "shard1"], tmp / "merged")
    merge_wall = time.perf_counter() - t0
    rows.append(("2 shards (slowest) + merge", shard_wall + merge_wall, rows[1][2], tmp / "merged", 0.0))

    reference = digest(rows[0][3])
    print(f"{args.charts} charts, chunks of {args.chunk_size}, {chunks} chunks; Ray cluster start {ray_start:.1f} s (not counted)")
    print(f"{'run':40} {'wall s':>7} {'charts/s':>9} {'vs local 1':>10} {'commit ms/chunk':>16} identical")
    for name, wall, kept, out, commit in rows:
        print(f"{name:40} {wall:7.1f} {kept / wall:9.2f} {rows[0][1] / wall:10.2f} {commit * 1000:16.1f} "
              f"{digest(out) == reference}")
    for k in (1, 2):
        local, remote = rows[k - 1][1], rows[1 + k][1]
        print(f"driver overhead per chunk, Ray {k} actor(s) vs local with as many workers: "
              f"{(remote - local) / chunks * 1000:.0f} ms")
    print(f"merge: {merge_wall:.2f} s for {chunks} chunks ({merge_wall / chunks * 1000:.0f} ms per chunk)")


if __name__ == "__main__":
    main()
