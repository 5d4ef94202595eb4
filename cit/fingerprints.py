"""What two charts are compared by when deduplicating: the program's tokens, its MinHash,
and a perceptual hash of its image. Shared by the dedup stage and by the cross-block check
that runs at commit and at merge (`cit.blocks`), so both judge "the same chart" one way."""

from __future__ import annotations

import hashlib
import io
import tokenize

import imagehash
import numpy as np
from datasketch import MinHash
from PIL import Image

_SKIP = {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT, tokenize.ENCODING}
NUM_PERM = 128


def code_tokens(code: str) -> list[str]:
    try:
        return [t.string for t in tokenize.generate_tokens(io.StringIO(code).readline) if t.type not in _SKIP]
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return code.split()


def code_hash(tokens: list[str]) -> str:
    return hashlib.sha256("\x1f".join(tokens).encode()).hexdigest()[:32]


def minhash(tokens: list[str]) -> MinHash:
    m = MinHash(num_perm=NUM_PERM, seed=1)
    shingles = {"\x1f".join(tokens[i : i + 3]) for i in range(max(1, len(tokens) - 2))}
    m.update_batch([s.encode() for s in shingles])
    return m


def image_phash(path) -> int:
    with Image.open(path) as img:
        return int(str(imagehash.phash(img.convert("RGB"))), 16)


def hamming(hashes: np.ndarray, ph: int) -> np.ndarray:
    """Bits that differ between each 64-bit hash in `hashes` and `ph`."""
    xor = np.bitwise_xor(hashes.astype(np.uint64), np.uint64(ph))
    return np.unpackbits(xor.view(np.uint8).reshape(-1, 8), axis=1).sum(axis=1)
