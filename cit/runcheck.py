"""`cit check RUN [--repair]`: is a run folder what its journal says, and fix what can be fixed.

The journal is the truth: its last line says how many bytes of samples.jsonl and
rejected.jsonl are committed, the run's stats at that point, and the hash of every image
each chunk refers to. The check compares everything against it:

- the journal's last line is a commit; the data files hold at least the committed bytes,
  every committed line is a valid record, and their counts match the stats;
- bytes past the commit (a torn or uncommitted tail), stats.json out of step with the
  journal, `DONE` on a run that has not committed every index;
- every image a committed record refers to exists and has its recorded hash; no image is
  left that no record refers to.

`--repair` fixes, from the journal, what it can: cuts tails back, rewrites stats.json,
removes a wrong `DONE` and orphan images, and re-renders lost or damaged images from the
kept code (the sandbox draws the same bytes; the hash is checked again). A journal that is
not a commit, or committed data that is gone, cannot be repaired: the check says so.
`export` and `gallery` run the quick part (no hashing) before reading a run.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from cit.errors import RunFolderError, UserError
from cit.io import atomic_write_json, truncate_to
from cit.runfolder import RunFolder
from cit.shards import shard_range

log = logging.getLogger("cit")
ADDED_LATER = {"calibration"}  # stats.json sections written after the run (cit calibrate)


@dataclass
class CheckReport:
    run: str
    problems: list[str] = field(default_factory=list)  # what is wrong now
    repaired: list[str] = field(default_factory=list)  # what --repair fixed
    fixable: list[str] = field(default_factory=list)  # what --repair would fix

    @property
    def ok(self) -> bool:
        return not self.problems and not self.fixable


def check_run(run_dir: str | Path, repair: bool = False, images: bool = True) -> CheckReport:
    folder = RunFolder(Path(run_dir))
    if not folder.path.is_dir():
        raise UserError(f"{folder.path} does not exist")
    if not folder.journal.exists():
        raise UserError(f"{folder.path} is not a cit run folder (no journal.jsonl)")
    if not repair:
        return _check(folder, False, images)
    with folder.locked():  # never repair under a running `cit synth`
        return _check(folder, True, images)


def _check(folder: RunFolder, repair: bool, images: bool) -> CheckReport:
    report = CheckReport(str(folder.path))
    try:
        last = folder.last_commit()
        if last is None:
            raise RunFolderError(f"{folder.journal} holds no commit")
        folder._check_commit(last)
    except RunFolderError as exc:
        report.problems.append(str(exc))
        return report
    finished = folder.finished()
    if finished:  # a stopped run's uncommitted tail and lagging stats are resume's to fix
        _check_tails(folder, last, report, repair)
    records = _committed_records(folder, last, report)
    if records is None:
        return report
    if finished:
        _check_stats(folder, last, report, repair)
    _check_done(folder, last, report, repair)
    if images:
        _check_images(folder, records, report, repair)
    return report


def quick_check(run_dir: str | Path) -> None:
    """Before reading a run (export, gallery): what would make the reader's data wrong
    (damaged committed data, a lost image) stops it with one line pointing to the repair;
    what readers step over (a tail past the last commit, stale stats.json) is a warning."""
    folder = RunFolder(Path(run_dir))
    problems: list[str] = []
    if folder.journal.exists():  # a folder put together by hand has no journal to check against
        report = check_run(run_dir, repair=False, images=False)
        problems = report.problems
        for issue in report.fixable:
            log.warning("%s: %s; `cit check %s --repair` fixes it", run_dir, issue, run_dir)
    missing = _missing_images(folder) if not problems else []
    problems += [f"{missing[0]} is missing"] if missing else []
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise RunFolderError(f"{run_dir}: {problems[0]}{more}; run `cit check {run_dir} --repair`")


# ---- the parts --------------------------------------------------------------------------
def _note(report: CheckReport, repair: bool, problem: str, fix) -> None:
    if repair:
        fix()
        report.repaired.append(problem)
    else:
        report.fixable.append(problem)


def _check_tails(folder: RunFolder, last: dict, report: CheckReport, repair: bool) -> None:
    for which, path in (("samples", folder.samples), ("rejected", folder.rejected)):
        size, committed = folder._size(path), last["sizes"][which]
        if size > committed:
            _note(report, repair, f"{path.name} has a torn tail of {size - committed} bytes past the last commit",
                  lambda p=path, c=committed: truncate_to(p, c))


def _committed_records(folder: RunFolder, last: dict, report: CheckReport):
    try:
        kept, rejected = list(folder.iter_samples()), list(folder.iter_rejected())
    except UserError as exc:
        report.problems.append(f"committed data is damaged: {exc}")
        return None
    stats = last["stats"]
    if (len(kept), len(rejected)) != (stats.get("kept"), stats.get("rejected")):
        report.problems.append(f"the journal counts {stats.get('kept')} kept and {stats.get('rejected')} rejected, "
                               f"the files hold {len(kept)} and {len(rejected)}")
        return None
    return [*kept, *(r.record for r in rejected)]


def _check_stats(folder: RunFolder, last: dict, report: CheckReport, repair: bool) -> None:
    try:
        current = json.loads(folder.stats_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        current = None
    extra = {k: v for k, v in (current or {}).items() if k in ADDED_LATER}
    if current is None or {k: v for k, v in current.items() if k not in ADDED_LATER} != last["stats"]:
        _note(report, repair, "stats.json does not match the journal",
              lambda: atomic_write_json(folder.stats_file, {**last["stats"], **extra}))


def _check_done(folder: RunFolder, last: dict, report: CheckReport, repair: bool) -> None:
    try:
        cfg = yaml.safe_load(folder.config_file.read_text(encoding="utf-8")) or {}
        n = cfg.get("n")
        if isinstance(n, int) and cfg.get("shard"):  # a shard ends where its share of the indices ends
            n = shard_range(n, int(cfg.get("block_size") or n), cfg["shard"])[1]
    except (OSError, yaml.YAMLError, UserError):
        report.problems.append(f"{folder.config_file.name} is missing or unreadable")
        return
    if folder.finished() and isinstance(n, int) and last["next_index"] < n:
        _note(report, repair, f"DONE is written but only {last['next_index']} of {n} indices are committed",
              folder.clear_done)


def _journal_hashes(folder: RunFolder) -> dict[str, str]:
    from cit.io import iter_jsonl

    hashes: dict[str, str] = {}
    for _, entry in iter_jsonl(folder.journal, allow_truncated_tail=True):
        if isinstance(entry, dict) and isinstance(entry.get("images"), dict):
            hashes.update(entry["images"])
    return hashes


def _missing_images(folder: RunFolder) -> list[str]:
    records = itertools.chain(folder.iter_samples(), (r.record for r in folder.iter_rejected()))
    return [rel for s in records for rel in (s.render.images if s.render else []) if not (folder.path / rel).exists()]


def _check_images(folder: RunFolder, records: list, report: CheckReport, repair: bool) -> None:
    hashes = _journal_hashes(folder)
    referenced: set[str] = set()
    broken = []
    for s in records:
        rels = s.render.images if s.render is not None else []
        referenced.update(Path(rel).name for rel in rels)
        for rel in rels:
            path = folder.path / rel
            want = hashes.get(Path(rel).name)
            if not path.exists():
                broken.append((s, f"{rel} is missing"))
                break
            if want and hashlib.sha256(path.read_bytes()).hexdigest() != want:
                broken.append((s, f"{rel} does not match its recorded hash"))
                break
    orphans = sorted(f for f in folder.images.iterdir() if f.name not in referenced) if folder.images.is_dir() else []
    if orphans:
        _note(report, repair, f"{len(orphans)} image(s) no committed record refers to, e.g. images/{orphans[0].name}",
              lambda: [f.unlink() for f in orphans])
    if not broken:
        return
    if not repair:
        report.fixable.extend(why for _, why in broken)
        return
    _rerender(folder, broken, hashes, report)


def _rerender(folder: RunFolder, broken: list, hashes: dict[str, str], report: CheckReport) -> None:
    from cit.config import load_config
    from cit.executor import Executor, Job

    config = load_config(folder.config_file)
    with Executor(folder.images, config.executor) as ex:
        for s, why in broken:
            for rel in s.render.images:
                (folder.path / rel).unlink(missing_ok=True)  # the job writes them again under the same names
            res = ex.run(Job(code=s.code, name=Path(s.render.images[0]).stem))
            got = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in res.images}
            want = {Path(rel).name: hashes.get(Path(rel).name) for rel in s.render.images}
            if res.ok and all(name in got and (h is None or got[name] == h) for name, h in want.items()):
                report.repaired.append(f"{why}: re-rendered from {s.id}'s code")
            else:
                report.problems.append(f"{why}, and re-rendering {s.id} did not give it back "
                                       f"({res.error or 'different bytes'})")
