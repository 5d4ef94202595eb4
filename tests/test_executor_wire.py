"""The host treats everything a sandbox process sends as untrusted: frames and images."""

from __future__ import annotations

import importlib.util
import io
import os
import struct
import sys
import time
import zlib
from pathlib import Path

import pytest
from PIL import Image, PngImagePlugin

from cit.executor import wire
from cit.executor.images import ImageRejected, store_png
from cit.paths import sandbox_dir


def sandbox_frames():
    spec = importlib.util.spec_from_file_location("sandbox_frames_under_test", sandbox_dir() / "frames.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_host_and_sandbox_frame_codecs_agree():
    frames = sandbox_frames()
    r, w = os.pipe()
    with os.fdopen(r, "rb", buffering=0) as rf, os.fdopen(w, "wb", buffering=0) as wf:
        frames.write_frame(wf.fileno(), {"op": "result", "text": "é"}, [b"abc", b""])
        header, blobs = wire.receive(rf.fileno(), time.monotonic() + 5, 100)
        assert header == {"op": "result", "text": "é"} and blobs == [b"abc", b""]
        wire.send(wf.fileno(), {"op": "job"}, [b"code"])
        header, blobs = frames.read_frame(rf.fileno(), 100)
        assert header["op"] == "job" and blobs == [b"code"]


def _receive_bytes(data: bytes, max_total: int = 1 << 20, close: bool = True):
    r, w = os.pipe()
    os.write(w, data)
    if close:
        os.close(w)
    try:
        return wire.receive(r, time.monotonic() + 0.3, max_total)
    finally:
        os.close(r)
        if not close:
            os.close(w)


@pytest.mark.parametrize(
    "data",
    [
        b"XX" + struct.pack(">I", 2) + b"{}",  # wrong magic
        b"CF" + struct.pack(">I", 1 << 30),  # absurd header length
        b"CF" + struct.pack(">I", 4) + b"\xff\xfe{}",  # not UTF-8 JSON
        b"CF" + struct.pack(">I", 2) + b"[]",  # not an object
        b"CF" + struct.pack(">I", 23) + b'{"op":"x","blobs":[-1]}',
    ],
    ids=["magic", "header-size", "not-json", "not-object", "negative-blob"],
)
def test_malformed_frames_are_rejected(data):
    with pytest.raises(wire.PeerBroken):
        _receive_bytes(data)


def test_a_frame_claiming_more_than_the_limit_is_rejected_before_reading_it():
    raw = b'{"blobs":[1073741824]}'
    with pytest.raises(wire.PeerBroken, match="over the limit"):
        _receive_bytes(b"CF" + struct.pack(">I", len(raw)) + raw, max_total=1 << 20)


def test_a_stalled_half_frame_times_out_and_a_closed_pipe_is_gone():
    half = wire.encode({"op": "result"}, [b"x" * 100])[:-10]
    with pytest.raises(wire.PeerTimeout):
        _receive_bytes(half, close=False)
    with pytest.raises(wire.PeerGone):
        _receive_bytes(half, close=True)


def _png(size=(50, 40), info: PngImagePlugin.PngInfo | None = None) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, "red").save(buf, "PNG", pnginfo=info)
    return buf.getvalue()


def test_decompression_bomb_header_is_rejected_before_decoding(tmp_path: Path):
    # A valid PNG whose header claims 100000 x 100000 pixels (a few bytes of IDAT).
    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    bomb = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 100_000, 100_000, 8, 2, 0, 0, 0))
    bomb += chunk(b"IDAT", zlib.compress(b"\0" * 1000)) + chunk(b"IEND", b"")
    with pytest.raises(ImageRejected, match="pixel cap"):
        store_png(bomb, tmp_path / "bomb.png", 4_000_000)
    assert not (tmp_path / "bomb.png").exists()


def test_garbage_is_not_an_image(tmp_path: Path):
    with pytest.raises(ImageRejected, match="not a valid PNG"):
        store_png(b"\x89PNG\r\n\x1a\n" + os.urandom(200), tmp_path / "g.png", 4_000_000)


def test_large_images_are_scaled_down_and_metadata_dropped(tmp_path: Path):
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "smuggled-text")
    size = store_png(_png((3000, 2000), info), tmp_path / "big.png", 1_000_000)
    assert size[0] * size[1] <= 1_000_000 and abs(size[0] / size[1] - 1.5) < 0.01
    data = (tmp_path / "big.png").read_bytes()
    assert b"smuggled-text" not in data and b"tEXt" not in data


def test_metadata_chunks_are_dropped_from_images_within_the_budget(tmp_path: Path):
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "smuggled-text")
    info.add_itxt("Note", "smuggled-itxt")
    assert store_png(_png((60, 40), info), tmp_path / "small.png", 1_000_000) == (60, 40)
    data = (tmp_path / "small.png").read_bytes()
    assert b"smuggled" not in data
    with Image.open(tmp_path / "small.png") as im:
        assert im.size == (60, 40) and im.convert("RGB").getpixel((5, 5)) == (255, 0, 0)


def test_bytes_hidden_after_the_pixel_stream_are_refused(tmp_path: Path):
    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    raw = b"".join(b"\0" + b"\xff\x00\x00" * 4 for _ in range(3))  # 4x3 red, filter byte per row
    ihdr = chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 3, 8, 2, 0, 0, 0))
    smuggled = b"\x89PNG\r\n\x1a\n" + ihdr + chunk(b"IDAT", zlib.compress(raw) + b"SECRET-AFTER-END") + chunk(b"IEND", b"")
    with pytest.raises(ImageRejected):
        store_png(smuggled, tmp_path / "s.png", 1_000_000)
    clean = b"\x89PNG\r\n\x1a\n" + ihdr + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
    assert store_png(clean, tmp_path / "c.png", 1_000_000) == (4, 3)


def test_the_host_can_import_the_executor_without_heavy_libraries():
    code = "import sys, cit.executor, cit.cli.render; print(sorted(m for m in ('torch', 'PIL', 'matplotlib', 'plotly') if m in sys.modules))"
    import subprocess

    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
