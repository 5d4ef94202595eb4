"""The executor as a new user meets it: wherever Python was installed, failing closed when
bubblewrap is broken, the same image for the same program, and old APIs that still run."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import venv
from pathlib import Path

import pytest

from cit.errors import UserError
from cit.executor import Executor
from cit.executor.executor import choose_isolation
from cit.executor.jail import Launcher

from conftest import BAR_CHART, run

REPO = Path(__file__).resolve().parents[1]
# What pyplot needs, copied into a virtualenv made under /tmp.
PYPLOT_DISTS = ("numpy", "matplotlib", "mpl_toolkits", "PIL", "pillow", "contourpy", "cycler", "fontTools", "fonttools",
                "kiwisolver", "packaging", "pyparsing", "dateutil", "python_dateutil", "six")


def _link_or_copy(src: str, dst: str) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


@pytest.fixture
def under_tmp() -> Path:
    # Explicitly /tmp (not pytest's base folder, which may be moved): where the jail mounts its private /tmp.
    path = Path(tempfile.mkdtemp(prefix="cit-venv-", dir="/tmp"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


def test_jail_works_from_a_virtualenv_made_under_tmp(under_tmp: Path):
    where = under_tmp / "proj" / ".venv"
    venv.EnvBuilder(with_pip=False, symlinks=True).create(where)
    site = Path(sysconfig.get_paths()["purelib"])
    target = next((where / "lib").glob("python3*/site-packages"))
    for entry in site.iterdir():
        if entry.name.split("-")[0].split(".")[0] in PYPLOT_DISTS or entry.name.endswith(".libs") and entry.name.split(".")[0] in PYPLOT_DISTS:
            dst = target / entry.name
            if entry.is_dir():
                shutil.copytree(entry, dst, copy_function=_link_or_copy, symlinks=True)
            else:
                _link_or_copy(str(entry), str(dst))
    script = (
        "import json, sys\n"
        "from cit.executor import Executor, Job\n"
        f"ex = Executor({str(where.parent / 'images')!r}, workers=1, timeout=60)\n"
        f"bar = ex.run(Job({BAR_CHART!r}, 'bar'))\n"
        "litter = ex.run(Job('import os, sys\\nopen(\"/tmp/junk\", \"w\").write(\"x\")\\n'"
        "                    'open(os.path.join(sys.prefix, \"..\", \"junk\"), \"w\").write(\"x\")\\nprint(sys.prefix)', 'litter', capture=False))\n"
        "after = ex.run(Job('import os, sys, matplotlib.pyplot\\n'"
        "                   'print(os.path.exists(\"/tmp/junk\"), os.path.exists(os.path.join(sys.prefix, \"..\", \"junk\")))', 'after', capture=False))\n"
        "ex.close()\n"
        "print(json.dumps([ex.isolation, bar.ok, bar.error, litter.stdout.strip(), after.ok, after.error, after.stdout.strip()]))\n"
    )
    # The host side runs on that venv's interpreter; cit and its own dependencies come from
    # PYTHONPATH, which the jail never sees, so the jail has only what the venv holds.
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), str(site)])}
    proc = subprocess.run([str(where / "bin" / "python"), "-c", script], env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    isolation, bar_ok, bar_error, prefix, after_ok, after_error, leftovers = json.loads(proc.stdout.splitlines()[-1])
    assert isolation == "bwrap" and bar_ok, (bar_error, proc.stderr[-2000:])
    assert prefix == str(where)
    # Scratch is wiped around the venv's mount, which stays usable for the next job.
    assert after_ok and leftovers == "False False", after_error


@pytest.fixture
def broken_bwrap(tmp_path: Path, monkeypatch) -> Path:
    """A bwrap on PATH that is installed but cannot start a jail."""
    fake = tmp_path / "bin" / "bwrap"
    fake.parent.mkdir()
    fake.write_text("#!/bin/sh\necho 'bwrap: setting up uid map: Permission denied' >&2\nexit 1\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake.parent}:{os.environ['PATH']}")
    return fake


def test_auto_isolation_fails_closed_when_bwrap_is_installed_but_broken(broken_bwrap):
    with pytest.raises(UserError) as err:
        choose_isolation("auto", Launcher("bwrap"))
    msg = str(err.value)
    assert "setting up uid map: Permission denied" in msg  # bwrap's own words
    assert "--isolation none" in msg and "executor.isolation: none" in msg
    assert "\n" not in msg


def test_cit_render_with_a_broken_bwrap_stops_before_any_job(broken_bwrap, tmp_path: Path):
    marker = tmp_path / "ran-unsandboxed"
    script = tmp_path / "chart.py"
    script.write_text(f"open({str(marker)!r}, 'w').write('x')\n" + BAR_CHART)
    proc = subprocess.run([sys.executable, "-m", "cit", "render", str(script), "--out", str(tmp_path / "o")],
                          capture_output=True, text=True, timeout=300, env=os.environ.copy())
    lines = proc.stderr.strip().splitlines()
    assert proc.returncode == 2 and len(lines) == 1 and "Permission denied" in lines[0] and "--isolation none" in lines[0]
    assert proc.stdout == "" and not marker.exists()


# ---- determinism ---------------------------------------------------------------------------

UNSEEDED = """
import random
import numpy as np
import seaborn as sns
import matplotlib.pyplot as plt
x = np.arange(30)
y = 2 * x + np.random.randn(30) * 5 + random.random()
rng = np.random.default_rng()
sns.regplot(x=x, y=y + rng.normal(size=30), ci=95)   # the band is bootstrapped, unseeded
"""


def _png(ex: Executor, code: str, name: str) -> str:
    res = run(ex, code, name)
    assert res.ok, res.error
    return hashlib.sha256(res.images[0].read_bytes()).hexdigest()


def test_same_program_same_png_in_a_cold_and_a_warm_zygote(tmp_path: Path):
    with Executor(tmp_path / "a", workers=1, timeout=60) as ex:
        cold = _png(ex, UNSEEDED, "cold")  # the zygote has not loaded seaborn yet
        warm = _png(ex, UNSEEDED, "warm")  # now it has, and scipy's import-time Generators are gone
        other = _png(ex, UNSEEDED.replace("ci=95", "ci=90"), "other")
    with Executor(tmp_path / "b", workers=1, timeout=60) as ex:
        again = _png(ex, UNSEEDED, "again")
    assert cold == warm == again
    assert other != cold


def test_jobs_can_still_pick_their_own_seed(executor):
    code = "import numpy as np\nprint(np.random.rand())\n"
    first, second = (run(executor, code, "s", capture=False, seed=s).stdout for s in (1, 2))
    assert first != second and run(executor, code, "s", capture=False, seed=1).stdout == first


def test_zygote_stays_single_threaded_after_warming_up(solo_executor):
    heavy = "import pandas, seaborn, scipy.stats, plotly.express, networkx\n"
    assert run(solo_executor, heavy, "heavy", capture=False).ok
    res = run(solo_executor, "print(open('/proc/1/status').read().split('Threads:')[1].split()[0])", "t", capture=False)
    assert res.stdout.strip() == "1"  # fork() from a threaded zygote would be unsafe


# ---- compatibility shims -------------------------------------------------------------------

OLD_APIS = {
    "matplotlib.boxplot-labels": "fig, ax = plt.subplots()\nax.boxplot([[1, 2, 3], [2, 3, 5]], labels=['a', 'b'])\nplt.boxplot([[1, 2]], labels=['c'])\n",
    "matplotlib.grid-b": "plt.plot([1, 2])\nplt.grid(b=True)\n",
    "matplotlib.cm-get_cmap": "import matplotlib.cm as cm\nc = cm.get_cmap('viridis', 5)\nplt.bar([1, 2], [1, 2], color=[c(0), c(4)])\n",
    "matplotlib.style-seaborn": "plt.style.use('seaborn-whitegrid')\nplt.plot([1, 2])\n",
    "matplotlib.legendHandles": "plt.plot([1, 2], label='a')\nleg = plt.legend()\nleg.legendHandles[0].set_color('red')\n",
    "pandas.append": "import pandas as pd\ndf = pd.DataFrame({'a': [1]}).append({'a': 2}, ignore_index=True)\nplt.bar(df.index, df['a'])\n",
    "pandas.iteritems": "import pandas as pd\nfor k, v in pd.DataFrame({'a': [1, 2]}).iteritems():\n    plt.plot(v)\n",
    "pandas.freq-alias": "import pandas as pd\nd = pd.date_range('2024-01-01', periods=6, freq='M')\nplt.plot(d, range(6))\n",
    "pandas.fillna-method": "import pandas as pd\ns = pd.Series([1, None, 3]).fillna(method='ffill')\nplt.plot(s)\n",
    "pandas.positional-getitem": "import pandas as pd\ns = pd.Series([3, 4], index=['x', 'y'])\nplt.bar(['first'], [s[0]])\n",
    "numpy.alias": "import numpy as np\nplt.plot(np.array([1, 2], dtype=np.float))\n",
    "numpy.removed": "import numpy as np\nplt.plot([1, np.NaN, 3, np.product([2, 2])])\n",
}


@pytest.fixture(scope="module")
def no_compat(tmp_path_factory):
    with Executor(tmp_path_factory.mktemp("no-compat"), workers=1, timeout=60, compat=False) as ex:
        yield ex


@pytest.mark.parametrize("shim", sorted(OLD_APIS))
def test_old_api_runs_with_its_shim_and_fails_without(shim, solo_executor, no_compat):
    code = "import matplotlib.pyplot as plt\n" + OLD_APIS[shim]
    on, off = run(solo_executor, code, "old"), run(no_compat, code, "old")
    assert on.ok and on.shims == [shim], (on.error, on.shims)
    assert not off.ok and off.shims == []


def test_shims_never_change_a_program_that_runs_on_current_libraries(solo_executor, no_compat):
    code = (
        "import matplotlib.pyplot as plt, numpy as np, pandas as pd\n"
        "s = pd.Series([3, 4, 5], index=[10, 20, 30])\n"
        "fig, ax = plt.subplots()\n"
        "ax.boxplot([np.arange(10.0), np.arange(5.0)], tick_labels=['a', 'b'])\n"
        "ax.grid(visible=True)\n"
        "plt.style.use('seaborn-v0_8-whitegrid')\n"
        "ax.plot([1, 2], [s.iloc[0], s[20]], color=plt.get_cmap('viridis')(0.5))\n"
        "ax.set_title(str(pd.date_range('2024-01-01', periods=2, freq='ME')[1].date()))\n"
    )
    hashes = []
    for ex in (solo_executor, no_compat):
        res = run(ex, code, "current")
        assert res.ok and res.shims == [], (res.error, res.shims)
        hashes.append(res.images[0].read_bytes())
    assert hashes[0] == hashes[1]


# ---- text clutter, measured on what is drawn -------------------------------------------------

def test_slanted_labels_count_as_their_rotated_rectangles(solo_executor):
    # Long labels at 45 degrees: their axis-aligned boxes overlap, the slanted texts do not.
    slanted = ("import matplotlib.pyplot as plt\nfig, ax = plt.subplots(figsize=(6, 5))\n"
               "names = [d + ' territory region' for d in ['North', 'South', 'East', 'West', 'Upper', 'Lower', 'Inner', 'Outer']]\n"
               "ax.bar(names, range(8))\nax.tick_params(axis='x', rotation=45)\nfig.tight_layout()\n")
    crossed = slanted + "ax.text(1, 4.5, 'Long note across the bars', rotation=45)\nax.text(1.2, 4.5, 'Long note across the bars', rotation=45)\n"
    ok, clash = run(solo_executor, slanted, "slanted"), run(solo_executor, crossed, "crossed")
    assert ok.figures[0]["text_overlaps"] == 0  # their axis-aligned boxes overlap 7 times
    assert clash.figures[0]["text_overlaps"] >= 1
