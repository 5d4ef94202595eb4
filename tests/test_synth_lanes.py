"""Records move through the stages on their own (cit.lanes): requests stay in flight across
chunks, ordered stages see indices in order, memory stays within a window of chunks, a
failure stops the run, and the result never depends on concurrency."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from cit.config import load_config
from cit.shards import plan_chunks
from cit.lanes import Lanes
from cit.pipeline import RunContext, Source, Stage
from cit.record import Sample
from cit.runner import synth
from fake_llm_server import FakeLLMServer
from llm_scripts import PipelineScript
from synth_helpers import digest, jsonl


def pipeline_config(server: FakeLLMServer, out: Path, n: int, concurrency: int, **overrides):
    base = {"out": str(out), "n": n, "seed": 5, "chunk_size": 2, "generator": "llm", "executor.workers": 2,
            "synth.engine_seeds": 0, "evolve.rate": 0.5, "qa.recognition": 1, "qa.reasoning": 1,
            "llm": {"model": "fake-coder", "base_url": server.base_url, "max_retries": 0, "concurrency": concurrency}}
    base.update(overrides)
    return load_config(overrides=base)


def test_requests_stay_in_flight_across_chunks_and_the_result_does_not_depend_on_it(tmp_path: Path):
    # variety 7 for 10 records: several write the same program, so dedup's turns matter.
    with FakeLLMServer(PipelineScript(variety=7), hold=6) as server:
        wide = synth(pipeline_config(server, tmp_path / "wide", 10, concurrency=8))
        # Six requests waited on the server together: records of three chunks of two.
        assert server.max_waiting >= 6
    with FakeLLMServer(PipelineScript(variety=7)) as server:
        narrow = synth(pipeline_config(server, tmp_path / "narrow", 10, concurrency=1))
    for name in ("samples.jsonl", "rejected.jsonl"):
        assert (tmp_path / "wide" / name).read_text() == (tmp_path / "narrow" / name).read_text()
    assert digest(tmp_path / "wide") == digest(tmp_path / "narrow")  # and every image
    assert wide.stats["counters"] == narrow.stats["counters"]
    reasons = {r["reason"] for r in jsonl(tmp_path / "wide/rejected.jsonl")}
    assert "duplicate-code" in reasons
    kept = jsonl(tmp_path / "wide/samples.jsonl")
    assert any(s["lineage"]["step"] == 1 for s in kept) and all(s["qa"] for s in kept)
    assert [s["index"] for s in kept] == sorted(s["index"] for s in kept)  # committed in index order


# --- the lane scheduler itself, over small stages ----------------------------------------------

class Numbers(Source):
    name = "numbers"

    def __init__(self, ctx: RunContext, log: dict):
        super().__init__(ctx)
        self.log = log

    def produce(self, indices: range) -> list[Sample]:
        with self.log["lock"]:
            for i in indices:
                self.log["started"].append(i)
                self.log["ahead"] = max(self.log["ahead"], i - self.ctx.committed)
        return [Sample(id=f"n{i}", family="bar", chart_type="bar/plain", library="matplotlib", code=str(i)) for i in indices]


class HoldEven(Stage):
    """Even indices wait until the next odd one has reached the ordered stage: without
    turns, the odd one would get there first."""

    name = "hold_even"

    def __init__(self, ctx: RunContext, arrived: dict[int, threading.Event], fail_at: int | None = None):
        super().__init__(ctx)
        self.arrived, self.fail_at = arrived, fail_at

    def process(self, records: list[Sample]) -> list[Sample]:
        i = self.ctx.lane
        if i == self.fail_at:
            raise RuntimeError(f"stage bug at {i}")
        if i % 2 == 0:
            self.arrived[i + 1].wait(timeout=20)
        return records


class InOrder(Stage):
    name = "in_order"
    ordered = True

    def __init__(self, ctx: RunContext, arrived: dict[int, threading.Event]):
        super().__init__(ctx)
        self.arrived, self.seen = arrived, []

    def needs_turn(self, records: list[Sample]) -> bool:
        self.arrived[self.ctx.lane].set()
        return True

    def process(self, records: list[Sample]) -> list[Sample]:
        self.seen.append(self.ctx.lane)
        if self.ctx.lane % 3 == 0:
            self.drop(records[0], "multiple-of-three")
            return []
        return records


def _lanes(tmp_path: Path, n: int, fail_at: int | None = None):
    ctx = RunContext(load_config(overrides={"out": str(tmp_path), "n": n}), tmp_path)
    log = {"lock": threading.Lock(), "started": [], "ahead": 0}
    arrived = {i: threading.Event() for i in range(n + 1)}
    ordered = InOrder(ctx, arrived)
    return Lanes(ctx, Numbers(ctx, log), [HoldEven(ctx, arrived, fail_at), ordered], window=2), ordered, log


def test_ordered_stages_take_indices_in_order_and_chunks_commit_in_order(tmp_path: Path):
    lanes, ordered, log = _lanes(tmp_path, 12)
    commits = []
    lanes.run(plan_chunks(0, 12, 3, 1024), lambda a, b, done: commits.append((a, b, [r.id for lane in done for r in lane.records],
                                                            [r.reason for lane in done for r in lane.rejected])))
    lanes.join()
    assert ordered.seen == list(range(12))
    assert [c[:2] for c in commits] == [(0, 3), (3, 6), (6, 9), (9, 12)]
    assert commits[1][2:] == (["n4", "n5"], ["multiple-of-three"])
    # Memory is bounded: no index starts more than two chunks past the last commit.
    assert log["ahead"] < 2 * 3


def test_a_failing_record_stops_the_run_without_committing_its_chunk(tmp_path: Path):
    lanes, ordered, _ = _lanes(tmp_path, 12, fail_at=6)
    commits = []
    with pytest.raises(RuntimeError, match="stage bug at 6"):
        lanes.run(plan_chunks(0, 12, 3, 1024), lambda a, b, done: commits.append((a, b)))
    lanes.join(timeout=20)
    # Index 6 starts once chunk 0-2 is committed; chunk 3-5 may or may not beat the failure,
    # but the failing chunk and everything after it are never committed.
    assert commits in ([(0, 3)], [(0, 3), (3, 6)])
    assert not any(t.is_alive() for t in lanes.threads)  # waiting lanes gave up


def test_waiting_requests_get_a_slot_lowest_record_first():
    import asyncio

    from cit.llm.priority import PrioritySlots

    async def scenario() -> list[str]:
        slots, order = PrioritySlots(["conn"]), []
        held = await slots.get(0)

        async def request(name: str, priority: int) -> None:
            conn = await slots.get(priority)
            order.append(name)
            slots.put(conn)

        waiting = [asyncio.create_task(request(name, p)) for name, p in (("late", 9), ("first", 1), ("mid", 5), ("mid-2", 5))]
        cancelled = asyncio.create_task(request("cancelled", 0))
        await asyncio.sleep(0)  # let every request queue up behind the held slot
        cancelled.cancel()
        slots.put(held)
        await asyncio.gather(*waiting)
        return order

    assert asyncio.run(scenario()) == ["first", "mid", "mid-2", "late"]


def test_example_pool_shows_a_program_only_pool_delay_indices_after_its_chunk(tmp_path: Path):
    from llm_scripts import ChartScript, chart_program

    programs = [chart_program(f"pie{i}", "pie", [i + 1, 2, 3]) for i in range(6)]
    opts = {"stages": ["self_instruct"], "synth.chart_types": ["pie/donut"], "synth.examples": 8,
            "synth.same_type_examples": 8, "synth.pool_delay": 2, "synth.engine_seeds": 0, "seed": 3}
    with FakeLLMServer(ChartScript(programs)) as server:
        synth(load_config(overrides={"out": str(tmp_path / "run"), "n": 6, "chunk_size": 2, "generator": "llm",
                                     "llm": {"model": "fake-coder", "base_url": server.base_url, "concurrency": 4}, **opts}))
    shown = {s["index"]: {e for e in s["provenance"]["examples"] if e.startswith("llm-")}
             for s in jsonl(tmp_path / "run/samples.jsonl")}
    # Index i draws from indices below (start of its chunk) - 2: none for 0-3, then 0 and 1.
    assert shown == {0: set(), 1: set(), 2: set(), 3: set(), 4: {"llm-3-000000", "llm-3-000001"},
                     5: {"llm-3-000000", "llm-3-000001"}}


def test_dedup_compares_with_earlier_indices_at_the_same_or_an_earlier_pass(tmp_path: Path):
    from cit.stages.dedup import Dedup

    ctx = RunContext(load_config(overrides={"out": str(tmp_path), "n": 4}), tmp_path)
    dedup = Dedup(ctx)

    def sample(sid: str) -> Sample:
        return Sample(id=sid, family="bar", chart_type="bar/plain", library="matplotlib", code="x = [1, 2, 3]\nprint(x)\n")

    def through(lane: int, visit: int, s: Sample) -> list[str]:
        rejected: list = []
        with ctx.lane_scope(lane, ctx.stats, rejected):
            ctx.set_visit(visit)
            kept = dedup([s])
        return [r.id for r in kept] + [f"dropped:{r.reason}" for r in rejected]

    assert through(0, 2, sample("child-of-0")) == ["child-of-0"]
    # Index 1's first pass does not see index 0's second-pass chart (it was not settled
    # when index 1 arrived); its second pass does, and so does any later index.
    assert through(1, 1, sample("first-of-1")) == ["first-of-1"]
    assert through(1, 2, sample("child-of-1")) == ["dropped:duplicate-code"]
    assert through(2, 1, sample("first-of-2")) == ["dropped:duplicate-code"]
