"""Limits and options of the sandboxed executor (a section of the run config)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class ExecutorConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    workers: int | None = Field(None, ge=1)  # None: one per CPU
    timeout: float = Field(10.0, gt=0)  # seconds of wall clock per job
    memory_mb: int = Field(2048, ge=64)  # address space a job may add on top of the preloaded libraries
    max_pixels: int = Field(4_000_000, ge=10_000)  # images larger than this are scaled down
    isolation: Literal["auto", "bwrap", "none"] = "auto"
    max_procs: int = Field(64, ge=2)  # processes alive at once in a job's jail
    max_files: int = Field(10_000, ge=10)  # files and directories a job may create
    disk_mb: int = Field(512, ge=16)  # size of a job's private /tmp
    file_mb: int = Field(64, ge=1)  # largest single file a job may write
    output_bytes: int = Field(16_384, ge=256)  # tail of stdout / stderr kept per job
    result_mb: int = Field(128, ge=1)  # all figures of one job, as sent by the sandbox
    chromium: str = "auto"  # "auto" ($BROWSER_PATH, else chromium on PATH), "off", or a path
    plotly_tabs: int = Field(2, ge=1)  # figures the warm plotly renderer draws at once
    # Seconds the plotly renderer (Chromium) may take to start; past it the run stops with
    # Chromium's own error rather than failing every plotly chart.
    renderer_start_timeout: float = Field(60.0, gt=0)
    # Map removed or renamed library APIs (boxplot(labels=), cm.get_cmap, np.float, ...) to
    # their current form inside the jail; see sandbox/compat.py for the table.
    compat: bool = True
