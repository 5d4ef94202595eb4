"""dedup: drop charts that repeat one already kept in the run.

Three nets, cheapest first:
- exact: a hash of the program's tokens with comments and layout removed;
- near: MinHash over 3-token shingles, with LSH so each check is sub-linear;
- visual: a 64-bit perceptual hash of the image, compared by Hamming distance.
State is rebuilt from samples.jsonl on resume (`restore`), so a resumed run dedups
exactly as an uninterrupted one. The stage compares a chart with the charts of its own
block of indices (`block_size`); charts of earlier blocks are compared when a chunk is
committed (`cit.blocks`), which is what lets shards of one run work apart.

Records run concurrently (see `cit.lanes`), and this stage is `ordered`: records pass it
one at a time in index order. When it is listed twice (before and after evolution), a
record on its v-th pass is compared with the charts that earlier indices kept on passes
up to v, and with everything its own lineage kept before it; a chart of an earlier index
kept on a later pass is not yet settled when this one arrives, so it is left out rather
than let timing decide. Every chart is remembered with its index and pass
(`Sample.fingerprints`), so a resumed run applies the same rule.
"""

from __future__ import annotations

import numpy as np
from datasketch import MinHash, MinHashLSH

from cit.fingerprints import NUM_PERM, code_hash, code_tokens, hamming, image_phash, minhash
from cit.errors import UserError
from cit.pipeline import RunContext, Stage
from cit.record import Fingerprints, Sample

_ANY = 1 << 62  # lane/pass of a check made outside a run: sees everything


class ChartIndex:
    """Every chart dedup has kept in the run, with the index and pass it was kept at: one
    for the run, shared by every place dedup is listed (each with its own thresholds)."""

    def __init__(self, minhash_threshold: float, block_size: int):
        self.threshold, self.block_size = minhash_threshold, block_size
        self.code_seen: dict[str, list[str]] = {}
        self.lsh = MinHashLSH(threshold=minhash_threshold, num_perm=NUM_PERM)
        self.minhashes: dict[str, MinHash] = {}
        self.where: dict[str, tuple[int, int]] = {}  # id -> (index, pass) it was kept at
        self.phash_ids: list[str] = []
        self._phashes = np.zeros(1024, dtype=np.uint64)  # grown by doubling; first len(phash_ids) valid
        self._lanes = np.zeros(1024, dtype=np.int64)
        self._passes = np.zeros(1024, dtype=np.int64)

    def block_start(self, lane: int) -> int:
        """First index of the lane's block: charts of earlier blocks are checked at commit
        (`cit.blocks`), so a shard that holds only this block decides the same."""
        return -(1 << 62) if lane == _ANY else lane - lane % self.block_size

    def visible(self, other: str, lane: int, visit: int) -> bool:
        o_lane, o_visit = self.where[other]
        return o_lane == lane or (self.block_start(lane) <= o_lane < lane and o_visit <= visit)

    def remember(self, s: Sample, m: MinHash, h: str, ph: int | None, lane: int, visit: int) -> None:
        if s.id in self.minhashes:  # restored by another place dedup is listed
            return
        self.code_seen.setdefault(h, []).append(s.id)
        self.lsh.insert(s.id, m)
        self.minhashes[s.id] = m
        self.where[s.id] = (lane, visit)
        if ph is not None:
            n = len(self.phash_ids)
            if n == len(self._phashes):
                self._phashes, self._lanes, self._passes = (
                    np.concatenate([a, np.zeros_like(a)]) for a in (self._phashes, self._lanes, self._passes))
            self._phashes[n], self._lanes[n], self._passes[n] = ph, lane, visit
            self.phash_ids.append(s.id)
        s.fingerprints = Fingerprints(code=h, phash=f"{ph:016x}" if ph is not None else None, dedup_pass=visit)

    def nearest_image(self, ph: int, lane: int, visit: int) -> tuple[str, int] | None:
        n = len(self.phash_ids)
        lanes, passes = self._lanes[:n], self._passes[:n]
        rows = np.flatnonzero((lanes == lane) | ((lanes >= self.block_start(lane)) & (lanes < lane) & (passes <= visit)))
        if not len(rows):
            return None
        dist = hamming(self._phashes[rows], ph)
        i = int(dist.argmin())
        return self.phash_ids[rows[i]], int(dist[i])


class Dedup(Stage):
    name = "dedup"
    section = "dedup"
    ordered = True

    def __init__(self, ctx: RunContext, settings: dict | None = None, label: str | None = None):
        super().__init__(ctx, settings, label)
        run = ctx.config.dedup
        self.index: ChartIndex = ctx.shared("dedup:index", lambda: ChartIndex(run.minhash_threshold, ctx.config.block_size))
        if self.config.dedup.minhash_threshold < self.index.threshold:
            raise UserError(f"stages: {self.label}: minhash_threshold {self.config.dedup.minhash_threshold} is below "
                            f"the run's dedup.minhash_threshold {self.index.threshold}; lower the run's instead")

    def _here(self) -> tuple[int, int]:
        lane, visit = self.ctx.lane, self.ctx.visit
        return (_ANY if lane is None else lane), (_ANY if visit is None else visit)

    def _fingerprints(self, s: Sample) -> tuple[list[str], str, int | None]:
        tokens = code_tokens(s.code)
        ph = image_phash(self.ctx.run_dir / s.image) if s.image else None
        return tokens, code_hash(tokens), ph

    def restore(self, kept: Sample) -> None:
        fp = kept.fingerprints
        tokens = code_tokens(kept.code)
        ph = int(fp.phash, 16) if fp and fp.phash else None
        lane = -1 if kept.index is None else kept.index
        self.index.remember(kept, minhash(tokens), fp.code if fp else code_hash(tokens), ph, lane, fp.dedup_pass if fp else 0)

    def process(self, records: list[Sample]) -> list[Sample]:
        cfg = self.config.dedup
        lane, visit = self._here()
        out: list[Sample] = []
        index = self.index
        for s in records:
            tokens, h, ph = self._fingerprints(s)
            same = [o for o in index.code_seen.get(h, []) if index.visible(o, lane, visit)]
            if cfg.code_hash and same:
                self.drop(s, "duplicate-code", f"same program as {same[0]}")
                continue
            m = minhash(tokens)
            near = [(o, index.minhashes[o].jaccard(m)) for o in sorted(index.lsh.query(m)) if index.visible(o, lane, visit)]
            near = [(o, j) for o, j in near if j >= cfg.minhash_threshold]
            if near:
                other, j = max(near, key=lambda t: t[1])
                self.drop(s, "near-duplicate-code", f"program {j:.0%} similar to {other}")
                continue
            if ph is not None:
                nearest = index.nearest_image(ph, lane, visit)
                if nearest is not None and nearest[1] <= cfg.phash_distance:
                    self.drop(s, "duplicate-image", f"image within {nearest[1]} bits of {nearest[0]}")
                    continue
            index.remember(s, m, h, ph, lane, visit)
            out.append(s)
        return out


STAGE = Dedup
