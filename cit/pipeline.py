"""What every stage shares: the run context, counting, timing and dropping records.

A stage is a small class over a chunk of records: `process(records) -> records`. It
passes on what survives and calls `self.drop(record, reason, detail)` for the rest,
which turns the record into a `Rejected` with the stage's name. The base class counts
inputs, outputs, drops and seconds, so no stage keeps its own bookkeeping. Stages never
import each other; `cit.runner` strings them together.
"""

from __future__ import annotations

import logging
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from cit.config import RunConfig
from cit.record import Rejected, Sample


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


class RunContext:
    """Shared, lazily started resources of one run: executor, LLM, logger, stats.

    Stages reach the executor and the LLM through here, so a template run never starts an
    LLM client and a dry run never starts sandbox workers.
    """

    def __init__(self, config: RunConfig, run_dir: Path, log: logging.Logger | None = None):
        self.config = config
        self.run_dir = Path(run_dir)
        self.images_dir = self.run_dir / "images"
        self.log = log or logging.getLogger("cit")
        self.stats = Stats()
        self.rejected: list[Rejected] = []  # drops of the chunk in flight
        self._executor = None
        self._llm = None
        self._others: dict[str, Any] = {}  # role + config -> the client of another model (judges)

    @property
    def executor(self):
        if self._executor is None:
            from cit.executor import Executor

            self.images_dir.mkdir(parents=True, exist_ok=True)
            self._executor = Executor(self.images_dir, self.config.executor).__enter__()
        return self._executor

    @property
    def llm(self):
        if self._llm is None:
            from cit.llm import make_llm

            self._llm = make_llm(self.config.llm, cache_dir=self.run_dir)
        return self._llm

    def llm_for(self, cfg, role: str):
        """The client of another model (a chart or Q&A judge): one per role and config for
        the whole run, so its calls are counted with the run's (`llm_clients`)."""
        key = f"{role}|{cfg.model_dump_json()}"
        if key not in self._others:
            from cit.llm import make_llm

            self._others[key] = make_llm(cfg, cache_dir=self.run_dir)
        return self._others[key]

    def llm_clients(self) -> list[Any]:
        return [c for c in (self._llm, *self._others.values()) if c is not None]

    def reject(self, record: Sample, stage: str, reason: str, detail: str | None = None) -> None:
        self.rejected.append(Rejected(stage=stage, reason=reason, detail=detail, record=record))
        self.stats.reasons[f"{stage}/{reason}"] += 1

    def close(self) -> None:
        if self._executor is not None:
            self._executor.__exit__(None, None, None)
            self._executor = None
        for client in self.llm_clients():
            client.close()
        self._llm = None
        self._others.clear()


class Stage:
    """Base of every stage. Subclasses set `name` and implement `process`."""

    name: ClassVar[str] = "stage"

    def __init__(self, ctx: RunContext):
        self.ctx = ctx
        self.config = ctx.config

    def process(self, records: list[Sample]) -> list[Sample]:
        raise NotImplementedError

    def restore(self, kept: Sample) -> None:
        """Rebuild run-wide state (seen hashes, example pools) from one committed sample."""

    def committed(self, kept: list[Sample]) -> None:
        """Called after a chunk is committed with the samples it kept (e.g. to grow an example pool).

        `restore` sees the same samples on resume, so a stage that needs both gets them in
        the same order either way."""

    def close(self) -> None:
        """Release what the stage holds (clients, files). Called once when the run ends."""

    def drop(self, record: Sample, reason: str, detail: str | None = None) -> None:
        self.ctx.reject(record, self.name, reason, detail)

    def __call__(self, records: list[Sample]) -> list[Sample]:
        return self._accounted(len(records), lambda: self.process(records), consumed=len(records))

    def _accounted(self, n_in: int, run, consumed: int) -> list[Sample]:
        stats = self.ctx.stats
        before = len(self.ctx.rejected)
        t0 = time.perf_counter()
        out = run()
        stats.stage_seconds[self.name] += time.perf_counter() - t0
        dropped = len(self.ctx.rejected) - before
        stats.stage_in[self.name] += n_in
        stats.stage_out[self.name] += len(out)
        stats.stage_dropped[self.name] += dropped
        # Records a stage creates (a source's, evolution's children) are inputs of the run;
        # inputs = kept + rejected is checked at the end.
        stats.inputs += max(0, len(out) + dropped - consumed)
        return out


class Source(Stage):
    """The first stage: makes the records for a range of indices."""

    def produce(self, indices: range) -> list[Sample]:
        raise NotImplementedError

    def __call__(self, indices: range) -> list[Sample]:  # type: ignore[override]
        return self._accounted(len(indices), lambda: self.produce(indices), consumed=0)
