"""Seeding: every random choice comes from a generator seeded by a stable hash.

Python's `hash()` of a string is salted per process, so seeds go through sha256 and
come out the same on every machine and every run.
"""

from __future__ import annotations

import random

from cit.stable import stable_int

__all__ = ["rng_for", "stable_int"]


def rng_for(*parts: object) -> random.Random:
    return random.Random(stable_int(*parts))
