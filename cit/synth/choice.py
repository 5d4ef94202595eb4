"""Deterministic choices from stable hashes.

Every choice the LLM generator makes (chart type, examples, topics, which records evolve,
the direction, the sampling seed sent to the LLM) is a function of the run seed and the
record's index or id, through SHA-256, never Python's per-process salted `hash()`. So a
run, and a resumed run, asks the LLM exactly the same questions.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from cit.stable import stable_int, unit

__all__ = ["llm_seed", "pick", "pick_weighted", "sample", "stable_int", "unit"]

T = TypeVar("T")


def pick(items: Sequence[T], *parts: object) -> T:
    if not items:
        raise ValueError("pick from an empty sequence")
    return items[stable_int(*parts) % len(items)]


def pick_weighted(items: Sequence[T], weights: Sequence[float], *parts: object) -> T:
    total = sum(weights)
    if not items or total <= 0:
        raise ValueError("pick from an empty or zero-weight sequence")
    target = unit(*parts) * total
    acc = 0.0
    for item, w in zip(items, weights):
        acc += w
        if target < acc:
            return item
    return items[-1]


def sample(items: Sequence[T], k: int, *parts: object) -> list[T]:
    """k items at distinct positions (all of them if there are fewer), in O(k) hashes, so
    drawing from a pool of thousands of accepted programs stays cheap."""
    n = len(items)
    if k >= n:
        return [items[i] for i in sorted(range(n), key=lambda i: stable_int(*parts, "order", i))]
    chosen: list[int] = []
    attempt = 0
    while len(chosen) < k:
        i = stable_int(*parts, attempt) % n
        attempt += 1
        if i not in chosen:
            chosen.append(i)
    return [items[i] for i in chosen]


def llm_seed(base: int, *parts: object) -> int:
    """A sampling seed for one request: identical requests are cached as one, so each
    record (and each turn, attempt) needs its own to draw its own reply."""
    return stable_int(base, *parts) % 2**31
