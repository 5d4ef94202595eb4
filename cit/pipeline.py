"""What every stage shares: the run context, counting, timing and dropping records.

A stage is a small class over a chunk of records: `process(records) -> records`. It
passes on what survives and calls `self.drop(record, reason, detail)` for the rest,
which turns the record into a `Rejected` with the stage's name. The base class counts
inputs, outputs, drops and seconds, so no stage keeps its own bookkeeping. Stages never
import each other; `cit.runner` strings them together.
"""

from __future__ import annotations

import logging
import threading
import time
from contextlib import contextmanager
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


class RunAborted(Exception):
    """The run is stopping (another record failed, Ctrl-C): a waiting record gives up."""


class RunContext:
    """Shared, lazily started resources of one run: executor, LLM, logger, stats.

    Stages reach the executor and the LLM through here, so a template run never starts an
    LLM client and a dry run never starts sandbox workers.

    Records move through the stages concurrently, one thread per first-generation index
    (a *lane*, see `cit.lanes`). `stats` and `rejected` are the lane's own while a lane
    runs (merged in index order at commit), and the run's otherwise; `lane` and `visit`
    say which index is running and how many times this stage instance has been reached
    on its way (a stage listed twice is visited twice).
    """

    def __init__(self, config: RunConfig, run_dir: Path, log: logging.Logger | None = None, writes: bool = True):
        self.config = config
        self.run_dir = Path(run_dir)
        self._cache_dir = self.run_dir if writes else None  # writes=False: a check that must not touch the folder
        self.images_dir = self.run_dir / "images"
        self.log = log or logging.getLogger("cit")
        self._stats = Stats()
        self._rejected: list[Rejected] = []
        self._local = threading.local()
        self._start_lock = threading.Lock()  # LLM clients
        self._executor_lock = threading.Lock()  # held while the sandbox pool starts (a second)
        # Commit progress, for stages whose input depends on earlier chunks (the example pool).
        self.progress = threading.Condition()
        self.committed = 0  # every index below this is committed
        self.aborted = False
        self._executor = None
        self._llm = None
        self._others: dict[str, Any] = {}  # role + config -> the client of another model (judges)

    @property
    def stats(self) -> Stats:
        return getattr(self._local, "stats", None) or self._stats

    @stats.setter
    def stats(self, value: Stats) -> None:
        self._stats = value

    @property
    def rejected(self) -> list[Rejected]:
        local = getattr(self._local, "rejected", None)
        return self._rejected if local is None else local

    @rejected.setter
    def rejected(self, value: list[Rejected]) -> None:
        self._rejected = value

    @property
    def lane(self) -> int | None:
        return getattr(self._local, "lane", None)

    @property
    def visit(self) -> int | None:
        return getattr(self._local, "visit", None)

    @contextmanager
    def lane_scope(self, index: int, stats: Stats, rejected: list[Rejected]):
        local = self._local
        local.lane, local.stats, local.rejected, local.visit = index, stats, rejected, None
        try:
            yield
        finally:
            local.lane = local.stats = local.rejected = local.visit = None

    def set_visit(self, visit: int | None) -> None:
        self._local.visit = visit

    def wait_committed(self, index: int) -> None:
        """Block until every index below `index` is committed (or the run stops)."""
        with self.progress:
            while self.committed < index:
                if self.aborted:
                    raise RunAborted()
                self.progress.wait()

    @property
    def executor(self):
        with self._executor_lock:
            if self._executor is None:
                self.images_dir.mkdir(parents=True, exist_ok=True)
                ray = self.config.ray
                if ray.enabled:  # the same jobs on a cluster; the images come back here
                    from cit.executor.ray_pool import RayPool

                    self._executor = RayPool(self.images_dir, self.config.executor, ray.address, ray.actors,
                                             ray.actor_cpus).__enter__()
                else:
                    from cit.executor import Executor

                    self._executor = Executor(self.images_dir, self.config.executor).__enter__()
            return self._executor

    @property
    def llm(self):
        with self._start_lock:
            if self._llm is None:
                from cit.llm import make_llm

                self._llm = make_llm(self.config.llm, cache_dir=self._cache_dir)
            return self._llm

    def llm_for(self, cfg, role: str):
        """The client of another model (a chart or Q&A judge): one per role and config for
        the whole run, so its calls are counted with the run's (`llm_clients`)."""
        key = f"{role}|{cfg.model_dump_json()}"
        with self._start_lock:
            if key not in self._others:
                from cit.llm import make_llm

                self._others[key] = make_llm(cfg, cache_dir=self._cache_dir)
            return self._others[key]

    def llm_clients(self) -> list[Any]:
        return [c for c in (self._llm, *self._others.values()) if c is not None]

    def reject(self, record: Sample, stage: str, reason: str, detail: str | None = None) -> None:
        self.rejected.append(Rejected(stage=stage, reason=reason, detail=detail, record=record))
        self.stats.reasons[f"{stage}/{reason}"] += 1

    def start_executor_soon(self) -> None:
        """Start the sandbox pool in the background: it warms up while the first LLM
        requests are out. A failure is raised again by the first stage that needs it."""
        def start() -> None:
            try:
                self.executor
            except Exception:  # noqa: BLE001 - the stage that uses it reports it
                pass

        threading.Thread(target=start, daemon=True, name="cit-executor-start").start()

    def close(self) -> None:
        with self._executor_lock:  # a pool still starting is closed once it has started
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
    # An ordered stage keeps run-wide state that decides what it keeps (dedup's seen
    # charts): the runner lets records through it one at a time, in index order.
    ordered: ClassVar[bool] = False

    def __init__(self, ctx: RunContext):
        self.ctx = ctx
        self.config = ctx.config
        self.lock = threading.Lock()

    def process(self, records: list[Sample]) -> list[Sample]:
        raise NotImplementedError

    def needs_turn(self, records: list[Sample]) -> bool:
        """Whether an ordered stage must wait for earlier indices before it takes these
        records; False when it would pass them through untouched (seen before)."""
        return True

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
