"""Records move through the stages independently: one *lane* per first-generation index.

A lane makes its record(s) with the source and takes them through every stage on its own
thread, so one record's LLM waits overlap another's sandbox work and up to
`llm.concurrency` requests stay in flight across records and chunks. What stays as it was:

- **Commits.** Lanes are grouped into the same chunks of `chunk_size` indices; a chunk is
  committed when all its lanes are done, in index order, with its lanes' samples, rejects
  and counters concatenated in index order. Resume and byte-identical output are unchanged.
- **Determinism.** A lane's output depends only on its index and on state that earlier
  indices settled: an `ordered` stage (dedup) lets lanes through in index order, one at a
  time, at each place it is listed; a stage that needs earlier chunks' results waits for
  their commit (`RunContext.wait_committed`, the Self-Instruct example pool).
- **Bounded memory.** At most `window` chunks are in flight; the next chunk's lanes start
  only when the oldest one is committed.

Any lane's exception (an LLM outage past `llm.outage_timeout`, a template error, a bug)
stops the run: waiting lanes give up, nothing uncommitted is written.
"""

from __future__ import annotations

import math
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from cit.llm.priority import set_thread_priority
from cit.pipeline import RunAborted, RunContext, Source, Stage, Stats
from cit.record import Rejected, Sample


@dataclass
class Lane:
    index: int
    records: list[Sample] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    stats: Stats = field(default_factory=Stats)
    error: BaseException | None = None


def window_chunks(chunk_size: int, concurrency: int) -> int:
    """Chunks in flight: at least two (one committing while the next runs), and enough
    records for twice the LLM's concurrency (a record waits on at most one request at a
    time, and about half the records in flight are in sandbox or other CPU stages)."""
    return max(2, math.ceil(2 * concurrency / chunk_size))


class Lanes:
    """Runs the lanes of indices [start, end) and hands each finished chunk to `commit`."""

    def __init__(self, ctx: RunContext, source: Source, stages: list[Stage], window: int):
        self.ctx, self.source, self.stages, self.window = ctx, source, stages, window
        # The pass number of each listed stage: how often its name was listed up to here.
        self.visits: list[int] = []
        for i, st in enumerate(stages):
            self.visits.append(sum(1 for other in stages[: i + 1] if other.name == st.name))
        self.cond = ctx.progress  # finished lanes and commits
        # Turns at ordered stages. A lane waits on its own event, and a pass wakes only the
        # lane whose turn comes next (waking all of them at every pass costs seconds of CPU).
        self.gate_lock = threading.Lock()
        self.gates: dict[int, int] = {}  # position of an ordered stage -> the next index allowed in
        self.passed: dict[int, set[int]] = {}  # position -> indices that left early, out of turn
        self.turns: dict[tuple[int, int], threading.Event] = {}  # (position, index) -> its wake-up
        self.done: dict[int, Lane] = {}
        self.error: BaseException | None = None
        self.tasks: queue.SimpleQueue[int | None] = queue.SimpleQueue()
        self.threads: list[threading.Thread] = []

    # ---- driving ---------------------------------------------------------------------------
    def run(self, chunks: list[tuple[int, int]], commit: Callable[[int, int, list[Lane]], None]) -> None:
        """Run contiguous chunks [a, b), in order, and commit each one when it is done."""
        ctx = self.ctx
        start, end = chunks[0][0], chunks[-1][1]
        with self.cond:
            ctx.committed, ctx.aborted = start, False
        self.gates = {p: start for p, st in enumerate(self.stages) if st.ordered}
        self.passed = {p: set() for p in self.gates}
        n_threads = min(self.window * max(b - a for a, b in chunks), end - start)
        self.threads = [threading.Thread(target=self._worker, daemon=True, name=f"cit-lane-{k}")
                        for k in range(n_threads)]
        for t in self.threads:
            t.start()
        submitted = 0
        try:
            for c, (a, b) in enumerate(chunks):
                while submitted < len(chunks) and submitted < c + self.window:
                    for i in range(*chunks[submitted]):
                        self.tasks.put(i)
                    submitted += 1
                lanes = self._wait_chunk(a, b)
                commit(a, b, lanes)
                with self.cond:
                    ctx.committed = b
                    self.cond.notify_all()
        finally:
            self.stop()

    def _wait_chunk(self, a: int, b: int) -> list[Lane]:
        with self.cond:
            while self.error is None and any(i not in self.done for i in range(a, b)):
                self.cond.wait()
            if self.error is not None:
                raise self.error
            return [self.done.pop(i) for i in range(a, b)]

    def stop(self) -> None:
        """Wake every waiting lane to give up and let the worker threads end."""
        with self.cond:
            self.ctx.aborted = True
            self.cond.notify_all()
        with self.gate_lock:
            for event in self.turns.values():
                event.set()
        for _ in self.threads:
            self.tasks.put(None)

    def join(self, timeout: float = 60.0) -> None:
        for t in self.threads:
            t.join(timeout)

    # ---- one lane --------------------------------------------------------------------------
    def _worker(self) -> None:
        while (index := self.tasks.get()) is not None:
            lane = self._run_lane(index)
            with self.cond:
                self.done[index] = lane
                if lane.error is not None and self.error is None and not isinstance(lane.error, RunAborted):
                    self.error = lane.error
                    self.ctx.aborted = True
                self.cond.notify_all()

    def _run_lane(self, index: int) -> Lane:
        ctx, lane = self.ctx, Lane(index)
        reached = 0  # stages the lane has been through
        set_thread_priority(index)  # its LLM requests go before those of later indices
        with ctx.lane_scope(index, lane.stats, lane.rejected):
            try:
                if ctx.aborted:
                    raise RunAborted()
                records = self._tag(self.source(range(index, index + 1)), index)
                for position, stage in enumerate(self.stages):
                    if not records:
                        break
                    records = self._tag(self._through(position, stage, records, index), index)
                    reached = position + 1
                lane.records = records
            except BaseException as exc:  # noqa: BLE001 - handed to the driver, which raises it
                lane.error = exc
            finally:
                # Let later lanes through the ordered stages this one will not reach.
                for position in [p for p in self.gates if p >= reached]:
                    self._pass(position, index)
        for r in lane.rejected:
            if r.record.index is None:
                r.record.index = index
        return lane

    def _through(self, position: int, stage: Stage, records: list[Sample], index: int) -> list[Sample]:
        self.ctx.set_visit(self.visits[position])
        if position not in self.gates:
            return stage(records)
        if not stage.needs_turn(records):  # a pass-through: nothing earlier indices do can change it
            self._pass(position, index)
            return stage(records)
        with self.gate_lock:
            if self.ctx.aborted:  # checked under the lock `stop` takes to wake every waiter
                raise RunAborted()
            turn = None if self.gates[position] == index else self.turns.setdefault((position, index), threading.Event())
        if turn is not None:
            turn.wait()
            if self.ctx.aborted:
                raise RunAborted()
        try:
            with stage.lock:  # shared by the places its name is listed (dedup's one index of charts)
                return stage(records)
        finally:
            self._pass(position, index)

    def _pass(self, position: int, index: int) -> None:
        with self.gate_lock:
            if index < self.gates[position]:
                return  # already through
            self.passed[position].add(index)
            while self.gates[position] in self.passed[position]:
                self.passed[position].discard(self.gates[position])
                self.gates[position] += 1
            turn = self.turns.pop((position, self.gates[position]), None)
        if turn is not None:
            turn.set()

    @staticmethod
    def _tag(records: list[Sample], index: int) -> list[Sample]:
        for r in records:
            if r.index is None:
                r.index = index
        return records
