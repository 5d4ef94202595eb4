"""Where cit's bundled files live, in a source checkout and in an installed wheel.

The repo keeps `prompts/` and `sandbox/` at the top level; the wheel carries them as
`cit/_prompts` and `cit/_sandbox` (see pyproject.toml). Callers ask here, never guess.
"""

from __future__ import annotations

from pathlib import Path

_PKG = Path(__file__).resolve().parent


def _bundled(name: str) -> Path:
    inside = _PKG / f"_{name}"
    if inside.is_dir():
        return inside
    beside = _PKG.parent / name
    if beside.is_dir():
        return beside
    raise FileNotFoundError(f"cit is missing its bundled '{name}/' folder (looked in {inside} and {beside})")


def prompts_dir() -> Path:
    return _bundled("prompts")


def sandbox_dir() -> Path:
    return _bundled("sandbox")


def cache_dir() -> Path:
    """Per-user cache (prepared font caches and the like); created on demand."""
    import os

    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    d = base / "cit"
    d.mkdir(parents=True, exist_ok=True)
    return d
