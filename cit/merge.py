"""`cit merge`: join the shards of one run into the run folder a single machine would make.

Each shard (`cit synth --shard I/N`) is a finished run folder holding a contiguous range of
whole blocks (`cit.shards`). The merge replays their committed chunks in index order into a
new run folder, with the same commit protocol as a run: per chunk, the shard's kept samples
and rejects, its images, its own counters (the journal's `chunk`), then the cross-block
dedup check (`cit.blocks`) that a single run applies at commit. So the merged samples.jsonl,
rejected.jsonl and images/ are byte-identical to a single run of the same config, and the
counters are the same. Seconds and LLM usage are the shards' sums (the work they really did).

A merge killed halfway resumes like a run: rerun the same command.
"""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from cit.config import RunConfig
from cit.errors import RunFolderError, UserError
from cit.io import iter_jsonl
from cit.pipeline import Stats
from cit.record import Rejected, Sample
from cit.runfolder import RunFolder, config_differences
from cit.runner import RunSummary, block_check, count_kept, run_range, summarize
from cit.usage import add_usage, llm_totals

# Settings that differ between the shards of one run by design.
PER_SHARD = {"shard"}


@dataclass
class Shard:
    folder: RunFolder
    config: RunConfig
    raw: dict[str, Any]
    start: int
    end: int

    @property
    def label(self) -> str:
        return f"{self.folder.path} (shard {self.config.shard}, indices {self.start}-{self.end - 1})"


def _open(path: Path) -> Shard:
    folder = RunFolder(path)
    if not folder.config_file.exists():
        raise UserError(f"{path} is not a cit run folder (no config.yaml)")
    try:
        raw = yaml.safe_load(folder.config_file.read_text(encoding="utf-8")) or {}
        config = RunConfig.model_validate(raw)
    except (yaml.YAMLError, ValueError):
        raise UserError(f"{folder.config_file} is not a valid cit config") from None
    if config.shard is None:
        raise UserError(f"{path} is a whole run, not a shard (made without --shard)")
    start, end = run_range(config)
    last = folder.last_commit() if folder.journal.exists() else None
    if not folder.finished() or not last or last.get("next_index") != end:
        raise UserError(f"{path} (shard {config.shard}) is not finished; rerun its `cit synth` command first")
    return Shard(folder, config, raw, start, end)


def _check_together(shards: list[Shard]) -> None:
    """Same config, and every index in exactly one shard."""
    first = shards[0]
    for other in shards[1:]:
        diffs = [d for d in config_differences(first.raw, other.raw) if d.split(":")[0] not in PER_SHARD]
        if diffs:
            raise UserError(f"{first.folder.path} and {other.folder.path} were made with different configs "
                            f"({'; '.join(diffs[:3])}); only shards of one run can be merged")
    shards.sort(key=lambda s: (s.start, s.end))
    for a, b in zip(shards, shards[1:]):
        if b.start < a.end:
            raise UserError(f"{a.label} and {b.label} overlap; give each shard once")
    n = first.config.n
    at = 0
    for s in shards + [None]:
        until = s.start if s is not None else n
        if until > at:
            raise UserError(f"no shard given holds indices {at}-{until - 1}; "
                            f"give every shard of {first.config.shard.split('/')[1]}")
        at = s.end if s is not None else at


def _chunks(shard: Shard):
    """(start, end, journal line, kept lines, reject lines) of each committed chunk."""
    folder = shard.folder
    prev = {"next_index": shard.start, "sizes": {"samples": 0, "rejected": 0}}
    with open(folder.samples, "rb") as samples, open(folder.rejected, "rb") as rejected:
        for _, line in iter_jsonl(folder.journal, allow_truncated_tail=True):
            if "chunk" not in line:
                raise UserError(f"{folder.journal} has no per-chunk counters (made by an older cit); remake the shard")
            kept = _lines(samples, prev["sizes"]["samples"], line["sizes"]["samples"])
            dropped = _lines(rejected, prev["sizes"]["rejected"], line["sizes"]["rejected"])
            yield prev["next_index"], line["next_index"], line, kept, dropped
            prev = line


def _lines(f, a: int, b: int) -> list[bytes]:
    f.seek(a)
    return f.read(b - a).splitlines()


def _copy_images(shard: Shard, out: RunFolder, records: list[Sample]) -> None:
    """Images first (then the lines that point at them), each replaced atomically."""
    for s in records:
        for rel in (s.render.images if s.render is not None else []):
            src, dst = shard.folder.path / rel, out.path / rel
            if not src.exists():
                raise RunFolderError(f"{src} is missing; run `cit check {shard.folder.path} --repair` first")
            tmp = dst.with_name(f".{dst.name}.merge.tmp")
            shutil.copyfile(src, tmp)
            tmp.replace(dst)


def merge(shard_dirs: list[Path], out: Path, progress=None) -> RunSummary:
    if not shard_dirs:
        raise UserError("give the shard folders to merge")
    shards = [_open(Path(p)) for p in shard_dirs]
    _check_together(shards)
    config = shards[0].config.model_copy(update={"shard": None, "out": Path(out)})
    folder = RunFolder(out)
    if any(Path(p).resolve() == folder.path.resolve() for p in shard_dirs):
        raise UserError(f"--out {out} is one of the shards; merge into a new folder")
    with folder.locked():
        return _merge(shards, config, folder, progress)


def _merge(shards: list[Shard], config: RunConfig, folder: RunFolder, progress) -> RunSummary:
    t0 = time.perf_counter()
    folder.prepare(config)
    last = folder.recover()
    done = (last or {}).get("next_index", 0)
    if folder.finished() and done >= config.n:
        return summarize(config, folder, Stats.from_dict(last["stats"]), done, last["stats"].get("seconds", 0.0), True)
    folder.clear_done()
    stats = Stats.from_dict(last["stats"]) if last else Stats()
    blocks = block_check(config)
    if blocks is not None and last is not None:
        for kept in folder.iter_samples():
            blocks.restore(kept)
    before: dict[str, Any] = {"seconds": 0.0, "llm": {}}  # totals of the shards already replayed
    for shard in shards:
        shard_last: dict[str, Any] = {}
        for a, b, line, kept_lines, reject_lines in _chunks(shard):
            shard_last = line["stats"]
            if b <= done:
                continue
            made = [Sample.model_validate_json(x) for x in kept_lines]
            rejected = [Rejected.model_validate_json(x) for x in reject_lines]
            _copy_images(shard, folder, made + [r.record for r in rejected])
            stats.merge(Stats.from_dict(line["chunk"]))
            records = made
            if blocks is not None:
                records, repeats = blocks.check(made, stats)
                rejected += repeats
            count_kept(stats, records, [r.record for r in rejected])
            extra: dict[str, Any] = {"seconds": round(before["seconds"] + shard_last.get("seconds", 0.0), 3)}
            if before["llm"] or "llm" in shard_last:
                extra["llm"] = llm_totals(add_usage(before["llm"], _usage_only(shard_last.get("llm", {}))), stats)
            folder.commit(b, records, rejected, stats, extra, chunk=line["chunk"])
            if progress:
                progress(b, config.n)
        before = {"seconds": before["seconds"] + shard_last.get("seconds", 0.0),
                  "llm": add_usage(before["llm"], _usage_only(shard_last.get("llm", {})))}
    final = folder.last_commit() or {}
    if stats.inputs != stats.kept + stats.rejected:
        raise RuntimeError(f"bookkeeping bug: {stats.inputs} inputs != {stats.kept} kept + {stats.rejected} rejected")
    summary = summarize(config, folder, stats, config.n, final.get("stats", {}).get("seconds", time.perf_counter() - t0))
    folder.mark_done(summary.__dict__)
    return summary


def _usage_only(llm: dict[str, Any]) -> dict[str, Any]:
    """A shard's LLM totals without the per-kept figures, which are recomputed for the whole."""
    return {k: v for k, v in llm.items() if k not in ("tokens_per_kept_chart", "cost_per_kept_qa")}
