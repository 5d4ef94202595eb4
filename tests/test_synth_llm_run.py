"""The LLM generator end to end: scripted replies from a real local server, real sandbox.

One run (module fixture) sends every kind of reply through Self-Instruct, render with
self-repair, validate, Evol-Instruct, render again, dedup, the judge gate and filter:
good programs, a chatty one, one that repair fixes, one it never fixes, a duplicate, a
blank chart, two code blocks, a disallowed import, unseeded randomness and a truncated
reply. The tests read what the run folder says happened to each.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fake_llm_server import FakeLLMServer, Reply
from llm_scripts import ChartScript, blank_program, chart_program, fenced, llm_config
from synth_helpers import jsonl

from cit.runner import synth

pytestmark = pytest.mark.slow  # end to end: left out of the quick loop (pytest -m "not slow")

# Accepted first, then evolved, rendered again, deduplicated, judged. Validate and render
# run twice as one instance each: the second pass passes records it has already handled.
STAGES = ["self_instruct", "render", "validate", "evol_instruct", "render", "validate", "dedup", "judge", "filter"]
GOOD = [chart_program(f"good-{i}", kind, values) for i, (kind, values) in
        enumerate([("bar", [3, 7, 2, 9]), ("line", [5, 1, 6, 2, 8]), ("pie", [40, 25, 20, 15])])]
PROGRAMS = {
    "good-0": GOOD[0], "good-1": GOOD[1], "good-2": GOOD[2],
    "chatty": Reply(text=fenced(chart_program("chatty", "scatter", [2, 8, 4, 6, 3]),
                                before="Sure! Here is a lovely chart.", after="Tell me if you want changes.")),
    "fixable": chart_program("fixable", "barh", [4, 9, 1, 5], extra="undefined_helper()  # FIXME"),
    "broken": chart_program("broken", "area", [1, 3, 2], extra="1 / 0  # BROKEN"),
    "copy-of-good-0": GOOD[0],
    "blank": blank_program("blank"),
    "two-blocks": Reply(text=fenced(GOOD[1]) + "\nOr this variant:\n" + fenced(GOOD[2])),
    "os": chart_program("os", "bar", [1, 2], extra="import os"),
    "rand": chart_program("rand", "line", [1, 2], extra="import numpy as np\nnoise = np.random.rand(3)"),
    "truncated": Reply(text="```python\nimport matplotlib.pyplot as plt\nfig, ax = plt.sub", finish_reason="length"),
}
EVOLVED = {
    "good-0": chart_program("good-0-e", "step", [1, 7, 3, 9, 4], title="evolved step"),
    "good-1": chart_program("good-1-e", "area", [6, 2, 8, 3, 9, 1], title="evolved area"),
    "good-2": chart_program("good-2-e", "stem", [2, 9, 5, 1], title="evolved stem"),
    "chatty": chart_program("chatty-e", "barh", [9, 1, 9, 1, 9], extra="# UGLY"),
    "fixable": chart_program("fixable-e", "scatter", [9, 1, 9, 1], extra="# NOJUDGE"),
}


def script_name(code: str) -> str | None:
    first = code.splitlines()[0] if code else ""
    return first.removeprefix("# script: ") if first.startswith("# script: ") else None


@pytest.fixture(scope="module")
def run(tmp_path_factory) -> dict:
    out = tmp_path_factory.mktemp("llm") / "run"
    script = ChartScript(list(PROGRAMS.values()), EVOLVED)
    with FakeLLMServer(script) as server:
        judge = {"model": "fake-vlm", "base_url": server.base_url, "max_retries": 0}
        cfg = llm_config(server, out, len(PROGRAMS), stages=STAGES, **{"evolve.rate": 1.0, "synth.judges": [judge]})
        synth(cfg)
    kept = jsonl(out / "samples.jsonl")
    rejected = jsonl(out / "rejected.jsonl")
    return {"out": out, "script": script, "kept": kept, "rejected": rejected,
            "stats": json.loads((out / "stats.json").read_text()),
            "kept_by_name": {script_name(s["code"]): s for s in kept},
            "rejected_by_name": {(script_name(r["record"]["code"]) or r["reason"]): r for r in rejected}}


def test_every_scripted_reply_ends_kept_or_rejected_with_its_reason(run):
    assert set(run["kept_by_name"]) == {"good-0", "good-1", "good-2", "chatty", "fixable",
                                       "good-0-e", "good-1-e", "good-2-e"}
    reasons = {name: (r["stage"], r["reason"]) for name, r in run["rejected_by_name"].items()}
    assert reasons == {
        "broken": ("render", "render-error"),
        "good-0": ("dedup", "duplicate-code"),  # the copy, whichever index it landed on
        "good-0-e": ("dedup", "duplicate-code"),  # the copy's child, same evolved program
        "blank": ("validate", "blank-image"),
        "multiple-code-blocks": ("self_instruct", "multiple-code-blocks"),
        "os": ("self_instruct", "disallowed-import"),
        "rand": ("self_instruct", "unseeded-random"),
        "truncated-reply": ("self_instruct", "truncated-reply"),
        "chatty-e": ("judge", "low-judge-score"),
        "fixable-e": ("judge", "judge-error"),
    }
    assert len(run["rejected"]) == len(reasons)
    stats = run["stats"]
    assert stats["inputs"] == stats["kept"] + stats["rejected"] == len(PROGRAMS) + 6


def test_a_program_is_repaired_from_its_traceback(run):
    fixed = run["kept_by_name"]["fixable"]
    assert "undefined_helper" not in fixed["code"] and fixed["provenance"]["repairs"] == 1
    repair = [c for c in fixed["llm_calls"] if c["stage"] == "repair"]
    assert len(repair) == 1
    prompt = repair[0]["messages"][-1]["content"]
    assert "NameError" in prompt and "undefined_helper" in prompt and "Traceback" in prompt
    assert (run["out"] / fixed["image"]).is_file()


def test_a_program_never_fixed_is_rejected_with_its_last_traceback(run):
    r = run["rejected_by_name"]["broken"]
    assert "ZeroDivisionError" in r["detail"] and "after 2 repair attempts" in r["detail"]
    assert "ZeroDivisionError" in r["record"]["render"]["traceback"]
    assert [c["stage"] for c in r["record"]["llm_calls"]] == ["self_instruct", "self_instruct", "repair", "repair"]


def test_raw_llm_input_and_output_stay_on_every_record(run):
    for r in run["rejected"]:
        calls = r["record"]["llm_calls"]
        assert calls and calls[0]["messages"][0]["role"] == "system" and calls[0]["model"] == "fake-coder"
    truncated = run["rejected_by_name"]["truncated-reply"]["record"]["llm_calls"][-1]
    assert truncated["finish_reason"] == "length" and truncated["reply"].startswith("```python")
    chatty = run["kept_by_name"]["chatty"]
    plan, code = chatty["llm_calls"][:2]
    assert "Plan the chart before any code" in plan["messages"][-1]["content"]
    assert code["messages"][-2] == {"role": "assistant", "content": plan["reply"]}
    assert code["reply"].startswith("Sure! Here is a lovely chart.") and chatty["generator"] == "fake-coder"


def test_evolved_children_carry_their_lineage(run):
    by_id = {s["id"]: s for s in run["kept"]} | {r["record"]["id"]: r["record"] for r in run["rejected"]}
    children = [s for s in by_id.values() if s["lineage"]["step"] > 0]
    assert len(children) == 6  # every accepted first-generation program (evolve.rate 1.0)
    for child in children:
        parent = by_id[child["lineage"]["parent_id"]]
        assert child["id"] == parent["id"] + "-e1" and child["lineage"]["level"] == "hard"
        assert child["lineage"]["direction"] in {"more-data", "visual-elements", "overlay", "subplot"}
        assert child["chart_type"] == parent["chart_type"] and parent["lineage"]["level"] == "easy"
        ask = [c for c in child["llm_calls"] if c["stage"] == "evol_instruct"][0]["messages"][-1]["content"]
        assert parent["code"].strip() in ask


def test_stats_count_attempts_repairs_and_tokens(run):
    c = run["stats"]["counters"]
    assert c["self_instruct/attempts"] == len(PROGRAMS) and c["evol_instruct/attempts"] == 6
    assert c["render/repair-attempts"] == 3 and c["render/repaired"] == 1 and c["render/repair-gave-up"] == 1
    assert c["judge/requests"] == len(run["kept"]) + 2
    llm = run["stats"]["llm"]
    # Every call counts: the coder's and the judge's, in total and per model.
    coder, judge = llm["by_model"]["fake-coder"], llm["by_model"]["fake-vlm"]
    assert coder["requests"] == 2 * len(PROGRAMS) + 2 * 6 + 3 and coder["truncated"] == 1
    assert judge["requests"] == c["judge/requests"] and judge["prompt_tokens"] > 0
    assert llm["requests"] == coder["requests"] + judge["requests"]
    assert llm["prompt_tokens"] == coder["prompt_tokens"] + judge["prompt_tokens"]
    assert llm["tokens_per_kept_chart"] > 0
    assert sum(run["script"].seen.values()) == llm["requests"]


def test_the_judge_scores_every_kept_chart(run):
    for s in run["kept"]:
        assert s["scores"]["judge"] == s["scores"]["judge:fake-vlm"] == 4.5
        judge_call = [c for c in s["llm_calls"] if c["stage"] == "judge"][-1]
        image = judge_call["messages"][-1]["content"][-1]["image_url"]["url"]
        assert image.startswith("<image/png ") and "sha256:" in image  # kept on the record without the bytes
    assert "mean 2 < 3.75" in run["rejected_by_name"]["chatty-e"]["detail"]
    assert "judge-unparseable" in run["rejected_by_name"]["fixable-e"]["detail"]


def test_no_image_is_left_unreferenced(run):
    # A repaired program renders again under a new name; failed attempts leave no files.
    referenced = {Path(p).name for s in run["kept"] for p in s["render"]["images"]}
    referenced |= {Path(p).name for r in run["rejected"] for p in (r["record"]["render"] or {}).get("images", [])}
    assert {f.name for f in (run["out"] / "images").iterdir()} == referenced


def test_compat_shims_save_a_repair_and_stats_count_them(tmp_path: Path):
    old = chart_program("old-api", "bar", [2, 5, 3], extra="ax.grid(b=True)\nax.boxplot([[1, 2, 3]], labels=['x'])")
    with FakeLLMServer(ChartScript([old, GOOD[0]])) as server:
        synth(llm_config(server, tmp_path / "run", 2, stages=["self_instruct", "render", "filter"]))
    kept = {script_name(s["code"]): s for s in jsonl(tmp_path / "run" / "samples.jsonl")}
    assert set(kept) == {"old-api", "good-0"}
    assert kept["old-api"]["render"]["shims"] == ["matplotlib.grid-b", "matplotlib.boxplot-labels"]
    assert kept["good-0"]["render"]["shims"] == []
    counters = json.loads((tmp_path / "run" / "stats.json").read_text())["counters"]
    assert counters["render/compat-shims/matplotlib.grid-b"] == 1 and counters["render/compat-shims/matplotlib.boxplot-labels"] == 1
    assert counters.get("render/repair-attempts", 0) == 0


def test_overlapping_text_is_rejected_by_default_and_the_threshold_is_configurable(tmp_path: Path):
    crowded = chart_program("crowded", "bar", [3, 5, 2, 4], extra="ax.text(0.5, 0.5, 'A note', transform=ax.transAxes)\n"
                                                               "ax.text(0.5, 0.5, 'Another note', transform=ax.transAxes)")
    stages = ["self_instruct", "render", "validate", "filter"]
    runs = {}
    for name, extra in (("default", {}), ("lenient", {"validate.max_text_overlaps": 1})):
        with FakeLLMServer(ChartScript([crowded, GOOD[0]])) as server:
            synth(llm_config(server, tmp_path / name, 2, stages=stages, **extra))
        runs[name] = ({script_name(s["code"]) for s in jsonl(tmp_path / name / "samples.jsonl")},
                      {script_name(r["record"]["code"]): r for r in jsonl(tmp_path / name / "rejected.jsonl")})
    kept, rejected = runs["default"]
    assert kept == {"good-0"} and rejected["crowded"]["reason"] == "text-overlap"
    assert "1 overlapping text pairs" in rejected["crowded"]["detail"]
    assert runs["lenient"][0] == {"good-0", "crowded"}


def test_cost_counts_every_model_and_is_given_per_kept_qa(tmp_path: Path):
    prices = {"fake-coder": {"input": 1.0, "output": 2.0}, "fake-vlm": {"input": 10.0, "output": 20.0}}
    with FakeLLMServer(ChartScript([GOOD[0], GOOD[1]])) as server:
        judge = {"model": "fake-vlm", "base_url": server.base_url, "max_retries": 0, "prices": prices}
        synth(llm_config(server, tmp_path / "run", 2, stages=["self_instruct", "render", "judge", "filter"],
                         **{"synth.judges": [judge], "llm.prices": prices}))
    llm = json.loads((tmp_path / "run" / "stats.json").read_text())["llm"]
    coder, vlm = llm["by_model"]["fake-coder"], llm["by_model"]["fake-vlm"]
    assert vlm["cost_usd"] > 0 and coder["cost_usd"] > 0
    assert llm["cost_usd"] == pytest.approx(coder["cost_usd"] + vlm["cost_usd"])
    assert llm["cost_per_kept_qa"] == pytest.approx(llm["cost_usd"])  # no Q&A stage here: per at least one item
