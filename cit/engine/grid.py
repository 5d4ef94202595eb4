"""The README's picture: one rendered example per chart family, in a grid.

    python -m cit.engine.grid --out docs/examples.png

Programs come from the engine and render through the sandboxed executor, like a run.
"""

from __future__ import annotations

import argparse
import io
import tempfile
from pathlib import Path

from cit.engine import ChartEngine, chart_types
from cit.io import atomic_write_bytes

# One pick per family, spread over the three libraries.
PICKS = [
    ("bar/grouped", "seaborn"), ("bar3d/stacked", "matplotlib"), ("line/annotated", "matplotlib"), ("area/stacked", "plotly"),
    ("pie/ring", "matplotlib"), ("radar/filled", "matplotlib"), ("scatter/bubble", "matplotlib"), ("box/violin", "seaborn"),
    ("node/directed", "matplotlib"), ("specific/waterfall", "plotly"), ("specific/heatmap", "seaborn"), ("combo/bar_line", "matplotlib"),
]
CELL = (560, 400)


def render(picks: list[tuple[str, str]], seed: int) -> list[tuple[str, Path]]:
    from cit.executor import Executor, Job

    samples = [ChartEngine(seed=seed, types=[key], libraries=[lib]).generate(i) for i, (key, lib) in enumerate(picks)]
    out_dir = Path(tempfile.mkdtemp(prefix="cit-grid-"))
    with Executor(out_dir, timeout=120) as ex:
        results = list(ex.map([Job(code=s.code, name=s.chart_type.replace("/", "-")) for s in samples]))
    bad = [f"{s.chart_type}: {r.error}" for s, r in zip(samples, results) if not r.ok or not r.images]
    if bad:
        raise SystemExit("rendering failed: " + "; ".join(bad))
    return [(f"{s.chart_type} ({s.library})", r.images[0]) for s, r in zip(samples, results)]


def compose(cells: list[tuple[str, Path]], columns: int = 4) -> bytes:
    from matplotlib import font_manager
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(font_manager.findfont("DejaVu Sans"), 18)
    w, h = CELL
    label_h = 30
    rows = (len(cells) + columns - 1) // columns
    sheet = Image.new("RGB", (columns * w, rows * (h + label_h)), "white")
    draw = ImageDraw.Draw(sheet)
    for i, (label, path) in enumerate(cells):
        im = Image.open(path).convert("RGB")
        im.thumbnail((w - 12, h - 8))
        x, y = (i % columns) * w, (i // columns) * (h + label_h)
        sheet.paste(im, (x + (w - im.width) // 2, y + label_h + (h - im.height) // 2))
        draw.text((x + 10, y + 6), label, fill="black", font=font)
    buf = io.BytesIO()
    sheet.save(buf, format="PNG", optimize=True)
    return buf.getvalue()


def main() -> None:
    ap = argparse.ArgumentParser(description="Render one engine chart per family into a grid image.")
    ap.add_argument("--out", type=Path, default=Path("docs/examples.png"))
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    known = {(t.key, t.library) for t in chart_types()}
    missing = [p for p in PICKS if p not in known]
    if missing:
        raise SystemExit(f"unknown picks: {missing}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(args.out, compose(render(PICKS, args.seed)))
    args.out.chmod(0o644)  # a picture for the repo, not a private temp file
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
