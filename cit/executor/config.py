"""Limits and options of the sandboxed executor (a section of the run config)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict


class ExecutorConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    workers: int | None = None  # None: one per CPU
    timeout: float = 10.0  # seconds of wall clock per job
    memory_mb: int = 2048
    max_pixels: int = 4_000_000  # images larger than this are scaled down
    isolation: Literal["auto", "bwrap", "none"] = "auto"
