"""Every chart type in every library renders through the sandboxed executor: two seeds
each, plus every evolution of the first."""

from __future__ import annotations

import pytest

from cit.engine import ChartEngine, chart_types
from cit.executor import Job

pytestmark = pytest.mark.slow  # end to end: left out of the quick loop (pytest -m "not slow")


def jobs():
    out = []
    for info in chart_types():
        eng = ChartEngine(seed=31, types=[info.key], libraries=[info.library])
        for i in range(2):
            s = eng.generate(i)
            out.append((s, Job(code=s.code, name=f"{info.key.replace('/', '-')}-{info.library}-{i}")))
            if i == 0:
                for d in eng.directions(s):
                    child = eng.evolve(s, d)
                    out.append((child, Job(code=child.code, name=f"{info.key.replace('/', '-')}-{info.library}-{d}")))
    return out


def test_every_type_and_evolution_renders(executor):
    pairs = jobs()
    results = list(executor.map([job for _, job in pairs]))
    failed = [f"{job.name}: {res.error}\n{(res.traceback or '')[-600:]}" for (_, job), res in zip(pairs, results) if not res.ok or not res.images]
    assert not failed, f"{len(failed)} of {len(pairs)} failed:\n" + "\n".join(failed[:5])
    kinds = {(s.chart_type, s.library) for s, _ in pairs}
    assert kinds == {(i.key, i.library) for i in chart_types()}
    for (s, job), res in zip(pairs, results):
        fig = res.figures[0]
        assert fig["width"] >= 400 and fig["height"] >= 300, job.name
        if s.library != "plotly" and s.spec.get("panel"):
            assert fig["axes"] >= 2, job.name  # the extra subplot is there
        if s.spec.get("overlay"):
            assert fig["axes"] >= 2, job.name  # the twin axis is there
