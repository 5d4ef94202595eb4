"""The cross-block dedup check, run when a chunk is committed (and by `cit merge`).

While records are made, dedup compares a chart only with charts of its own block of
indices (see `cit.shards`). When a chunk is committed, every chart it keeps is compared with
the charts kept in earlier blocks, by the same three nets as the dedup stage (program hash,
MinHash similarity, image hash); a repeat is rejected here, at stage `dedup_blocks`, with
the same reasons. A single run commits its chunks in index order and `cit merge` replays the
shards' chunks in index order, so both decide exactly the same.

The check runs only when the run has more than one block and lists `dedup`.
"""

from __future__ import annotations

import time

import numpy as np
from datasketch import MinHash, MinHashLSH

from cit.config import RunConfig
from cit.fingerprints import NUM_PERM, code_hash, code_tokens, hamming, minhash
from cit.pipeline import Stats
from cit.record import Rejected, Sample
from cit.shards import n_blocks

NAME = "dedup_blocks"


def needs_block_check(config: RunConfig, stage_names: list[str]) -> bool:
    return "dedup" in stage_names and n_blocks(config.n, config.block_size) > 1


class BlockCheck:
    """Charts kept in blocks before the current one, and the rule that compares with them."""

    def __init__(self, config: RunConfig):
        self.cfg = config.dedup
        self.block_size = config.block_size
        self.block = -1  # the block being committed; its own charts are not compared here
        self.pending: list[tuple[Sample, str, MinHash, int | None]] = []  # kept in the current block
        self.code: dict[str, str] = {}  # program hash -> first id kept with it
        self.lsh = MinHashLSH(threshold=self.cfg.minhash_threshold, num_perm=NUM_PERM)
        self.minhashes: dict[str, MinHash] = {}
        self.phash_ids: list[str] = []
        self.phashes: list[int] = []

    def _enter(self, index: int) -> None:
        block = index // self.block_size
        if block != self.block:  # the previous block is complete: its charts become visible
            for s, h, m, ph in self.pending:
                self.code.setdefault(h, s.id)
                self.lsh.insert(s.id, m)
                self.minhashes[s.id] = m
                if ph is not None:
                    self.phash_ids.append(s.id)
                    self.phashes.append(ph)
            self.pending, self.block = [], block

    @staticmethod
    def _fingerprints(s: Sample) -> tuple[str, MinHash, int | None]:
        fp = s.fingerprints
        tokens = code_tokens(s.code)
        ph = int(fp.phash, 16) if fp and fp.phash else None
        return fp.code if fp else code_hash(tokens), minhash(tokens), ph

    def _repeat(self, h: str, m: MinHash, ph: int | None) -> tuple[str, str] | None:
        cfg = self.cfg
        if cfg.code_hash and h in self.code:
            return "duplicate-code", f"same program as {self.code[h]}, kept in an earlier block"
        near = [(o, self.minhashes[o].jaccard(m)) for o in sorted(self.lsh.query(m))]
        near = [(o, j) for o, j in near if j >= cfg.minhash_threshold]
        if near:
            other, j = max(near, key=lambda t: t[1])
            return "near-duplicate-code", f"program {j:.0%} similar to {other}, kept in an earlier block"
        if ph is not None and self.phashes:
            dist = hamming(np.array(self.phashes, dtype=np.uint64), ph)
            i = int(dist.argmin())
            if int(dist[i]) <= cfg.phash_distance:
                return "duplicate-image", f"image within {int(dist[i])} bits of {self.phash_ids[i]}, kept in an earlier block"
        return None

    def restore(self, kept: Sample) -> None:
        """A committed survivor, in commit order (resume)."""
        assert kept.index is not None
        self._enter(kept.index)
        self.pending.append((kept, *self._fingerprints(kept)))

    def check(self, records: list[Sample], stats: Stats) -> tuple[list[Sample], list[Rejected]]:
        """Split a chunk's kept records into survivors and repeats of earlier blocks."""
        t0 = time.perf_counter()
        kept: list[Sample] = []
        dropped: list[Rejected] = []
        for s in records:
            assert s.index is not None
            self._enter(s.index)
            h, m, ph = self._fingerprints(s)
            repeat = self._repeat(h, m, ph)
            if repeat is None:
                kept.append(s)
                self.pending.append((s, h, m, ph))
            else:
                dropped.append(Rejected(stage=NAME, reason=repeat[0], detail=repeat[1], record=s))
                stats.reasons[f"{NAME}/{repeat[0]}"] += 1
        stats.stage_in[NAME] += len(records)
        stats.stage_out[NAME] += len(kept)
        stats.stage_dropped[NAME] += len(dropped)
        stats.stage_seconds[NAME] += time.perf_counter() - t0
        return kept, dropped
