"""validate: reject images that are not usable charts.

Checks what a reader would notice at a glance: too small, a strange aspect ratio, nearly
blank, and (where the library exposes its text artists) overlapping or clipped text.
"""

from __future__ import annotations

from PIL import Image

from cit.pipeline import Stage
from cit.record import Sample


def ink_fraction(img: Image.Image) -> float:
    """Share of pixels that differ clearly from the dominant (background) colour."""
    small = img.convert("L").resize((128, 128), Image.Resampling.BILINEAR)
    hist = small.histogram()
    background = max(range(256), key=hist.__getitem__)
    differing = sum(n for level, n in enumerate(hist) if abs(level - background) > 24)
    return differing / (128 * 128)


class Validate(Stage):
    name = "validate"
    section = "validate"

    def process(self, records: list[Sample]) -> list[Sample]:
        cfg = self.config.validate_
        out: list[Sample] = []
        for s in records:
            problem = self._problem(s, cfg)
            if problem is None:
                out.append(s)
            else:
                self.drop(s, *problem)
        return out

    def _problem(self, s: Sample, cfg) -> tuple[str, str] | None:
        with Image.open(self.ctx.run_dir / s.image) as img:
            w, h = img.size
            if w < cfg.min_width or h < cfg.min_height:
                return "image-too-small", f"{w}x{h} px, need at least {cfg.min_width}x{cfg.min_height}"
            aspect = max(w, h) / min(w, h)
            if aspect > cfg.max_aspect:
                return "bad-aspect", f"aspect ratio {aspect:.1f} exceeds {cfg.max_aspect}"
            ink = ink_fraction(img)
            s.scores["ink"] = round(ink, 4)
            if ink < cfg.min_nonbackground:
                return "blank-image", f"only {ink:.1%} of the image differs from the background"
        overlaps = _total(s, "text_overlaps")
        clipped = _total(s, "clipped_texts")
        if overlaps is not None:
            s.scores["text_overlaps"] = overlaps
            if cfg.max_text_overlaps is not None and overlaps > cfg.max_text_overlaps:
                return "text-overlap", f"{overlaps} overlapping text pairs"
        if clipped is not None:
            s.scores["clipped_texts"] = clipped
            if cfg.max_clipped_texts is not None and clipped > cfg.max_clipped_texts:
                return "clipped-text", f"{clipped} texts cut off at the figure edge"
        return None


def _total(s: Sample, key: str) -> int | None:
    values = [f.get(key) for f in (s.render.figures if s.render else [])]
    known = [v for v in values if v is not None]
    return sum(known) if known else None


STAGE = Validate
