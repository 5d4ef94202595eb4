"""Stable pseudo-random numbers from names: the same on every machine, run and Python.

Every deterministic choice in cit (chart types, topics, which records evolve, sampling
seeds) hashes its parts here. `sep` exists only so the choices made before this module
existed keep their values ("|" for evolution and question sampling seeds)."""

from __future__ import annotations

import hashlib


def stable_int(*parts: object, sep: str = "\x1f") -> int:
    """A 64-bit integer determined only by `parts` (their str() forms)."""
    digest = hashlib.sha256(sep.join(map(str, parts)).encode()).digest()
    return int.from_bytes(digest[:8], "big")


def unit(*parts: object, sep: str = "\x1f") -> float:
    """A number in [0, 1) determined only by `parts`."""
    return stable_int(*parts, sep=sep) / 2**64
