"""How the indices of one run are divided: blocks, chunks and shards.

- A *block* is `block_size` consecutive indices. Stages that compare a record with other
  records (dedup, the Self-Instruct example pool) look only inside its block while records
  are made; charts of earlier blocks are compared when a chunk is committed (`cit.blocks`).
  So what happens inside a block never depends on another block.
- A *chunk* is the unit of commit: `chunk_size` indices, never crossing a block boundary.
- A *shard* (`--shard I/N`) is a contiguous run of whole blocks. Shard I of N runs alone, as
  a normal resumable run folder; `cit merge` puts the shards back together and applies the
  cross-block check there, in index order, exactly as a single run does at commit.
"""

from __future__ import annotations

import re

from cit.errors import UserError

_SPEC = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")


def parse_shard(spec: str) -> tuple[int, int]:
    """'I/N' -> (I, N), with 0 <= I < N (I counts from 0, like $SLURM_ARRAY_TASK_ID)."""
    m = _SPEC.match(str(spec))
    if not m:
        raise UserError(f"--shard {spec}: expected I/N, e.g. 0/4 (shard I of N, counting from 0)")
    i, n = int(m.group(1)), int(m.group(2))
    if n < 1:
        raise UserError(f"--shard {spec}: the number of shards must be at least 1")
    if i >= n:
        raise UserError(f"--shard {spec}: shards of {n} are numbered 0 to {n - 1}")
    return i, n


def n_blocks(n: int, block_size: int) -> int:
    return -(-n // block_size)


def block_start(index: int, block_size: int) -> int:
    return index - index % block_size


def shard_range(n: int, block_size: int, shard: str | None) -> tuple[int, int]:
    """The indices [start, end) a run or a shard of it makes."""
    if shard is None:
        return 0, n
    i, count = parse_shard(shard)
    blocks = n_blocks(n, block_size)
    if count > blocks:
        raise UserError(f"--shard {shard}: the run has {blocks} block{'s' * (blocks != 1)} of block_size={block_size} "
                        f"indices, so at most {blocks} shard{'s' * (blocks != 1)}; use fewer shards or a smaller block_size")
    first, last = i * blocks // count, (i + 1) * blocks // count
    return first * block_size, min(n, last * block_size)


def plan_chunks(start: int, end: int, chunk_size: int, block_size: int) -> list[tuple[int, int]]:
    """Chunks of [start, end): `chunk_size` indices each, restarting at every block."""
    chunks = []
    a = start
    while a < end:
        b = min(a + chunk_size, block_start(a, block_size) + block_size, end)
        chunks.append((a, b))
        a = b
    return chunks


def chunk_start(index: int, chunk_size: int, block_size: int) -> int:
    """First index of the chunk that holds `index`."""
    first = block_start(index, block_size)
    return first + (index - first) // chunk_size * chunk_size
