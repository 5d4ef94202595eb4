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
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

from pydantic import ValidationError

from cit.config import RunConfig
from cit.record import Rejected, Sample
from cit.stats import Stats  # noqa: F401 - stages and the runner import it from here


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
        # Per stage name, shared by every instance of it (a stage listed twice is two instances):
        self._handled: dict[str, set[str]] = {}  # ids each stage name has taken already
        self._shared: dict[str, Any] = {}  # state the instances share (dedup's index of charts)
        self._shared_lock = threading.Lock()

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

    def handled(self, stage: str) -> set[str]:
        with self._shared_lock:
            return self._handled.setdefault(stage, set())

    def forget_handled(self, ids: set[str]) -> None:
        """Records that are committed never come back through a stage."""
        with self._shared_lock:
            for seen in self._handled.values():
                seen.difference_update(ids)

    def shared(self, key: str, make: Callable[[], Any]) -> Any:
        """One object per key for the whole run, made on first use."""
        with self._shared_lock:
            if key not in self._shared:
                self._shared[key] = make()
            return self._shared[key]

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
    """Base of every stage. Subclasses set `name` and implement `process`.

    A name may be listed more than once in `stages:`; each place is its own instance, with
    its own settings (`{dedup: {phash_distance: 2}}` overrides the stage's config section,
    `section`) and its own counters (`label`: "dedup", then "dedup#2"). A record that an
    instance of the same name has already taken passes through untouched and uncounted, so
    no stage keeps its own "already done" check.
    """

    name: ClassVar[str] = "stage"
    # The config section that `{name: {key: value}}` in `stages:` overrides for one instance.
    section: ClassVar[str | None] = None
    # An ordered stage keeps run-wide state that decides what it keeps (dedup's seen
    # charts): the runner lets records through it one at a time, in index order.
    ordered: ClassVar[bool] = False

    def __init__(self, ctx: RunContext, settings: dict[str, Any] | None = None, label: str | None = None):
        self.ctx = ctx
        self.config = _with_settings(ctx.config, type(self), settings)
        self.label = label or self.name
        self.lock = ctx.shared(f"lock:{self.name}", threading.Lock)  # instances of one name share state
        self._handled = ctx.handled(self.name)

    def process(self, records: list[Sample]) -> list[Sample]:
        raise NotImplementedError

    def fresh(self, records: list[Sample]) -> list[Sample]:
        """The records no instance of this stage has taken yet."""
        return [r for r in records if r.id not in self._handled]

    def needs_turn(self, records: list[Sample]) -> bool:
        """Whether an ordered stage must wait for earlier indices before it takes these
        records; False when it would pass them through untouched (taken before)."""
        return bool(self.fresh(records))

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

    def count(self, key: str, n: int = 1) -> None:
        """A free-form counter of this stage, kept as "<stage>/<key>" in stats.json."""
        self.ctx.stats.counters[f"{self.name}/{key}"] += n

    def drop_item(self, key: str, n: int = 1) -> None:
        """A Q&A item this stage dropped (the chart stays): counted as "<stage>/item-dropped/<key>"."""
        self.count(f"item-dropped/{key}", n)

    def __call__(self, records: list[Sample]) -> list[Sample]:
        todo = self.fresh(records)
        if len(todo) < len(records):  # taken before, earlier in the pipeline: through untouched
            taken = [r for r in records if r.id in self._handled]
            return taken + (self(todo) if todo else [])
        out = self._accounted(len(records), lambda: self.process(records), consumed=len(records))
        self._handled.update(r.id for r in out)
        return out

    def _accounted(self, n_in: int, run, consumed: int) -> list[Sample]:
        stats = self.ctx.stats
        before = len(self.ctx.rejected)
        t0 = time.perf_counter()
        out = run()
        stats.stage_seconds[self.label] += time.perf_counter() - t0
        dropped = len(self.ctx.rejected) - before
        stats.stage_in[self.label] += n_in
        stats.stage_out[self.label] += len(out)
        stats.stage_dropped[self.label] += dropped
        # Records a stage creates (a source's, evolution's children) are inputs of the run;
        # inputs = kept + rejected is checked at the end.
        stats.inputs += max(0, len(out) + dropped - consumed)
        return out


def _with_settings(config: RunConfig, stage: type, settings: dict[str, Any] | None) -> RunConfig:
    """The run config with one instance's settings over its stage's section."""
    if not settings:
        return config
    from cit.errors import UserError

    if stage.section is None:
        raise UserError(f"stage '{stage.name}' takes no settings (got {', '.join(settings)})")
    data = config.model_dump(by_alias=True)
    data[stage.section] = {**data[stage.section], **settings}
    try:
        return type(config).model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        key = ".".join(str(p) for p in first["loc"][1:]) or stage.section
        what = "unknown setting" if first["type"] == "extra_forbidden" else first["msg"]
        raise UserError(f"stages: {stage.name}: {key}: {what}") from None


class Source(Stage):
    """The first stage: makes the records for a range of indices."""

    def produce(self, indices: range) -> list[Sample]:
        raise NotImplementedError

    def __call__(self, indices: range) -> list[Sample]:  # type: ignore[override]
        return self._accounted(len(indices), lambda: self.produce(indices), consumed=0)
