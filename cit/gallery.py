"""`cit gallery`: a static HTML page to look through a run.

Thumbnails, code and Q&A per chart, a filter by chart type, and a stats figure (kept charts
per type, Q&A per kind, rejects per reason). Everything is local (no CDN), and every piece
of generated text is HTML-escaped, since it came from a model or from untrusted code.
"""

from __future__ import annotations

import html
import json
import logging
import os
from pathlib import Path

from PIL import Image

from cit.errors import UserError
from cit.io import atomic_write_text
from cit.record import Sample
from cit.runfolder import RunFolder

log = logging.getLogger("cit")

THUMB_WIDTH = 360

_CSS = """
body{font-family:system-ui,sans-serif;margin:1.5rem;background:#f6f7f9;color:#222}
header{display:flex;gap:1rem;align-items:center;flex-wrap:wrap}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(380px,1fr));gap:1rem;margin-top:1rem}
.card{background:#fff;border-radius:8px;padding:.8rem;box-shadow:0 1px 3px #0002}
.card img{width:100%;height:auto;border:1px solid #eee}
.meta{font-size:.8rem;color:#666}
pre{max-height:22rem;overflow:auto;background:#f3f3f3;padding:.5rem;font-size:.75rem}
.qa{font-size:.85rem;margin:.4rem 0}.qa b{color:#124}
.tag{display:inline-block;font-size:.7rem;padding:0 .4rem;border-radius:4px;background:#e7eefc;margin-right:.3rem}
.hidden{display:none}
"""

_JS = """
const sel = document.getElementById('type');
const cards = Array.from(document.querySelectorAll('.card'));
const types = Array.from(new Set(cards.map(c => c.dataset.type))).sort();
for (const t of types) { const o = document.createElement('option'); o.value = t; o.textContent = t; sel.appendChild(o); }
function apply() {
  let shown = 0;
  for (const c of cards) { const ok = !sel.value || c.dataset.type === sel.value; c.classList.toggle('hidden', !ok); shown += ok; }
  document.getElementById('count').textContent = shown + ' charts';
  document.body.dataset.shown = shown;
}
sel.addEventListener('change', () => { location.hash = sel.value ? 'type=' + encodeURIComponent(sel.value) : ''; apply(); });
// A link like gallery.html#type=bar%2Fstacked opens the page filtered.
const wanted = decodeURIComponent((location.hash.match(/type=([^&]+)/) || [])[1] || '');
if (types.includes(wanted)) sel.value = wanted;
apply();
document.body.dataset.ready = 'yes';
"""


def _thumb(folder: RunFolder, s: Sample, thumbs: Path) -> str:
    dest = thumbs / f"{Path(s.image).stem}.png"
    if not dest.exists():
        with Image.open(folder.path / s.image) as img:
            ratio = THUMB_WIDTH / img.width
            small = img.convert("RGB").resize((THUMB_WIDTH, max(1, round(img.height * ratio))), Image.Resampling.LANCZOS)
            small.save(dest, optimize=True)
    return f"{thumbs.name}/{dest.name}"


def _card(s: Sample, thumb: str, link: str) -> str:
    e = html.escape
    qa = "".join(
        f'<div class="qa"><span class="tag">{e(q.kind)}</span><span class="tag">{e(q.status)}</span>'
        f"<b>Q:</b> {e(q.question)}<br><b>A:</b> {e(q.answer)}"
        f"<details><summary>rationale</summary>{e(q.rationale)}</details></div>"
        for q in s.qa
    )
    lineage = f" · evolved from {e(s.lineage.parent_id)} ({e(s.lineage.direction or '')})" if s.lineage.parent_id else ""
    return (
        f'<div class="card" data-type="{e(s.chart_type)}">'
        f'<a href="{e(link)}"><img loading="lazy" src="{e(thumb)}" alt="{e(s.chart_type)}"></a>'
        f'<div class="meta">{e(s.id)} · {e(s.chart_type)} · {e(s.library)} · {e(s.lineage.level)}{lineage}</div>'
        f"<details><summary>caption</summary>{e(s.caption or '')}</details>"
        f"<details><summary>code</summary><pre>{e(s.code)}</pre></details>{qa}</div>"
    )


def _stats_figure(stats: dict, dest: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    panels = [
        ("kept charts per type", stats.get("kept_by_type", {})),
        ("kept Q&A per kind", stats.get("qa_by_kind", {})),
        ("kept Q&A per family", stats.get("qa_by_family", {})),
        ("kept Q&A per number of steps", stats.get("qa_by_steps", {})),
        ("rejects per reason", stats.get("rejected_by_reason", {})),
    ]
    fig, axes = plt.subplots(1, len(panels), figsize=(26, max(4, 0.28 * max(len(p[1]) for p in panels) + 1.5)))
    for ax, (title, counts) in zip(axes, panels):
        items = sorted(counts.items(), key=lambda kv: kv[1])
        ax.barh([k for k, _ in items] or ["(none)"], [v for _, v in items] or [0], color="#4c72b0")
        ax.set_title(title)
        ax.tick_params(axis="y", labelsize=8)
    fig.tight_layout()
    fig.savefig(dest, dpi=90)
    plt.close(fig)


def write_gallery(run_dir: str | Path, limit: int | None = 500, out: str | Path | None = None) -> Path:
    """Write gallery.html (and its gallery_files/) into `out`, by default the run folder."""
    from cit.runcheck import quick_check

    folder = RunFolder(Path(run_dir))
    stats = folder.read_stats()
    quick_check(folder.path)
    if not folder.finished():
        log.warning("%s is not finished: the gallery shows its committed chunks only", folder.path)
    dest_dir = Path(out) if out is not None else folder.path
    thumbs = dest_dir / "gallery_files"
    try:
        thumbs.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"cannot write the gallery into {dest_dir}: {exc.strerror}; pass --out DIR") from None
    _stats_figure(stats, thumbs / "stats.png")
    cards = []
    for s in folder.iter_samples():
        if limit is not None and len(cards) >= limit:
            break
        if s.image:
            cards.append(_card(s, _thumb(folder, s, thumbs), os.path.relpath(folder.path / s.image, dest_dir)))
    summary = {k: stats.get(k) for k in ("inputs", "kept", "rejected")}
    if stats.get("calibration"):  # pass rates measured by `cit calibrate`
        summary["pass_rates"] = stats["calibration"]
    page = (
        "<!doctype html><html><head><meta charset='utf-8'><title>cit gallery</title>"
        f"<style>{_CSS}</style></head><body><header><h1>cit gallery</h1>"
        f"<span>{html.escape(json.dumps(summary))}</span>"
        "<label>chart type <select id='type'><option value=''>all</option></select></label>"
        "<span id='count'></span></header>"
        "<img src='gallery_files/stats.png' alt='run statistics' style='max-width:100%'>"
        f"<div class='grid'>{''.join(cards)}</div><script>{_JS}</script></body></html>"
    )
    dest = dest_dir / "gallery.html"
    atomic_write_text(dest, page)
    return dest
