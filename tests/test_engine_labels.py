"""Questions that claim an exact reading are answered by text the chart really prints.

The matplotlib/seaborn programs run in a separate interpreter that collects every text
added to each figure (bar labels, annotations, legends); each exact-read answer
must appear among those numbers.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from cit.engine import ChartEngine, chart_types

# Templates whose answer is a number printed on the chart (value labels, legends, annotations).
PRINTED = {"wf.change", "wf.end", "mat.value", "hist.count_bin", "graph.weight", "bub.size", "ov.value", "pan.value",
           "ser.peak_value", "pts.mean_y", "pts.annotated_x", "hier.parent_share", "fit.slope", "hist.mean"}
PRINTED_WHEN_LABELED = {"cat.value", "ser.value"}

HARNESS = r"""
import json, sys
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.figure import Figure
from matplotlib.text import Text
# Texts exist as soon as they are added; skip layout and rasterising (slow).
plt.savefig = Figure.savefig = plt.tight_layout = Figure.tight_layout = lambda *args, **kwargs: None
out = {}
for name, code in json.load(sys.stdin).items():
    plt.close("all")
    exec(compile(code, name, "exec"), {"__name__": "__main__"})
    texts = []
    for num in plt.get_fignums():
        texts += [t.get_text() for t in plt.figure(num).findobj(Text)]
    out[name] = texts
print(json.dumps(out))
"""


def printed_numbers(texts: list[str]) -> list[float]:
    return [float(m.replace(",", "")) for t in texts for m in re.findall(r"-?\d[\d,]*\.?\d*", t.replace("−", "-"))]


def checked_questions(s):
    return [(qa, q) for qa, q in zip(s.qa, s.spec["questions"])
            if qa.template in PRINTED or (qa.template in PRINTED_WHEN_LABELED and s.spec["labeled"])]


@pytest.mark.slow
def test_exact_reads_appear_in_the_drawn_text(tmp_path):
    candidates = {}
    for info in chart_types():
        if info.library == "plotly":
            continue
        eng = ChartEngine(seed=41, types=[info.key], libraries=[info.library])
        for i in range(1):
            s = eng.generate(i)
            candidates[s.id + info.id] = s
            for d in eng.directions(s):
                candidates[f"{s.id}{info.id}-{d}"] = eng.evolve(s, d)
    samples = {k: s for k, s in candidates.items() if checked_questions(s)}
    proc = subprocess.run([sys.executable, "-c", HARNESS], input=json.dumps({k: s.code for k, s in samples.items()}),
                          capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    texts = json.loads(proc.stdout)
    checked, missing = 0, []
    for key, s in samples.items():
        numbers = printed_numbers(texts[key])
        for qa, q in checked_questions(s):
            checked += 1
            tol = 0.5 * 10 ** -q["dp"] * 1.001
            if not any(abs(n - float(qa.value)) <= tol for n in numbers):
                missing.append(f"{key} {qa.template}: {qa.answer} not among {sorted(set(numbers))[:40]}")
    assert checked >= 40, checked
    assert not missing, "\n".join(missing[:10])
