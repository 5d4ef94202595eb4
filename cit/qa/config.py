"""Settings of Q&A generation and verification (a section of the run config)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class QAConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    recognition: int = Field(3, ge=0)  # per chart
    reasoning: int = Field(4, ge=0)
