"""The runner: strings the stages together from the config and drives a resumable run.

Work is committed in chunks of `chunk_size` first-generation indices (see `cit.runfolder`),
so an interrupted run resumes at the first uncommitted chunk and produces exactly what an
uninterrupted run would. Inside a window of chunks, every index moves through the stages on
its own (`cit.lanes`), so LLM waits overlap sandbox work.
"""

from __future__ import annotations

import heapq
import importlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from cit.blocks import NAME as BLOCK_CHECK, BlockCheck, needs_block_check
from cit.config import RunConfig
from cit.errors import UserError
from cit.lanes import Lane, Lanes, window_chunks
from cit.pipeline import RunContext, Source, Stage, Stats
from cit.record import Sample
from cit.runfolder import RunFolder
from cit.shards import plan_chunks, shard_range
from cit.usage import add_usage, llm_totals, run_usage

# Stage modules under cit/stages, in order. The first one is the source.
PIPELINES: dict[str, list[str]] = {
    "template": ["generate", "evolve", "render", "validate", "dedup", "qa", "verify", "variants", "filter"],
    # Evol-Instruct evolves accepted programs, so render/validate/dedup run before and after it
    # (one instance each; they pass through records they have already handled). judge, bootstrap
    # and judge_qa pass records through unless judges / rewrites are configured.
    "llm": [
        "self_instruct", "render", "validate", "dedup",
        "evol_instruct", "render", "validate", "dedup",
        "judge", "qa_llm", "qa_checks", "verify", "qa_programs", "bootstrap", "judge_qa", "variants", "filter",
    ],
}


@dataclass
class RunSummary:
    run_dir: str
    n: int
    done_indices: int
    inputs: int
    kept: int
    rejected: int
    qa: int
    seconds: float
    already_done: bool = False
    stats: dict[str, Any] = field(default_factory=dict)


def stage_entries(config: RunConfig) -> list[tuple[str, dict[str, Any]]]:
    """(name, settings) of each place in the stage list."""
    out = []
    for entry in (config.stages if config.stages else PIPELINES[config.generator]):
        if isinstance(entry, dict):
            if len(entry) != 1:
                raise UserError(f"stages: each entry is a name or {{name: {{settings}}}}, got {entry}")
            (name, settings), = entry.items()
            out.append((name, dict(settings or {})))
        else:
            out.append((entry, {}))
    return out


def stage_names(config: RunConfig) -> list[str]:
    return [name for name, _ in stage_entries(config)]


def build_stages(ctx: RunContext) -> tuple[Source, list[Stage]]:
    """One instance per place in the stage list; the k-th place of a name counts as "name#k"."""
    entries = stage_entries(ctx.config)
    if not entries:
        raise UserError("the stage list is empty")
    seen: dict[str, int] = {}
    stages: list[Stage] = []
    for name, settings in entries:
        try:
            module = importlib.import_module(f"cit.stages.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"cit.stages.{name}":
                raise UserError(f"unknown stage '{name}' (stages live in cit/stages/)") from None
            raise
        seen[name] = seen.get(name, 0) + 1
        stages.append(module.STAGE(ctx, settings, name if seen[name] == 1 else f"{name}#{seen[name]}"))
    source, rest = stages[0], stages[1:]
    if not isinstance(source, Source):
        raise UserError(f"the first stage must make records; '{entries[0][0]}' does not")
    return source, rest


def run_range(config: RunConfig) -> tuple[int, int]:
    """The indices this run makes: all of them, or its shard's."""
    return shard_range(config.n, config.block_size, config.shard)


def block_check(config: RunConfig) -> BlockCheck | None:
    """The cross-block check of a whole run; a shard leaves it to `cit merge`."""
    return BlockCheck(config) if config.shard is None and needs_block_check(config, stage_names(config)) else None


def committed_records(folder: RunFolder):
    """Each committed chunk's records as they left the stages, in order: the kept samples,
    and those the cross-block check dropped (the stages of their block saw them)."""
    dropped = (r.record for r in folder.iter_rejected() if r.stage == BLOCK_CHECK)
    return heapq.merge(folder.iter_samples(), dropped, key=lambda s: (s.index or 0, s.lineage.step))


def count_kept(stats: Stats, kept: list[Sample], rejected_records: list[Sample]) -> None:
    stats.kept += len(kept)
    stats.rejected += len(rejected_records)
    for s in kept:
        stats.kept_by_type[s.chart_type] += 1
        for q in s.qa:
            stats.qa_by_kind[q.kind] += 1
            if q.variant in (None, "vision-dominant"):  # text forms restate an item: not another question
                stats.qa_by_family[q.family or (q.template or "llm").split(".")[0]] += 1
                stats.qa_by_steps[str(q.steps) if q.steps else "unknown"] += 1
    for s in rejected_records:
        stats.rejected_by_type[s.chart_type] += 1


def _attach_log(folder: RunFolder) -> logging.Handler:
    handler = logging.FileHandler(folder.log_file, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log = logging.getLogger("cit")
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    return handler


def dry_run(config: RunConfig) -> dict[str, Any]:
    """Check the config and describe the run without writing anything or starting workers."""
    folder = RunFolder(config.out)
    ctx = RunContext(config, folder.path)
    build_stages(ctx)  # unknown chart types, missing stages: fail now
    start, end = run_range(config)
    last = folder.last_commit() if folder.journal.exists() else None
    done = max(start, (last or {}).get("next_index", start))
    chunks = len(plan_chunks(done, end, config.chunk_size, config.block_size)) if done < end else 0
    return {
        "out": str(folder.path),
        "generator": config.generator,
        "stages": stage_names(config),
        "n": config.n,
        "indices": [start, end],
        "already_done": done,
        "chunks_to_run": chunks,
        "resuming": last is not None,
    }


def synth(config: RunConfig, progress: Callable[[int, int], None] | None = None) -> RunSummary:
    folder = RunFolder(config.out)
    _validate(config, folder)  # before anything is written: a corrected rerun is never refused
    with folder.locked():  # one process per run folder
        return _synth(config, folder, progress)


def _validate(config: RunConfig, folder: RunFolder) -> None:
    """Chart types, libraries, templates, prompt and seed folders, model settings, and the
    servers the run needs: all checked without creating or writing anything."""
    run_range(config)  # a shard that does not exist
    if config.ray.enabled:  # Ray not installed, or nobody at the address
        from cit.executor.ray_pool import check_address, import_ray

        import_ray()
        check_address(config.ray.address)
    ctx = RunContext(config, folder.path, writes=False)
    instances: list[Stage] = []
    try:
        source, stages = build_stages(ctx)
        instances = [source, *stages]
        if not _complete(config, folder):  # a finished run's rerun needs no server
            check_servers(ctx, stages)  # unreachable, refused key, unknown model
    finally:
        for st in instances:
            st.close()
        ctx.close()


def _complete(config: RunConfig, folder: RunFolder) -> bool:
    try:
        last = folder.last_commit() if folder.done_file.exists() else None
    except (UserError, ValueError, OSError):
        return False  # the run itself reports a damaged journal
    return isinstance(last, dict) and isinstance(last.get("next_index"), int) and last["next_index"] >= run_range(config)[1]


def _synth(config: RunConfig, folder: RunFolder, progress: Callable[[int, int], None] | None) -> RunSummary:
    t0 = time.perf_counter()
    folder.prepare(config)
    start, end = run_range(config)
    if folder.done_file.exists():
        last = folder.last_commit()
        if last is not None and last["next_index"] >= end:
            if not folder.matches_commit(last):
                folder.recover()  # a torn append after the run finished: cut it back
            stats = Stats.from_dict(last["stats"])
            return summarize(config, folder, stats, last["next_index"], last["stats"].get("seconds", 0.0), already_done=True)
    handler = _attach_log(folder)
    log = logging.getLogger("cit")
    try:
        last = folder.recover()
        next_index = (last or {}).get("next_index", start)
        stats = Stats.from_dict(last["stats"]) if last else Stats()
        base_llm = dict((last or {}).get("stats", {}).get("llm", {}))
        base_seconds = (last or {}).get("stats", {}).get("seconds", 0.0)
        folder.clear_done()
        ctx = RunContext(config, folder.path, log)
        ctx.stats = stats
        instances: list[Stage] = []
        lanes: Lanes | None = None
        blocks = block_check(config)
        try:
            source, stages = build_stages(ctx)
            instances = [source, *stages]
            if last is not None:
                log.info("resuming at index %d", next_index)
                for kept in committed_records(folder):
                    for st in instances:
                        st.restore(kept)
                if blocks is not None:
                    for kept in folder.iter_samples():
                        blocks.restore(kept)
            if next_index < end:
                if config.ray.enabled:
                    # On this thread: a local cluster's processes die with the thread that started them.
                    ctx.executor
                elif config.generator == "llm" and "render" in stage_names(config):
                    ctx.start_executor_soon()  # warm while the first programs are being written
            if progress:
                progress(min(next_index, end) - start, end - start)
            if next_index < end:
                window = window_chunks(config.chunk_size, config.llm.concurrency) if config.generator == "llm" else 2
                lanes = Lanes(ctx, source, stages, window)

                def commit(a: int, b: int, done: list[Lane]) -> None:
                    made = [r for lane in done for r in lane.records]
                    rejected = [r for lane in done for r in lane.rejected]
                    chunk = Stats()
                    for lane in done:  # in index order, so the counters are the same every run
                        chunk.merge(lane.stats)
                    stats.merge(chunk)
                    records = made
                    if blocks is not None:
                        records, repeats = blocks.check(made, stats)
                        rejected += repeats
                    count_kept(stats, records, [r.record for r in rejected])
                    extra = {"seconds": round(base_seconds + time.perf_counter() - t0, 3)}
                    if ctx.llm_clients():
                        extra["llm"] = llm_totals(add_usage(base_llm, run_usage(ctx)), stats)
                    folder.commit(b, records, rejected, stats, extra, chunk=chunk.to_dict())
                    for st in instances:
                        st.committed(made)
                    ctx.forget_handled({r.id for r in made} | {r.record.id for r in rejected})
                    log.info("committed indices %d-%d: %d kept, %d rejected", a, b - 1, len(records), len(rejected))
                    if progress:
                        progress(b - start, end - start)

                lanes.run(plan_chunks(next_index, end, config.chunk_size, config.block_size), commit)
                next_index = end
        finally:
            for st in instances:
                st.close()
            ctx.close()  # cancels what lanes still wait on (LLM requests, sandbox jobs)
            if lanes is not None:
                lanes.join()
        if stats.inputs != stats.kept + stats.rejected:
            raise RuntimeError(f"bookkeeping bug: {stats.inputs} inputs != {stats.kept} kept + {stats.rejected} rejected")
        summary = summarize(config, folder, stats, next_index, base_seconds + time.perf_counter() - t0)
        folder.mark_done(summary.__dict__)
        return summary
    finally:
        logging.getLogger("cit").removeHandler(handler)
        handler.close()


LLM_STAGES = {"self_instruct", "evol_instruct", "qa_llm", "bootstrap"}


def check_servers(ctx: RunContext, stages: list[Stage]) -> None:
    """One cheap call to every LLM server the run will use, before any record is made."""
    names = {st.name for st in stages}
    cfg = ctx.config
    if names & LLM_STAGES or (cfg.generator == "llm" and "render" in names) or (cfg.qa.reword and "qa_programs" in names):
        ctx.llm.check()
    judges = [(judge, f"judge#{j}") for j, judge in enumerate(cfg.synth.judges)] if "judge" in names else []
    judges += [(judge, f"judge_qa#{j}") for j, judge in enumerate(cfg.qa.judges)] if "judge_qa" in names else []
    for judge, role in judges:
        ctx.llm_for(judge, role).check()


def summarize(config: RunConfig, folder: RunFolder, stats: Stats, done: int, seconds: float, already_done: bool = False) -> RunSummary:
    d = stats.to_dict()
    return RunSummary(
        run_dir=str(folder.path),
        n=config.n,
        done_indices=done,
        inputs=stats.inputs,
        kept=stats.kept,
        rejected=stats.rejected,
        qa=sum(stats.qa_by_kind.values()),
        seconds=round(seconds, 2),
        already_done=already_done,
        stats=d,
    )
