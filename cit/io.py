"""Crash-safe file writing and strict JSONL reading.

Two rules keep results intact when a run is killed or the disk fills up:
- whole files are replaced atomically (temp file in the same folder, fsync, rename);
- JSONL files only grow by appends that are fsynced before anything points at them,
  and a reader that meets a half-written last line says so instead of guessing.
"""

from __future__ import annotations

import errno
import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from cit.errors import UserError


def _disk_error(path: Path, exc: OSError) -> UserError:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return UserError(f"disk full while writing {path}; earlier results are intact, free space and rerun")
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return UserError(f"cannot write {path}: {os.strerror(exc.errno)}")
    return UserError(f"cannot write {path}: {exc.strerror or exc}")


def umask() -> int:
    """The process umask (reading it means setting it; set it straight back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def honour_umask(path: str | os.PathLike, directory: bool = False) -> None:
    """Give a file or folder made by mkstemp/mkdtemp (0600/0700) the mode any Unix tool would
    give it, so a teammate or a training job running as another user can read the data."""
    os.chmod(path, (0o777 if directory else 0o666) & ~umask())


def atomic_write_bytes(path: str | os.PathLike, data: bytes) -> None:
    path = Path(path)
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        os.fchmod(fd, 0o666 & ~umask())
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
        tmp = None
    except OSError as exc:
        raise _disk_error(path, exc) from exc
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def atomic_write_text(path: str | os.PathLike, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def atomic_write_json(path: str | os.PathLike, obj: Any) -> None:
    atomic_write_text(path, json.dumps(obj, indent=2, sort_keys=True, default=str) + "\n")


def append_lines(path: str | os.PathLike, lines: list[str]) -> int:
    """Append complete lines and fsync; returns the file size afterwards.

    If the disk fills mid-append the file is cut back to its previous size, so a
    reader never sees a partial line from us.
    """
    path = Path(path)
    payload = "".join(line if line.endswith("\n") else line + "\n" for line in lines).encode("utf-8")
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o666)  # the umask decides
    except OSError as exc:
        raise _disk_error(path, exc) from exc
    try:
        before = os.fstat(fd).st_size
        try:
            view = memoryview(payload)
            while view:
                n = os.write(fd, view)
                view = view[n:]
            os.fsync(fd)
        except OSError as exc:
            try:
                os.ftruncate(fd, before)
            except OSError:
                pass
            raise _disk_error(path, exc) from exc
        return before + len(payload)
    finally:
        os.close(fd)


def truncate_to(path: str | os.PathLike, size: int) -> None:
    """Cut a file back to a known-good size (used to drop uncommitted appends)."""
    path = Path(path)
    if not path.exists():
        if size:
            raise UserError(f"{path} is missing but the run journal says it held {size} bytes")
        return
    if path.stat().st_size < size:
        raise UserError(f"{path} is shorter than the run journal says ({path.stat().st_size} < {size} bytes); the run folder was modified")
    with open(path, "r+b") as f:
        f.truncate(size)
        f.flush()
        os.fsync(f.fileno())


class TruncatedLineError(UserError):
    pass


def iter_jsonl(path: str | os.PathLike, *, allow_truncated_tail: bool = False,
               limit: int | None = None) -> Iterator[tuple[int, dict]]:
    """Yield (line number, object) from a JSONL file, streaming; with `limit`, only the
    lines within its first `limit` bytes (what a commit covers).

    A last line without a newline that does not parse is what a killed writer leaves
    behind: it is an error (clear, one line) unless `allow_truncated_tail`, in which
    case it is skipped. A bad line anywhere else is always an error.
    """
    path = Path(path)
    try:
        f = open(path, "rb")
    except FileNotFoundError:
        raise UserError(f"{path} does not exist") from None
    with f:
        lineno, seen = 0, 0
        for raw in f:
            seen += len(raw)
            if limit is not None and seen > limit:
                return  # past the last commit: not part of the run yet
            lineno += 1
            if not raw.strip():
                continue
            complete = raw.endswith(b"\n")
            try:
                obj = json.loads(raw)
            except (json.JSONDecodeError, UnicodeDecodeError):
                if not complete:
                    if allow_truncated_tail:
                        return
                    raise TruncatedLineError(
                        f"{path}:{lineno}: last line is truncated (a run was killed mid-write); "
                        "`cit check RUN --repair` cuts it back to the last commit"
                    ) from None
                raise UserError(f"{path}:{lineno}: not valid JSON") from None
            if not isinstance(obj, dict):
                raise UserError(f"{path}:{lineno}: expected a JSON object per line")
            yield lineno, obj
