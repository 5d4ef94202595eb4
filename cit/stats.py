"""Run-wide counters: per stage (in, out, dropped, seconds), per reject reason, per chart
type, per Q&A kind, family and steps, and free-form counters. Saved with every commit, so a
resumed run continues them; lanes keep their own and the runner merges them in index order."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Stats:
    """Run-wide counters; saved after every committed chunk so a resumed run continues them."""

    stage_in: Counter = field(default_factory=Counter)
    stage_out: Counter = field(default_factory=Counter)
    stage_dropped: Counter = field(default_factory=Counter)
    stage_seconds: defaultdict = field(default_factory=lambda: defaultdict(float))
    reasons: Counter = field(default_factory=Counter)  # "stage/reason" -> n
    kept_by_type: Counter = field(default_factory=Counter)
    rejected_by_type: Counter = field(default_factory=Counter)
    qa_by_kind: Counter = field(default_factory=Counter)
    qa_by_family: Counter = field(default_factory=Counter)  # question family (or engine template group, or "llm")
    qa_by_steps: Counter = field(default_factory=Counter)  # dependent steps of the solution program
    counters: Counter = field(default_factory=Counter)  # free-form: attempts, repairs, ...
    inputs: int = 0  # records created by the source and by evolution
    kept: int = 0
    rejected: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "inputs": self.inputs,
            "kept": self.kept,
            "rejected": self.rejected,
            "stages": {
                name: {
                    "in": self.stage_in[name],
                    "out": self.stage_out[name],
                    "dropped": self.stage_dropped[name],
                    "seconds": round(self.stage_seconds[name], 3),
                }
                for name in self.stage_in
            },
            "rejected_by_reason": dict(sorted(self.reasons.items())),
            "kept_by_type": dict(sorted(self.kept_by_type.items())),
            "rejected_by_type": dict(sorted(self.rejected_by_type.items())),
            "qa_by_kind": dict(sorted(self.qa_by_kind.items())),
            "qa_by_family": dict(sorted(self.qa_by_family.items())),
            "qa_by_steps": dict(sorted(self.qa_by_steps.items())),
            "counters": dict(sorted(self.counters.items())),
        }

    def merge(self, other: "Stats") -> None:
        """Add another record's counts (lanes keep their own; the runner merges them in index order)."""
        for name in ("stage_in", "stage_out", "stage_dropped", "reasons", "kept_by_type", "rejected_by_type",
                     "qa_by_kind", "qa_by_family", "qa_by_steps", "counters"):
            getattr(self, name).update(getattr(other, name))
        for name, seconds in other.stage_seconds.items():
            self.stage_seconds[name] += seconds
        self.inputs += other.inputs
        self.kept += other.kept
        self.rejected += other.rejected

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Stats":
        s = cls(inputs=d.get("inputs", 0), kept=d.get("kept", 0), rejected=d.get("rejected", 0))
        for name, v in d.get("stages", {}).items():
            s.stage_in[name] = v["in"]
            s.stage_out[name] = v["out"]
            s.stage_dropped[name] = v["dropped"]
            s.stage_seconds[name] = v["seconds"]
        s.reasons.update(d.get("rejected_by_reason", {}))
        s.kept_by_type.update(d.get("kept_by_type", {}))
        s.rejected_by_type.update(d.get("rejected_by_type", {}))
        s.qa_by_kind.update(d.get("qa_by_kind", {}))
        s.qa_by_family.update(d.get("qa_by_family", {}))
        s.qa_by_steps.update(d.get("qa_by_steps", {}))
        s.counters.update(d.get("counters", {}))
        return s
