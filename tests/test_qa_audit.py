"""`cit audit` end to end: engine charts, a scripted LLM that answers some questions wrong on
purpose, verification, and a report whose counts are known in advance."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
import yaml
from fake_llm_server import FakeLLMServer
from qa_scripts import AuditScript, planned_outcome

from cit.config import load_config
from cit.pipeline import RunContext
from cit.stages.evolve import TemplateEvolve
from cit.stages.generate import TemplateGenerate

ROOT = Path(__file__).resolve().parents[1]
N, SEED = 4, 11


def engine_items(tmp_path: Path, settings: dict) -> tuple[dict, list[str]]:
    """The engine's exact items of the charts the audit will see (same seed, same stages)."""
    cfg = load_config(overrides={"out": str(tmp_path / "probe"), "seed": SEED, **settings})
    ctx = RunContext(cfg, tmp_path / "probe")
    samples = TemplateEvolve(ctx)(TemplateGenerate(ctx)(range(N)))
    return {q.id: q for s in samples for q in s.qa}, [s.id for s in samples]


@pytest.mark.slow
def test_audit_reports_agreement_and_what_verification_caught(tmp_path):
    settings = {"qa": {"recognition": 20, "reasoning": 20, "program_timeout": 2.0}, "evolve": {"rate": 0.5},
                "llm": {"max_retries": 0}, "engine": {"types": ["bar", "line"]}}
    exact, sample_ids = engine_items(tmp_path, settings)
    unparseable = sample_ids[0]
    config = tmp_path / "audit.yaml"
    config.write_text(yaml.safe_dump(settings))
    with FakeLLMServer(handler=AuditScript(exact, {unparseable})) as server:
        proc = subprocess.run(
            [sys.executable, "-m", "cit", "audit", "--out", str(tmp_path / "audit"), "--n", str(N), "--seed", str(SEED),
             "--config", str(config), "--llm-base-url", server.base_url, "--llm-model", "fake-qa", "--workers", "2"],
            cwd=ROOT, capture_output=True, text=True, timeout=400, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.returncode == 0, proc.stderr[-3000:]
    report = json.loads((tmp_path / "audit" / "report.json").read_text())

    plan = {qid: ("missing" if qid.rsplit("-q", 1)[0] == unparseable else planned_outcome(qid)) for qid in exact}
    want = Counter(plan.values())
    assert all(want[o] > 0 for o in ("kept_correct", "caught", "through", "false_alarms", "lost", "missing"))
    o = report["overall"]
    assert o["questions"] == len(exact)
    assert {k: o[k] for k in ("kept_correct", "caught", "through", "false_alarms", "lost")} == \
        {k: want[k] for k in ("kept_correct", "caught", "through", "false_alarms", "lost")}
    assert o["answered"] == len(exact) - want["missing"]
    assert o["correct"] == want["kept_correct"] + want["false_alarms"] + want["lost"]
    assert o["kept"] == want["kept_correct"] + want["through"]
    assert report["charts_rejected"] == {"qa_llm/qa-unparseable": 1}

    for key, group in (("kind", "by_kind"), ("type", "by_type")):
        for name, metrics in report[group].items():
            ids = [qid for qid, q in exact.items() if (q.kind if key == "kind" else q.answer_type.type) == name]
            assert metrics["questions"] == len(ids)
            assert metrics["through"] == sum(plan[i] == "through" for i in ids)
    md = (tmp_path / "audit" / "report.md").read_text()
    assert f"let {want['through']} through" in md and "| recognition |" in md


def test_audit_without_a_model_stops_with_one_line_before_making_anything(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "cit", "audit", "--out", str(tmp_path / "a"), "--n", "2"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == ["error: cit audit needs an LLM to audit: give --llm-model (and --llm-base-url for a local server)"]
    assert not (tmp_path / "a").exists()
