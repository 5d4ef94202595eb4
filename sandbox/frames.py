"""Length-prefixed frames: a JSON header plus raw byte blobs.

Wire format: b"CF" + 4-byte big-endian header length + UTF-8 JSON header + blobs.
The header's "blobs" list gives each blob's length, in order. Used on every pipe of
the sandbox (host <-> zygote, job child -> zygote, host <-> plotly renderer). The
reader side never trusts the writer: sizes are bounded before anything is allocated.
"""

from __future__ import annotations

import json
import os
import struct
from typing import Any

MAGIC = b"CF"
PREFIX = struct.Struct(">2sI")
MAX_HEADER = 4 << 20
MAX_BLOBS = 256


class FrameError(Exception):
    """The peer sent something that is not a well-formed, in-bounds frame."""


def encode(header: dict[str, Any], blobs: list[bytes] | tuple[bytes, ...] = ()) -> bytes:
    header = dict(header, blobs=[len(b) for b in blobs])
    raw = json.dumps(header, separators=(",", ":")).encode("utf-8")
    return b"".join([PREFIX.pack(MAGIC, len(raw)), raw, *blobs])


def write_frame(fd: int, header: dict[str, Any], blobs: list[bytes] | tuple[bytes, ...] = ()) -> None:
    view = memoryview(encode(header, blobs))
    while view:
        n = os.write(fd, view)
        view = view[n:]


def parse_header(raw: bytes, max_total: int) -> tuple[dict[str, Any], list[int]]:
    try:
        header = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise FrameError("frame header is not JSON") from None
    if not isinstance(header, dict):
        raise FrameError("frame header is not an object")
    sizes = header.get("blobs", [])
    if (
        not isinstance(sizes, list)
        or len(sizes) > MAX_BLOBS
        or not all(isinstance(s, int) and not isinstance(s, bool) and s >= 0 for s in sizes)
    ):
        raise FrameError("frame blob list is malformed")
    if sum(sizes) > max_total:
        raise FrameError(f"frame carries {sum(sizes)} bytes, more than the {max_total} allowed")
    return header, sizes


class FrameParser:
    """Incremental parser for non-blocking readers: feed() bytes, get whole frames back."""

    def __init__(self, max_total: int):
        self.max_total = max_total  # per frame, blobs included
        self._buf = bytearray()

    def feed(self, data: bytes) -> list[tuple[dict[str, Any], list[bytes]]]:
        self._buf += data
        frames = []
        while True:
            frame = self._take()
            if frame is None:
                return frames
            frames.append(frame)

    def pending(self) -> int:
        return len(self._buf)

    def _take(self) -> tuple[dict[str, Any], list[bytes]] | None:
        if len(self._buf) < PREFIX.size:
            return None
        magic, hlen = PREFIX.unpack_from(self._buf)
        if magic != MAGIC or hlen > MAX_HEADER:
            raise FrameError("bad frame prefix")
        if len(self._buf) < PREFIX.size + hlen:
            return None
        header, sizes = parse_header(bytes(self._buf[PREFIX.size : PREFIX.size + hlen]), self.max_total)
        end = PREFIX.size + hlen + sum(sizes)
        if len(self._buf) < end:
            return None
        blobs, pos = [], PREFIX.size + hlen
        for size in sizes:
            blobs.append(bytes(self._buf[pos : pos + size]))
            pos += size
        del self._buf[:end]
        return header, blobs


def read_exact(fd: int, n: int) -> bytes:
    """Blocking read of exactly n bytes; EOFError if the pipe closes first."""
    chunks, left = [], n
    while left:
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def read_frame(fd: int, max_total: int) -> tuple[dict[str, Any], list[bytes]]:
    """Blocking read of one frame (used where the peer is the trusted host)."""
    magic, hlen = PREFIX.unpack(read_exact(fd, PREFIX.size))
    if magic != MAGIC or hlen > MAX_HEADER:
        raise FrameError("bad frame prefix")
    header, sizes = parse_header(read_exact(fd, hlen), max_total)
    return header, [read_exact(fd, s) for s in sizes]
