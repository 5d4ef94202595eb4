"""`cit gallery` renders in a real headless Chromium, with working type filter and stats figure."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import quote

import pytest
from PIL import Image

from cit.runner import synth
from synth_helpers import jsonl, run_cli, small_config

pytestmark = pytest.mark.slow  # end to end: left out of the quick loop (pytest -m "not slow")

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def _chromium(url: str, profile: Path, *extra: str) -> str:
    flags = [
        "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", f"--user-data-dir={profile}",
    ]
    proc = subprocess.run([CHROMIUM, *flags, *extra, url], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout


@pytest.fixture(scope="module")
def gallery(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("gal") / "run"
    synth(small_config(out, n=12, chunk_size=6))
    proc = run_cli("gallery", str(out))
    assert proc.returncode == 0, proc.stderr
    return Path(proc.stdout.strip())


def test_gallery_renders_every_chart_in_chromium(gallery: Path, tmp_path: Path):
    assert CHROMIUM, "chromium is required (apt-get install chromium)"
    dom = _chromium(gallery.as_uri(), tmp_path / "profile", "--dump-dom")
    kept = jsonl(gallery.parent / "samples.jsonl")
    assert 'data-ready="yes"' in dom  # the page's script ran to the end
    assert f'data-shown="{len(kept)}"' in dom
    assert dom.count('class="card"') == len(kept)
    for s in kept:
        assert s["id"] in dom


def test_type_filter_from_link(gallery: Path, tmp_path: Path):
    kept = jsonl(gallery.parent / "samples.jsonl")
    chart_type = kept[0]["chart_type"]
    expected = sum(s["chart_type"] == chart_type for s in kept)
    dom = _chromium(gallery.as_uri() + "#type=" + quote(chart_type, safe=""), tmp_path / "profile", "--dump-dom")
    assert f'data-shown="{expected}"' in dom
    assert len(re.findall(r'class="card hidden"', dom)) == len(kept) - expected


def test_gallery_screenshot_is_not_blank(gallery: Path, tmp_path: Path):
    shot = tmp_path / "shot.png"
    _chromium(gallery.as_uri(), tmp_path / "profile", f"--screenshot={shot}", "--window-size=1280,1600")
    with Image.open(shot) as img:
        colours = img.convert("L").resize((64, 64)).getcolors(4096)
    assert colours and len(colours) > 20  # thumbnails and the stats figure drew something
    stats = json.loads((gallery.parent / "stats.json").read_text())
    assert (gallery.parent / "gallery_files" / "stats.png").is_file() and stats["kept"] > 0


def test_generated_text_is_escaped(tmp_path: Path):
    from cit.gallery import _card
    from cit.record import Sample

    s = Sample(id="x", family="bar", chart_type="bar/plain", library="matplotlib", code="<script>alert(1)</script>", image="images/x.png")
    html = _card(s, "gallery_files/x.png", "images/x.png")
    assert "<script>" not in html and "&lt;script&gt;" in html
