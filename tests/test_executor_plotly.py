"""plotly through the shared warm renderer, and a clear failure where Chromium is missing."""

from __future__ import annotations

import os
import signal

import pytest
from PIL import Image

from cit.executor import Executor
from cit.executor.jail import find_chromium

from conftest import BAR_CHART, run

FIG = "import plotly.express as px\nfig = px.bar(x=['a', 'b', 'c'], y=[3, 1, 2], title='P')\n"
NO_CHROMIUM = "plotly needs Chromium: apt-get install chromium"


@pytest.mark.parametrize(
    "ending",
    [
        "fig.write_image('somewhere/odd name.jpeg', width=640, height=400)\n",
        "fig.show()\n",
        "png = fig.to_image(format='png')\nassert png[:4] == b'\\x89PNG'\n",
        "import plotly.io as pio\npio.write_image(fig, 'x.png')\n",
        "",  # never shown: the figure left in a variable is taken
    ],
    ids=["write_image", "show", "to_image", "pio", "leftover"],
)
def test_plotly_figures_are_captured_and_rendered(executor, ending):
    res = run(executor, FIG + ending, "plotly")
    assert res.ok, res.error
    assert len(res.images) == 1 and res.figures[0]["library"] == "plotly"
    with Image.open(res.images[0]) as im:
        assert im.size == (res.figures[0]["width"], res.figures[0]["height"])
        assert len(set(im.convert("RGB").getdata())) > 10  # a drawn chart, not a blank page


def test_plotly_size_and_scale_are_capped_to_the_pixel_budget(executor):
    res = run(executor, FIG + "fig.write_image('big.png', width=4000, height=3000, scale=4)\n", "bigplotly")
    assert res.ok, res.error
    assert res.figures[0]["width"] * res.figures[0]["height"] <= executor.config.max_pixels


def test_a_dead_plotly_renderer_is_restarted(executor):
    assert run(executor, FIG, "before").ok  # the renderer is up
    proc = executor._renderer._proc
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    res = run(executor, FIG, "after-restart")
    assert res.ok, res.error


def test_without_chromium_plotly_fails_clearly_and_matplotlib_still_works(tmp_path, monkeypatch):
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "no-such-chromium"))
    assert find_chromium("auto") is None
    with Executor(tmp_path / "out", workers=1, timeout=60) as ex:
        plotly = run(ex, FIG + "fig.write_image('p.png')\n", "p")
        chart = run(ex, BAR_CHART, "m")
    assert not plotly.ok and plotly.error == NO_CHROMIUM and plotly.images == []
    assert chart.ok and len(chart.images) == 1
