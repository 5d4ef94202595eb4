"""The host's end of the sandbox pipes: frames (see sandbox/frames.py) read against a
deadline. Everything a sandbox process says is untrusted: sizes are checked before any
allocation, and a peer that stalls mid-frame is cut off at the deadline.
"""

from __future__ import annotations

import json
import os
import select
import struct
import time
from typing import Any

MAGIC = b"CF"
PREFIX = struct.Struct(">2sI")
MAX_HEADER = 4 << 20
MAX_BLOBS = 256


class PeerGone(Exception):
    """The sandbox process closed its end: it exited or was killed."""


class PeerTimeout(Exception):
    """No complete frame before the deadline."""


class PeerBroken(Exception):
    """The sandbox process sent bytes that are not a valid frame."""


def encode(header: dict[str, Any], blobs: list[bytes] | tuple[bytes, ...] = ()) -> bytes:
    raw = json.dumps(dict(header, blobs=[len(b) for b in blobs]), separators=(",", ":")).encode("utf-8")
    return b"".join([PREFIX.pack(MAGIC, len(raw)), raw, *blobs])


def send(fd: int, header: dict[str, Any], blobs: list[bytes] | tuple[bytes, ...] = ()) -> None:
    """Blocking write of one frame; raises PeerGone if the reader is gone."""
    view = memoryview(encode(header, blobs))
    try:
        while view:
            view = view[os.write(fd, view) :]
    except (BrokenPipeError, OSError) as exc:
        raise PeerGone(str(exc)) from None


def _read_exact(fd: int, n: int, deadline: float | None) -> bytes:
    chunks, left = [], n
    while left:
        if deadline is not None:
            wait = deadline - time.monotonic()
            if wait <= 0 or not select.select([fd], [], [], wait)[0]:
                raise PeerTimeout
        try:
            chunk = os.read(fd, min(left, 1 << 20))
        except OSError as exc:
            raise PeerGone(str(exc)) from None
        if not chunk:
            raise PeerGone("end of stream")
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def receive(fd: int, deadline: float | None, max_total: int) -> tuple[dict[str, Any], list[bytes]]:
    """Read one frame, checking every size against the limits before reading it."""
    magic, hlen = PREFIX.unpack(_read_exact(fd, PREFIX.size, deadline))
    if magic != MAGIC or hlen > MAX_HEADER:
        raise PeerBroken("bad frame prefix")
    try:
        header = json.loads(_read_exact(fd, hlen, deadline).decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise PeerBroken("frame header is not JSON") from None
    if not isinstance(header, dict):
        raise PeerBroken("frame header is not an object")
    sizes = header.pop("blobs", [])
    if (
        not isinstance(sizes, list)
        or len(sizes) > MAX_BLOBS
        or not all(type(s) is int and s >= 0 for s in sizes)
        or sum(sizes) > max_total
    ):
        raise PeerBroken("frame blob sizes are malformed or over the limit")
    return header, [_read_exact(fd, s, deadline) for s in sizes]
