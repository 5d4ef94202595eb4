"""A small run's output, pinned: refactoring must not change what a config and seed make.

If a change is meant to alter the output (new Q&A wording, a new field), update the hash
in the same commit and say why in its message."""

from __future__ import annotations

import hashlib
from pathlib import Path

from cit.runner import synth
from synth_helpers import small_config

# 2026-12-06: fingerprints moved from provenance to the typed Sample.fingerprints (and three empty
# typed fields added); every other byte of every sample checked equal to the previous output.
PINNED = "86d87637e558d980ea08990b213fe8ce00cb07ab0a7f59289427a1d86d95a388"


def test_a_small_template_run_writes_the_pinned_samples(tmp_path: Path):
    synth(small_config(tmp_path / "run", n=6, chunk_size=3))
    assert hashlib.sha256((tmp_path / "run" / "samples.jsonl").read_bytes()).hexdigest() == PINNED
