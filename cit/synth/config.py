"""Settings of the LLM chart generator (a section of the run config)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class SynthConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    examples: int = Field(3, ge=0)  # seed/accepted programs shown per Self-Instruct prompt
    topics_per_prompt: int = Field(2, ge=1)
    turns: int = Field(2, ge=1, le=2)  # 2: plan (backstory + data) then code; 1: code directly
    repair_attempts: int = Field(2, ge=0)
    min_lines: int = 10
    max_lines: int = 150
