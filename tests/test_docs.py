"""The docs say what was measured: no placeholder token survives in any README."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SKIP = {".venv", "outputs", ".git", "node_modules", "build", "dist"}
# Tokens a writer leaves to fill in later: BENCH_FIGURES, BENCHMARK_PLACEHOLDER, TBD, TODO, ...
PLACEHOLDER = re.compile(r"\b(?:[A-Z]+_)*(?:PLACEHOLDER|FIGURES|TBD|TODO|FIXME|XXX)(?:_[A-Z]+)*\b")


def readmes() -> list[Path]:
    return sorted(p for p in REPO.rglob("README*.md") if not SKIP & set(p.relative_to(REPO).parts))


def test_there_are_readmes_to_check():
    names = {p.relative_to(REPO).as_posix() for p in readmes()}
    assert {"README.md", "sandbox/README.md"} <= names


def test_no_readme_contains_a_placeholder_token():
    found = [f"{p.relative_to(REPO)}:{i}: {m.group(0)}" for p in readmes()
             for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) for m in PLACEHOLDER.finditer(line)]
    assert not found, found


def test_the_pattern_catches_the_tokens_it_is_for():
    for token in ("BENCH_FIGURES", "BENCHMARK_PLACEHOLDER", "TBD", "TODO", "PLACEHOLDER"):
        assert PLACEHOLDER.search(f"figures: {token} here")
    assert not PLACEHOLDER.search("Figures measured by bench/render.py on 2026-12-06")
