"""A run folder, and the commit protocol that makes runs resumable.

Layout:
    config.yaml      the resolved config (rewritten atomically)
    samples.jsonl    kept samples, one per line
    rejected.jsonl   every dropped record with its stage and reason
    images/          PNGs of kept samples, named by sample id
    journal.jsonl    one line per committed chunk: byte sizes of the two JSONL files, stats,
                     image hashes, and the chunk's own counters
    stats.json       the latest stats (rewritten atomically)
    run.log          the log
    DONE             completion marker with the final summary

Commit order for a chunk: images are written first (atomically, by the executor), then the
sample and reject lines are appended and fsynced, then the journal line. On open, anything
after the last journal line is uncommitted: the JSONL files are cut back to the sizes the
journal recorded and images that no committed sample references are deleted. So a run
killed at any instant resumes without losing, duplicating or orphaning anything.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import itertools
import json
import os
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from cit.config import RunConfig
from cit.errors import RunFolderError
from cit.io import append_lines, atomic_write_json, atomic_write_text, iter_jsonl, truncate_to
from cit.pipeline import Stats
from cit.record import Rejected, Sample

# Settings that change how fast a run goes, not what it produces: they may differ on resume.
RUNTIME_ONLY = {"out", "n", "executor.workers", "executor.chromium", "executor.renderer_start_timeout",
                "llm.concurrency", "llm.timeout", "llm.max_retries",
                "ray.enabled", "ray.address", "ray.actors", "ray.actor_cpus"}


def _flatten(d: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for k, v in d.items():
        key = f"{prefix}{k}"
        if isinstance(v, dict):
            flat.update(_flatten(v, key + "."))
        else:
            flat[key] = v
    return flat


def config_differences(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    a, b = _flatten(old), _flatten(new)
    return [
        f"{k}: {a.get(k)!r} -> {b.get(k)!r}"
        for k in sorted(set(a) | set(b))
        if k not in RUNTIME_ONLY and a.get(k) != b.get(k)
    ]


class RunFolder:
    def __init__(self, path: Path):
        self.path = Path(path)
        self.samples = self.path / "samples.jsonl"
        self.rejected = self.path / "rejected.jsonl"
        self.images = self.path / "images"
        self.journal = self.path / "journal.jsonl"
        self.stats_file = self.path / "stats.json"
        self.config_file = self.path / "config.yaml"
        self.log_file = self.path / "run.log"
        self.done_file = self.path / "DONE"
        self.lock_file = self.path / "lock"

    @contextlib.contextmanager
    def locked(self):
        """Hold the folder for one `cit synth` for as long as it runs. A second process is
        refused with the holder's PID and host; a lock left by a dead process is free again
        (the kernel drops a dead process's flock), so it is simply taken over."""
        try:
            self.path.mkdir(parents=True, exist_ok=True)
            f = open(self.lock_file, "a+", encoding="utf-8")
        except OSError as exc:
            raise RunFolderError(f"cannot create run folder {self.path}: {exc.strerror}") from None
        try:
            try:
                fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                f.seek(0)
                holder = f.read().strip() or "another process"
                raise RunFolderError(f"{self.path} is in use by {holder}; wait for it to finish, or use another --out") from None
            f.seek(0)
            f.truncate()
            f.write(f"cit synth, PID {os.getpid()} on host {socket.gethostname()}\n")
            f.flush()
            yield
        finally:
            f.close()  # releases the lock

    # -- opening -----------------------------------------------------------------
    def prepare(self, config: RunConfig) -> None:
        """Create or reopen the folder for `config`; refuse a folder made with another config."""
        try:
            self.images.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise RunFolderError(f"cannot create run folder {self.path}: {exc.strerror}") from None
        if not os.access(self.path, os.W_OK):
            raise RunFolderError(f"run folder {self.path} is not writable")
        for f in (self.samples, self.rejected, self.journal, self.stats_file, self.config_file, self.images):
            if f.exists() and not os.access(f, os.W_OK):
                raise RunFolderError(f"{f} is not writable, so the run cannot go on; make it writable, or use another --out")
        new = config.model_dump(mode="json", by_alias=True)
        if self.config_file.exists():
            try:
                old = yaml.safe_load(self.config_file.read_text(encoding="utf-8")) or {}
            except yaml.YAMLError:
                raise RunFolderError(f"{self.config_file} is not valid YAML; was it edited by hand?") from None
            diffs = config_differences(old, new)
            if diffs:
                raise RunFolderError(
                    f"{self.path} holds a run made with a different config ({'; '.join(diffs[:3])}); "
                    "use another --out, or the same settings to resume"
                )
        text = config.to_yaml()
        # Rewrite only when something (n, workers, ...) changed: a rerun of a finished run touches nothing.
        if not self.config_file.exists() or self.config_file.read_text(encoding="utf-8") != text:
            atomic_write_text(self.config_file, text)

    def last_commit(self) -> dict[str, Any] | None:
        """The last complete journal line, or None for a fresh run."""
        if not self.journal.exists():
            return None
        last = None
        for _, entry in iter_jsonl(self.journal, allow_truncated_tail=True):
            last = entry
        return last

    def recover(self) -> dict[str, Any] | None:
        """Drop whatever the last commit does not cover. Returns that commit (or None)."""
        last = self.last_commit()
        if last is None and (self._size(self.samples) or self._size(self.rejected)):
            raise RunFolderError(
                f"{self.path} has samples but no journal.jsonl, so it cannot be resumed safely; use another --out"
            )
        if last is not None:
            self._check_commit(last)  # before anything is cut or deleted
        sizes = (last or {}).get("sizes", {"samples": 0, "rejected": 0})
        truncate_to(self.samples, sizes["samples"])
        truncate_to(self.rejected, sizes["rejected"])
        if self.journal.exists():
            self._rewrite_journal_without_tail()
        self._remove_orphan_images()
        return last

    def _check_commit(self, last: Any) -> None:
        """Refuse, touching nothing, a last journal line that is not a commit these files can match."""
        problem = None
        if not isinstance(last, dict):
            problem = "is not a JSON object"
        else:
            missing = [k for k in ("next_index", "sizes", "stats") if k not in last]
            sizes = last.get("sizes")
            if missing:
                problem = f"lacks {', '.join(repr(k) for k in missing)}"
            elif not isinstance(sizes, dict) or not all(isinstance(sizes.get(k), int) and sizes[k] >= 0 for k in ("samples", "rejected")):
                problem = "has no valid file sizes"
            elif not isinstance(last["next_index"], int) or not isinstance(last["stats"], dict):
                problem = "has a malformed next_index or stats"
            elif sizes["samples"] > self._size(self.samples) or sizes["rejected"] > self._size(self.rejected):
                problem = (f"says samples.jsonl and rejected.jsonl hold {sizes['samples']} and {sizes['rejected']} bytes, "
                           f"but they hold {self._size(self.samples)} and {self._size(self.rejected)}")
        if problem:
            raise RunFolderError(f"the last line of {self.journal} {problem}, so the run cannot be resumed safely; "
                                 "nothing was changed: restore that file, or use another --out")

    def matches_commit(self, last: dict[str, Any]) -> bool:
        """True when the data files are exactly as the commit left them."""
        sizes = last.get("sizes", {})
        return self._size(self.samples) == sizes.get("samples") and self._size(self.rejected) == sizes.get("rejected")

    def _rewrite_journal_without_tail(self) -> None:
        raw = self.journal.read_bytes()
        if raw and not raw.endswith(b"\n"):
            cut = raw.rfind(b"\n") + 1
            truncate_to(self.journal, cut)

    def _remove_orphan_images(self) -> None:
        # Images of rejected records stay too: they show why a chart was dropped.
        referenced: set[str] = set()
        for s in itertools.chain(self.iter_samples(), (r.record for r in self.iter_rejected())):
            if s.render is not None:
                referenced.update(Path(p).name for p in s.render.images)
        for f in self.images.iterdir():
            if f.name not in referenced:
                f.unlink()

    # -- reading -----------------------------------------------------------------
    def committed_size(self, which: str) -> int | None:
        """Bytes of samples.jsonl or rejected.jsonl that the last commit covers (None: no journal)."""
        last = self.last_commit() if self.journal.exists() else None
        sizes = last.get("sizes") if isinstance(last, dict) else None
        return sizes.get(which) if isinstance(sizes, dict) and isinstance(sizes.get(which), int) else None

    def finished(self) -> bool:
        return self.done_file.exists()

    def iter_samples(self) -> Iterator[Sample]:
        """Kept samples up to the last commit: lines written after it are not part of the run yet."""
        if not self.samples.exists():
            return
        for lineno, obj in iter_jsonl(self.samples, limit=self.committed_size("samples")):
            try:
                yield Sample.model_validate(obj)
            except ValueError as exc:
                raise RunFolderError(f"{self.samples}:{lineno}: not a cit sample ({str(exc).splitlines()[0]})") from None

    def iter_rejected(self) -> Iterator[Rejected]:
        if not self.rejected.exists():
            return
        for lineno, obj in iter_jsonl(self.rejected, limit=self.committed_size("rejected")):
            try:
                yield Rejected.model_validate(obj)
            except ValueError as exc:
                raise RunFolderError(f"{self.rejected}:{lineno}: not a cit reject ({str(exc).splitlines()[0]})") from None

    def read_stats(self) -> dict[str, Any]:
        if not self.stats_file.exists():
            raise RunFolderError(f"{self.path} is not a cit run folder (no stats.json)")
        try:
            return json.loads(self.stats_file.read_text(encoding="utf-8"))
        except json.JSONDecodeError:
            raise RunFolderError(f"{self.stats_file} is corrupt") from None

    # -- writing -----------------------------------------------------------------
    def commit(self, next_index: int, kept: list[Sample], rejected: list[Rejected], stats: Stats, extra: dict[str, Any],
               chunk: dict[str, Any] | None = None) -> None:
        """`chunk`: the counters of this chunk's own records before the cross-block check,
        which `cit merge` adds up when it replays a shard's chunks."""
        n_samples = append_lines(self.samples, [s.to_json_line() for s in kept]) if kept else self._size(self.samples)
        n_rejected = (
            append_lines(self.rejected, [r.to_json_line() for r in rejected]) if rejected else self._size(self.rejected)
        )
        summary = {**stats.to_dict(), **extra}
        # Each image the chunk refers to, with its hash: `cit check` finds a lost or damaged
        # one and re-renders it from the kept code (the sandbox draws the same bytes).
        images = {}
        for s in itertools.chain(kept, (r.record for r in rejected)):
            for rel in (s.render.images if s.render is not None else []):
                path = self.path / rel
                if path.exists():
                    images[Path(rel).name] = hashlib.sha256(path.read_bytes()).hexdigest()
        entry = {"next_index": next_index, "sizes": {"samples": n_samples, "rejected": n_rejected}, "stats": summary,
                 "images": dict(sorted(images.items()))}
        if chunk is not None:
            entry["chunk"] = chunk
        append_lines(self.journal, [json.dumps(entry, sort_keys=True)])
        atomic_write_json(self.stats_file, summary)

    def mark_done(self, summary: dict[str, Any]) -> None:
        atomic_write_json(self.done_file, summary)

    def clear_done(self) -> None:
        if self.done_file.exists():
            self.done_file.unlink()

    @staticmethod
    def _size(path: Path) -> int:
        return path.stat().st_size if path.exists() else 0
