"""What goes into the executor and what comes back."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class Job:
    code: str  # the program's source
    name: str  # label for output file names; the executor makes it safe and unique in out_dir
    timeout: float | None = None  # seconds of wall clock; None: the executor's default
    # An expression evaluated after the program ran (e.g. "answer()"); its JSON-serialisable
    # result comes back as JobResult.value. Used to verify Q&A by running answer programs.
    call: str | None = None
    capture: bool = True  # False: no figure is expected and none is kept
    # Seed of the job's random generators (random, numpy's global one, unseeded
    # default_rng()); None: derived from the program's text, so reruns draw the same image.
    seed: int | None = None


@dataclass
class JobResult:
    name: str
    ok: bool
    images: list[Path] = field(default_factory=list)  # kept PNGs, absolute, in drawing order
    error: str | None = None  # short reason, e.g. "timeout after 10s"
    traceback: str | None = None  # tail, for self-repair prompts
    stdout: str = ""  # bounded tails
    stderr: str = ""
    seconds: float = 0.0
    sandbox: str = "none"  # "bwrap", or "none" when running without isolation
    value: Any = None  # result of Job.call
    # One dict per image: library, width, height, text_overlaps, clipped_texts, texts, axes.
    figures: list[dict[str, Any]] = field(default_factory=list)
    # Compatibility shims that fired (sandbox/compat.py), e.g. "matplotlib.boxplot-labels".
    shims: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "ok": self.ok,
            "images": [str(p) for p in self.images],
            "error": self.error,
            "traceback": self.traceback,
            "stdout": self.stdout,
            "stderr": self.stderr,
            "seconds": round(self.seconds, 3),
            "sandbox": self.sandbox,
            "value": self.value,
            "figures": self.figures,
            "shims": self.shims,
        }
