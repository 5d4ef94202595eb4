"""After verification: VLM votes on items, bootstrapped rewrites, modality variants."""

from __future__ import annotations

import pytest
from fake_llm_server import FakeLLMServer
from qa_scripts import QAScript, as_reply, bar_chart, exact_qa, fn, item, judge_config, qa_context, run_stages

from cit.executor import Job
from cit.qa.judging import Tally, keeps

LABELS, VALUES = ["North", "South", "East"], [12.5, 30.0, 18.25]


@pytest.fixture()
def script():
    s = QAScript()
    with FakeLLMServer(handler=s) as server:
        s.server = server
        yield s


def verified_chart(name: str):
    s = bar_chart(name, LABELS, VALUES)
    s.qa = [exact_qa(s, 1, "What is the value of South in the chart?", 30.0),
            exact_qa(s, 2, "Which region has the tallest bar?", "South", "text"),
            exact_qa(s, 3, "How many bars does the chart show?", 3.0)]
    return s


@pytest.mark.parametrize("rule, yes, no, kept", [("majority", 2, 1, True), ("majority", 1, 1, False), ("all", 3, 1, False),
                                                 ("all", 2, 0, True), ("max-no", 1, 1, True), ("max-no", 5, 2, False)])
def test_vote_rules(rule, yes, no, kept):
    t = Tally(yes=[f"y{i}" for i in range(yes)], no={f"n{i}": ["correct"] for i in range(no)})
    assert keeps(t, rule, max_no=1) is kept


def test_judges_vote_per_item_and_the_rule_decides(script, executor, tmp_path):
    s = verified_chart("jud")
    s.image = str(executor.run(Job(code=s.code, name="jud")).images[0])
    yes = {"relevant": "yes", "visual": "yes", "data": "yes", "correct": "yes"}
    script.set("jud", "judge:j1", as_reply([{"id": "jud-q1", **yes}, {"id": "jud-q2", **yes}]))
    script.set("jud", "judge:j2", as_reply([{"id": "jud-q1", **yes}, {"id": "jud-q2", **yes, "correct": "no"}]))
    script.set("jud", "judge:j3", "The chart looks fine to me.")
    judges = [judge_config(script.server, m) for m in ("j1", "j2", "j3")]
    with qa_context(tmp_path, script.server, executor, **{"qa.judges": judges, "qa.parse_retries": 0}) as ctx:
        out = run_stages(ctx, ["judge_qa"], [s])
        counters = ctx.stats.counters
    assert [q.id for q in out[0].qa] == ["jud-q1"]
    assert out[0].qa[0].verified_by == "engine+vlm-vote"
    got = {q.id: q.reason for q in out[0].qa_rejected}
    assert got["jud-q2"] == "judge-rejected: 1 no / 2 votes (judge:j2#1: correct)"
    assert got["jud-q3"].startswith("judge-error")  # no judge mentioned it
    assert counters["judge_qa/vote/no-json"] == 1
    sent = [r.body for r in script.server.chat_requests if r.body["model"] == "j1"][0]
    assert any(p.get("type") == "image_url" for p in sent["messages"][-1]["content"])


def test_rewrites_are_verified_again_and_linked_to_their_source(script, executor, tmp_path):
    s = verified_chart("boot")
    s.qa = s.qa[:1]
    script.set("boot", "bootstrap", as_reply([
        {**item("recognition", "How large is the sales figure shown for South?", "30", "number", fn("values[1]")),
         "id": "boot-q1", "rewrite": "rephrased"},
        {**item("reasoning", "By how much does South exceed the average of the other two bars?", "20", "number",
                fn("values[1] - (values[0] + values[2]) / 2")), "id": "boot-q1", "rewrite": "more-complex"},
        {**item("recognition", "What value does the tallest bar show?", "30", "number", fn("max(values)")),
         "id": "boot-q1", "rewrite": "under-specified"},
    ], key="rewrites"))
    with qa_context(tmp_path, script.server, executor, **{"qa.rewrites": ["rephrased", "more-complex", "under-specified"]}) as ctx:
        out = run_stages(ctx, ["bootstrap"], [s])
    kept = {q.rewrite: q for q in out[0].qa if q.rewrite}
    assert set(kept) == {"rephrased", "under-specified"}
    assert all(q.source_id == "boot-q1" and q.status == "verified" and q.verified_by == "execution" for q in kept.values())
    assert kept["rephrased"].id == "boot-q1-rephrased"
    (wrong,) = out[0].qa_rejected
    assert (wrong.rewrite, wrong.status, wrong.kind) == ("more-complex", "disagree", "reasoning")
    assert "computed 14.625" in wrong.reason


def test_variants_are_three_linked_forms_with_the_data_only_in_the_text_dominant_one(tmp_path):
    s = verified_chart("var")
    s.qa = s.qa[1:2]
    with qa_context(tmp_path, None) as ctx:
        out = run_stages(ctx, ["variants"], [s])
    forms = {q.variant: q for q in out[0].qa}
    assert set(forms) == {"vision-dominant", "text-dominant", "text-lite"}
    assert {q.variant_group for q in forms.values()} == {"var-q2"}
    assert forms["vision-dominant"].question == "Which region has the tallest bar?"
    assert "| South | 30 |" in forms["text-dominant"].question
    assert "Sales by region" in forms["text-lite"].question and "30" not in forms["text-lite"].question
    assert all(q.answer == "South" and q.status == "verified" for q in forms.values())
    assert forms["text-lite"].source_id == "var-q2"


def test_a_chart_without_data_tables_keeps_its_questions_without_variants(tmp_path):
    s = verified_chart("nod")
    s.data = []
    with qa_context(tmp_path, None) as ctx:
        out = run_stages(ctx, ["variants"], [s])
        assert ctx.stats.counters["variants/no-data"] == 1
    assert [q.variant for q in out[0].qa] == [None, None, None]
