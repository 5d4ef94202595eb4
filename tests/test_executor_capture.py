"""Capture: every way a program can produce a figure ends as one clean PNG per chart,
with layout facts; and each supported library's happy path."""

from __future__ import annotations

import json

import pytest
from PIL import Image

from conftest import BAR_CHART, png_chunks, run


def size(path) -> tuple[int, int]:
    with Image.open(path) as im:
        return im.size


def test_savefig_under_any_name_and_format_is_captured(executor):
    code = BAR_CHART + "plt.savefig('no/such/dir/final chart.JPG', dpi=50)\n"
    res = run(executor, code, "anyname")
    assert res.ok, res.error
    assert len(res.images) == 1 and res.images[0].suffix == ".png"
    assert res.figures[0]["library"] == "matplotlib"
    assert "writing" in res.stderr  # the unwritable path is reported, not fatal


def test_savefig_to_a_file_object_is_captured(executor):
    res = run(executor, BAR_CHART + "import io\nbuf = io.BytesIO()\nplt.gcf().savefig(buf, format='png')\nassert buf.getvalue()[:4] == b'\\x89PNG'\n", "fileobj")
    assert res.ok and len(res.images) == 1


def test_plt_show_is_captured(executor):
    res = run(executor, BAR_CHART + "plt.show()\n", "show")
    assert res.ok and len(res.images) == 1


def test_figures_left_open_are_captured_in_drawing_order(executor):
    code = "import matplotlib.pyplot as plt\nplt.figure(figsize=(4, 3), dpi=100)\nplt.plot([1, 2])\nplt.figure(figsize=(6, 3), dpi=100)\nplt.plot([2, 1])\n"
    res = run(executor, code, "leftover")
    assert res.ok, res.error
    assert [size(p) for p in res.images] == [(400, 300), (600, 300)]
    assert [p.name for p in res.images] == ["leftover.png", "leftover.2.png"]


def test_saving_then_showing_the_same_chart_gives_one_image(executor):
    res = run(executor, BAR_CHART + "plt.savefig('a.png')\nplt.savefig('b.pdf')\nplt.show()\n", "once")
    assert res.ok and len(res.images) == 1


def test_a_figure_redrawn_between_saves_gives_one_image_per_state(executor):
    code = BAR_CHART + "plt.savefig('one.png')\nplt.clf()\nplt.plot([3, 1, 2])\nplt.savefig('two.png')\n"
    res = run(executor, code, "twostates")
    assert res.ok and len(res.images) == 2


def test_no_figure_is_a_failure_with_a_reason(executor):
    res = run(executor, "x = 1 + 1\n", "nofig")
    assert not res.ok and res.error == "no figure drawn" and res.images == []


def test_huge_figure_is_capped_to_the_pixel_budget(executor):
    code = "import matplotlib.pyplot as plt\nfig = plt.figure(figsize=(400, 300))\nplt.plot([1, 2, 3])\nplt.savefig('huge.png', dpi=600)\n"
    res = run(executor, code, "huge")
    assert res.ok, res.error
    w, h = size(res.images[0])
    assert w * h <= executor.config.max_pixels
    assert (res.figures[0]["width"], res.figures[0]["height"]) == (w, h)


def test_png_metadata_is_stripped(executor):
    res = run(executor, BAR_CHART + "plt.savefig('m.png', metadata={'Author': 'marker-xyz', 'Software': 'marker-xyz'})\n", "metadata")
    assert b"marker-xyz" not in res.images[0].read_bytes()
    assert set(png_chunks(res.images[0])) <= {b"IHDR", b"IDAT", b"IEND"}


def test_overlapping_and_clipped_texts_are_counted(executor):
    clean = run(executor, BAR_CHART, "clean")
    code = BAR_CHART + "for i in range(3):\n    plt.text(1, 2, 'stacked label')\nplt.gcf().text(0.95, 0.5, 'this label runs off the canvas')\n"
    messy = run(executor, code, "messy")
    assert clean.figures[0]["text_overlaps"] == 0 and clean.figures[0]["clipped_texts"] == 0
    assert messy.figures[0]["text_overlaps"] >= 3 and messy.figures[0]["clipped_texts"] == 1


def test_call_returns_a_json_value_without_needing_a_figure(executor):
    code = "import numpy as np\ndata = np.array([3.0, 4.5, 6.0])\ndef answer():\n    return {'mean': data.mean(), 'values': data, 'n': len(data)}\n"
    res = run(executor, code, "answer", call="answer()", capture=False)
    assert res.ok, res.error
    assert res.value == {"mean": 4.5, "values": [3.0, 4.5, 6.0], "n": 3}
    json.dumps(res.to_json())


def test_a_job_without_capture_computes_values_but_draws_nothing(executor):
    # Verification re-runs a chart's code for its variables: savefig, show and tight_layout
    # are no-ops there (most of a chart's run time), and the values are the same.
    code = BAR_CHART + "\nimport os\nplt.tight_layout()\nplt.savefig('again.png')\nplt.show()\n" \
        "def answer():\n    return {'files': sorted(f for f in os.listdir('.') if f.endswith('.png')), 'bars': len(plt.gca().patches)}\n"
    drawn = run(executor, code, "drawn", call="answer()")
    quiet = run(executor, code, "quiet", call="answer()", capture=False)
    assert drawn.ok and quiet.ok, (drawn.error, quiet.error)
    assert drawn.value["files"] and quiet.value == {"files": [], "bars": drawn.value["bars"]}
    assert quiet.images == [] and drawn.images


def test_syntax_error_is_reported_with_its_line(executor):
    res = run(executor, "import matplotlib.pyplot as plt\ndef broken(:\n    pass\n", "syntax")
    assert res.error.startswith("SyntaxError: ") and "line 2" in res.error
    assert "def broken(:" in res.traceback


def test_runtime_error_traceback_points_into_the_program(executor):
    res = run(executor, "a = 1\nb = 0\nprint(a / b)\n", "zero")
    assert res.error == "ZeroDivisionError: division by zero"
    assert 'File "zero.py", line 3' in res.traceback and "print(a / b)" in res.traceback


def test_non_utf8_bytes_in_output_come_back_as_valid_text(executor):
    code = "import sys\nsys.stdout.buffer.write(b'raw \\xff\\xfe bytes\\n')\nprint('lone \\udcff surrogate')\n"
    res = run(executor, code, "bytes", capture=False)
    assert res.ok, res.error
    res.stdout.encode("utf-8")  # strict: must not raise
    assert "raw" in res.stdout and "surrogate" in res.stdout


def test_non_utf8_bytes_in_source_are_a_syntax_error_in_valid_text(executor):
    res = run(executor, b"x = '\xff\xfe'\n".decode("utf-8", "surrogateescape"), "badsource")
    assert res.error.startswith("SyntaxError") and "utf-8" in res.error.lower()
    res.error.encode("utf-8")  # strict: must not raise


LIBRARIES = {
    "matplotlib": "import matplotlib.pyplot as plt\nfig, ax = plt.subplots()\nax.plot([1, 3, 2], marker='o')\nax.set_title('m')\nplt.savefig('m.png')\n",
    "numpy": "import matplotlib.pyplot as plt, numpy as np\nx = np.linspace(0, 2 * np.pi, 100)\nplt.fill_between(x, np.sin(x))\nplt.show()\n",
    "seaborn": "import pandas as pd, seaborn as sns\nsns.set_theme()\nsns.barplot(data=pd.DataFrame({'g': list('aabb'), 'v': [1, 2, 3, 4]}), x='g', y='v')\n",
    "pandas": "import pandas as pd\npd.DataFrame({'a': [1, 3, 2], 'b': [2, 1, 3]}).plot(kind='bar')\n",
    "mplot3d": "import matplotlib.pyplot as plt\nax = plt.figure().add_subplot(projection='3d')\nax.bar3d([0, 1], [0, 1], [0, 0], 0.5, 0.5, [2, 3])\n",
    "networkx": "import matplotlib.pyplot as plt, networkx as nx\nnx.draw(nx.path_graph(5), with_labels=True)\nplt.savefig('g.png')\n",
    "squarify": "import matplotlib.pyplot as plt, squarify\nsquarify.plot(sizes=[3, 2, 1], label=['a', 'b', 'c'])\nplt.axis('off')\n",
    "scipy": "import matplotlib.pyplot as plt, numpy as np\nfrom scipy.stats import gaussian_kde\nxs = np.linspace(0, 1, 50)\nplt.plot(xs, gaussian_kde([0.1, 0.4, 0.5, 0.9])(xs))\n",
}


@pytest.mark.parametrize("library", sorted(LIBRARIES))
def test_happy_path_per_library(executor, library):
    # plotly's happy path is in test_executor_plotly.py (it needs the Chromium renderer).
    res = run(executor, LIBRARIES[library], f"lib-{library}")
    assert res.ok, (res.error, res.traceback)
    assert len(res.images) == 1 and res.figures[0]["library"] == "matplotlib"
    with Image.open(res.images[0]) as im:
        assert len(set(im.convert("RGB").getdata())) > 10  # something was drawn, not a blank canvas
