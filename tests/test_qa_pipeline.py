"""The LLM Q&A stages inside a real, resumable run over engine charts."""

from __future__ import annotations

import pytest

from fake_llm_server import FakeLLMServer
from qa_scripts import WriteScript

from cit.config import load_config
from cit.pipeline import RunContext
from cit.runfolder import RunFolder
from cit.runner import synth
from cit.stages.generate import TemplateGenerate

STAGES = ["generate", "render", "qa_llm", "qa_checks", "verify", "variants", "filter"]


@pytest.mark.slow
def test_engine_charts_get_verified_llm_qa_with_variants_and_a_rerun_does_nothing(tmp_path):
    settings = {"out": str(tmp_path / "run"), "n": 2, "seed": 4, "stages": STAGES, "executor.workers": 2,
                "engine.types": ["bar/plain", "line/plain"], "qa.recognition": 2, "qa.reasoning": 2}
    probe = RunContext(load_config(overrides={**settings, "out": str(tmp_path / "probe")}), tmp_path / "probe")
    samples = TemplateGenerate(probe)(range(2))
    by_code = {s.code.strip(): s.qa for s in samples}
    with FakeLLMServer(handler=WriteScript(by_code)) as server:
        cfg = load_config(overrides={**settings, "llm": {"model": "fake-qa", "base_url": server.base_url, "max_retries": 0}})
        first = synth(cfg)
        requests = len(server.chat_requests)
        again = synth(cfg)
        assert len(server.chat_requests) == requests  # a finished run is not asked again
    assert first.kept == 2 and again.already_done
    for s in RunFolder(tmp_path / "run").iter_samples():
        engine = [q.model_dump() for q in s.engine_qa]
        base = [q for q in s.qa if q.variant == "vision-dominant"]
        assert len(base) == 4 and all(q.status == "verified" and q.verified_by == "execution" for q in base)
        assert {q.question for q in base} <= {e["question"] for e in engine}
        for q in base:
            forms = sorted(x.variant for x in s.qa if x.variant_group == q.id)
            assert "vision-dominant" in forms
            if q.kind == "reasoning":
                assert forms == ["text-dominant", "text-lite", "vision-dominant"]
                continue
            # A text form never states the answer to its own recognition question (the title
            # it then asks for, the axis label, the value to read); such a form is not made.
            for x in s.qa:
                if x.variant_group == q.id and x.variant != "vision-dominant":
                    said = x.question.replace(q.question, "")
                    if q.answer_type.type != "number":
                        said = "\n".join(line for line in said.splitlines() if not line.startswith("|"))
                    assert q.answer.lower() not in said.lower(), (q.question, x.variant)
        assert all(c.stage == "qa_llm" for c in s.llm_calls)
