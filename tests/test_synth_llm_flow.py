"""The LLM generator's prompts and choices, through real runs against the local server.

These runs stop before rendering (stages self_instruct and evol_instruct), so they are
cheap; what they check is what the LLM is asked and what becomes of its replies.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fake_llm_server import FakeLLMServer, Reply
from llm_scripts import ChartScript, PipelineScript, chart_program, llm_config
from synth_helpers import assert_one_line_error, jsonl, run_cli

from cit.errors import UserError
from cit.runner import synth

NO_RENDER = ["self_instruct", "evol_instruct"]
KINDS = ["bar", "line", "pie", "scatter", "barh", "area"]
PROGRAMS = [chart_program(f"p{i}", KINDS[i % 6], [i + 1, 2 * i + 3, 5, 9 - i]) for i in range(6)]
EVOLVED = {f"p{i}": chart_program(f"p{i}-e", KINDS[(i + 1) % 6], [9, i, 4, 2 * i + 1]) for i in range(6)}
EVOLVED |= {f"p{i}-e": chart_program(f"p{i}-e-e", KINDS[(i + 2) % 6], [1, 9, i, 3, 7]) for i in range(6)}
DIAL = chart_program("dial-seed", "pie", [70, 30], title="Server load dial")


def _bodies(server: FakeLLMServer) -> list[str]:
    return sorted(json.dumps(r.body, sort_keys=True) for r in server.chat_requests)


def _write(root: Path, rel: str, text: str) -> Path:
    p = root / rel
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(text)
    return p


def test_a_resumed_run_asks_exactly_what_an_uninterrupted_one_asks(tmp_path: Path):
    # The script answers from each request's content, so only the pipeline's own choices
    # can make the two runs differ.
    opts = {"stages": NO_RENDER, "chunk_size": 2, "evolve.rate": 0.5}
    with FakeLLMServer(PipelineScript()) as server:
        synth(llm_config(server, tmp_path / "whole", 6, **opts))
        whole = _bodies(server)
    with FakeLLMServer(PipelineScript()) as server:
        synth(llm_config(server, tmp_path / "resumed", 2, **opts))
        synth(llm_config(server, tmp_path / "resumed", 6, **opts))
        resumed = _bodies(server)
    assert whole == resumed
    assert (tmp_path / "whole/samples.jsonl").read_bytes() == (tmp_path / "resumed/samples.jsonl").read_bytes()
    kept = jsonl(tmp_path / "whole/samples.jsonl")
    assert 6 < len(kept) < 12  # about half evolved, chosen by a stable hash of the id
    seeds = {json.loads(b)["seed"] for b in whole}
    assert len(seeds) == len(whole)  # every request its own seed: identical prompts still draw their own replies


def test_accepted_programs_join_the_example_pool(tmp_path: Path):
    opts = {"stages": ["self_instruct"], "chunk_size": 2, "synth.chart_types": ["pie/donut"],
            "synth.examples": 3, "synth.same_type_examples": 3, "synth.pool_delay": 0}
    with FakeLLMServer(ChartScript(PROGRAMS)) as server:
        synth(llm_config(server, tmp_path / "run", 4, **opts))
    kept = {s["id"]: s for s in jsonl(tmp_path / "run/samples.jsonl")}
    first, later = ["llm-3-000000", "llm-3-000001"], ["llm-3-000002", "llm-3-000003"]
    for sid in first:
        assert kept[sid]["provenance"]["examples"][0] == "seed:pie/donut#0"
        assert not any(e.startswith("llm-") for e in kept[sid]["provenance"]["examples"])
    for sid in later:  # the type has one seed and two accepted programs by now: all three are shown
        assert set(kept[sid]["provenance"]["examples"]) == {"seed:pie/donut#0", *first}
        plan = kept[sid]["llm_calls"][0]["messages"][-1]["content"]
        assert all(kept[f]["code"].strip() in plan for f in first)


def test_one_turn_mode_and_a_server_error_that_stops_the_run(tmp_path: Path):
    from cit.llm.types import LLMOutageError

    script = ChartScript([PROGRAMS[0]] + [Reply(status=500)] * 1000)  # after the first program, only errors
    with FakeLLMServer(script) as server:
        with pytest.raises(LLMOutageError, match="HTTP 500"):
            synth(llm_config(server, tmp_path / "run", 2, stages=["self_instruct"], chunk_size=1,
                             **{"synth.self_instruct_turns": ["direct"], "llm.outage_timeout": 0.5, "llm.backoff_max": 0.1,
                                "llm.concurrency": 1, "synth.pool_delay": 0}))  # index 1 waits for index 0's commit
    assert script.seen["si-direct"] >= 2
    [kept] = jsonl(tmp_path / "run/samples.jsonl")  # the first chunk committed; the failing one was not rejected
    assert len(kept["llm_calls"]) == 1 and kept["code"].startswith("# script: p0")
    assert jsonl(tmp_path / "run/rejected.jsonl") == []


def test_generations_chain_with_lineage(tmp_path: Path):
    opts = {"stages": NO_RENDER, "evolve.rate": 1.0, "evolve.generations": 2}
    with FakeLLMServer(ChartScript(PROGRAMS[:2], EVOLVED)) as server:
        synth(llm_config(server, tmp_path / "run", 2, **opts))
    kept = {s["id"]: s for s in jsonl(tmp_path / "run/samples.jsonl")}
    assert len(kept) == 6
    for base in ("llm-3-000000", "llm-3-000001"):
        one, two = kept[f"{base}-e1"], kept[f"{base}-e1-e2"]
        assert (one["lineage"]["parent_id"], one["lineage"]["step"]) == (base, 1)
        assert (two["lineage"]["parent_id"], two["lineage"]["step"], two["lineage"]["level"]) == (one["id"], 2, "hard")
        assert two["code"].splitlines()[0].endswith("-e-e")


def test_a_user_prompt_folder_adds_a_chart_type_a_direction_and_swaps_a_template(tmp_path: Path):
    prompts, seeds = tmp_path / "prompts", tmp_path / "seeds"
    seed_code = "\n".join("    " + line for line in DIAL.splitlines())
    _write(prompts, "chart_types/gauge/dial.yaml",
           "name: dial gauge\nlibrary: matplotlib\ndescription: A needle on a half circle showing one reading.\n"
           f"notes:\n  - NOTE-DIAL draw the arc with matplotlib.patches.Wedge.\nseeds:\n  - |\n{seed_code}\n")
    _write(prompts, "self_instruct/code.jinja", "CUSTOM TURN. Now write the program that draws the chart you planned.\n"
           "Notes: {{ chart.notes }}\n{% include 'common/code_rules.jinja' %}\n")
    _write(prompts, "evol_instruct/directions/zoom.jinja", "Direction: zoom. Keep only the three largest values of the {{ chart.name }}.\n")
    _write(seeds, "speedo.py", "# chart_type: gauge/dial\n" + chart_program("speedo-seed", "bar", [88, 12]))
    opts = {"stages": NO_RENDER, "prompts": str(prompts), "seeds": str(seeds), "evolve.rate": 1.0,
            "synth.chart_types": ["gauge/dial"], "synth.directions": ["zoom"],
            "synth.examples": 2, "synth.same_type_examples": 2}
    with FakeLLMServer(ChartScript(PROGRAMS, EVOLVED)) as server:
        synth(llm_config(server, tmp_path / "run", 2, **opts))
    kept = jsonl(tmp_path / "run/samples.jsonl")
    assert len(kept) == 4 and {(s["family"], s["chart_type"]) for s in kept} == {("gauge", "gauge/dial")}
    for s in kept:
        first, last = s["llm_calls"][0]["messages"], s["llm_calls"][-1]["messages"][-1]["content"]
        if s["lineage"]["step"] == 0:
            assert "dial gauge" in first[1]["content"] and "Server load dial" in first[1]["content"]
            assert "speedo-seed" in first[1]["content"]  # the user's seed folder
            assert set(s["provenance"]["examples"]) == {"seed:gauge/dial#0", "user:speedo.py"}
            assert last.startswith("CUSTOM TURN.") and "NOTE-DIAL" in last
        else:
            assert s["lineage"]["direction"] == "zoom"
            assert "Direction: zoom. Keep only the three largest values of the dial gauge." in first[1]["content"]


def test_a_broken_template_stops_the_run_before_any_request(tmp_path: Path):
    bad = _write(tmp_path / "prompts", "self_instruct/plan.jinja", "Plan a chart for {{ audience }}.\n")
    with FakeLLMServer(ChartScript(PROGRAMS)) as server:
        with pytest.raises(UserError, match="audience"):
            synth(llm_config(server, tmp_path / "run", 2, stages=NO_RENDER, prompts=str(tmp_path / "prompts")))
        proc = run_cli("synth", "--out", str(tmp_path / "cli"), "--n", "2", "--generator", "llm",
                       "--prompts", str(tmp_path / "prompts"), "--llm-base-url", server.base_url, "--llm-model", "m")
        assert_one_line_error(proc, str(bad), "'audience'")
        assert server.chat_requests == []


def test_cli_synth_with_an_llm_endpoint(tmp_path: Path):
    config = _write(tmp_path, "run.yaml", "stages: [self_instruct, render, validate, dedup, filter]\n"
                    "filter: {min_qa: 0}\nsynth: {engine_seeds: 0}\nllm: {max_retries: 0}\n")
    with FakeLLMServer(ChartScript(PROGRAMS)) as server:
        proc = run_cli("synth", "--config", str(config), "--out", str(tmp_path / "run"), "--n", "2", "--workers", "1",
                       "--generator", "llm", "--llm-base-url", server.base_url, "--llm-model", "fake-coder")
    assert proc.returncode == 0, proc.stderr
    kept = jsonl(tmp_path / "run/samples.jsonl")
    assert len(kept) == 2 and {s["generator"] for s in kept} == {"fake-coder"}
    assert all((tmp_path / "run" / s["image"]).is_file() for s in kept)
    stats = json.loads((tmp_path / "run/stats.json").read_text())
    assert stats["counters"]["self_instruct/attempts"] == 2 and stats["llm"]["requests"] == 4


def test_engine_programs_join_the_seed_pool(tmp_path: Path):
    opts = {"stages": ["self_instruct"], "synth.engine_seeds": 4, "synth.examples": 100}
    with FakeLLMServer(ChartScript(PROGRAMS)) as server:
        synth(llm_config(server, tmp_path / "run", 1, **opts))
    [kept] = jsonl(tmp_path / "run/samples.jsonl")
    engine = [e for e in kept["provenance"]["examples"] if e.startswith("engine:")]
    assert sorted(engine) == [f"engine:tpl-3-{i:06d}" for i in range(4)]
    assert "seed:bar/stacked#0" in kept["provenance"]["examples"]
    from cit.engine import ChartEngine

    plan = kept["llm_calls"][0]["messages"][-1]["content"]
    assert ChartEngine(seed=3).generate(2).code.strip() in plan
