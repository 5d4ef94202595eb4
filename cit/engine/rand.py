"""Seeding: every random choice comes from a generator seeded by a stable hash.

Python's `hash()` of a string is salted per process, so seeds go through sha256 and
come out the same on every machine and every run.
"""

from __future__ import annotations

import hashlib
import random


def stable_int(*parts: object) -> int:
    """A 64-bit integer determined only by `parts` (their str() forms)."""
    digest = hashlib.sha256("\x1f".join(map(str, parts)).encode()).digest()
    return int.from_bytes(digest[:8], "big")


def rng_for(*parts: object) -> random.Random:
    return random.Random(stable_int(*parts))
