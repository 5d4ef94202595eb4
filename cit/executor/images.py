"""Turn PNG bytes from a sandbox into a clean file in out_dir.

The bytes are untrusted. Before anything is decoded, the header's size is checked against
a hard pixel cap (no decompression bombs); then Pillow decodes the whole image, which
proves the pixel data is complete and well-formed. The file written keeps only the
chunks that carry pixels (IHDR, PLTE, tRNS, IDAT, IEND) with fresh checksums, so text,
EXIF, ICC and any unknown chunk are gone; an image over max_pixels is scaled down and
re-encoded instead. The host picks the name and writes atomically: a symlink planted at
that name is replaced, never followed.
"""

from __future__ import annotations

import io
import math
import struct
import zlib
from pathlib import Path

from cit.io import atomic_write_bytes

MAX_PNG_BYTES = 64 << 20
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
PIXEL_CHUNKS = {b"IHDR", b"PLTE", b"tRNS", b"IDAT", b"IEND"}


class ImageRejected(Exception):
    pass


def store_png(data: bytes, path: Path, max_pixels: int) -> tuple[int, int]:
    """Validate, clean and write one image; returns its final (width, height)."""
    from PIL import Image

    if len(data) > MAX_PNG_BYTES:
        raise ImageRejected(f"image of {len(data)} bytes is larger than {MAX_PNG_BYTES >> 20} MiB")
    hard_cap = max(4 * max_pixels, 16_000_000)
    try:
        with Image.open(io.BytesIO(data), formats=["PNG"]) as im:
            w, h = im.size
            if w < 1 or h < 1 or w * h > hard_cap:
                raise ImageRejected(f"image of {w}x{h} pixels is over the {hard_cap} pixel cap")
            im.load()
            if w * h > max_pixels:
                img = im.convert("RGBA" if _has_alpha(im) else "RGB")
    except ImageRejected:
        raise
    except Image.DecompressionBombError:
        raise ImageRejected(f"image is far over the {hard_cap} pixel cap") from None
    except Exception as exc:  # Pillow raises many types for corrupt input
        raise ImageRejected(f"not a valid PNG: {exc}") from None
    if w * h > max_pixels:
        scale = math.sqrt(max_pixels / (w * h))
        img = img.resize((max(1, int(w * scale)), max(1, int(h * scale))), Image.Resampling.LANCZOS)
        img.info = {}
        out = io.BytesIO()
        img.save(out, format="PNG", compress_level=6)
        atomic_write_bytes(path, out.getvalue())
        return img.size
    atomic_write_bytes(path, pixel_chunks_only(data, w, h))
    return w, h


def pixel_chunks_only(data: bytes, width: int, height: int) -> bytes:
    """The PNG rebuilt from its pixel-carrying chunks, each with a freshly computed CRC.

    The compressed pixel stream must end exactly where the IDAT data ends, so nothing
    can ride along after the image inside it either.
    """
    out, pos, idat = [PNG_MAGIC], len(PNG_MAGIC), zlib.decompressobj()
    budget = width * height * 8 + 2 * height + 1024  # 16-bit RGBA plus filter bytes: nothing is bigger
    while pos + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        body = data[pos + 8 : pos + 8 + length]
        if len(body) != length:
            raise ImageRejected("not a valid PNG: truncated chunk")
        pos += 12 + length
        if kind in PIXEL_CHUNKS:
            out.append(struct.pack(">I4s", length, kind) + body + struct.pack(">I", zlib.crc32(kind + body)))
        while kind == b"IDAT" and body:
            try:
                budget -= len(idat.decompress(body, max(budget, 1)))
            except zlib.error:
                raise ImageRejected("not a valid PNG: corrupt pixel data") from None
            body = idat.unconsumed_tail
            if budget <= 0 and body:
                raise ImageRejected("not a valid PNG: more pixel data than the image holds")
        if kind == b"IEND":
            break
    if not idat.eof or idat.unused_data:
        raise ImageRejected("not a valid PNG: data after the end of the pixel stream")
    return b"".join(out)


def _has_alpha(im) -> bool:
    return im.mode in ("RGBA", "LA", "PA") or "transparency" in im.info
