"""The hand-written seed programs are examples the LLM imitates: each one must render."""

from __future__ import annotations

from pathlib import Path

import pytest

from cit.executor import Executor, Job
from cit.prompts import Prompts
from cit.synth.catalog import load_chart_types

pytestmark = pytest.mark.slow  # end to end: left out of the quick loop (pytest -m "not slow")


def test_every_builtin_seed_program_renders_in_the_sandbox(tmp_path: Path):
    jobs = [Job(code=code, name=f"{t.key.replace('/', '-')}-{i}") for t in load_chart_types(Prompts())
            for i, code in enumerate(t.seeds)]
    with Executor(tmp_path, workers=2) as executor:
        results = list(executor.map(jobs))
    failed = {job.name: res.error for job, res in zip(jobs, results) if not (res.ok and res.images)}
    assert failed == {}
    plotly = [r for j, r in zip(jobs, results) if "funnel" in j.name or "waterfall" in j.name]
    assert plotly and all(f["library"] == "plotly" for r in plotly for f in r.figures)
