"""Q&A from code against a scripted LLM: items, checks, verification and bad replies."""

from __future__ import annotations

import pytest
from fake_llm_server import FakeLLMServer
from qa_scripts import QAScript, as_reply, bar_chart, exact_qa, fn, item, qa_context, run_stages

FLOW = ["qa_llm", "qa_checks", "verify", "filter"]
LABELS, VALUES = ["North", "South", "East"], [12.5, 30.0, 18.25]


@pytest.fixture()
def script():
    s = QAScript()
    with FakeLLMServer(handler=s) as server:
        s.server = server
        yield s


def reasons(sample) -> dict[str, str]:
    return {q.question: (q.reason or "").split(":")[0] for q in sample.qa_rejected}


def test_each_kind_of_bad_item_is_rejected_with_its_reason_and_the_good_one_is_kept(script, executor, tmp_path):
    good = "What is the sales value of South in the chart?"
    script.set("alpha", "write", as_reply([
        item("recognition", good, "30", "number", fn("values[labels.index('South')]")),
        item("recognition", "Which region has the shortest bar?", "East", "text", fn("labels[values.index(min(values))]")),
        item("reasoning", "How far apart are the tallest and the shortest bar?", "17.5", "number", fn("values[5]")),
        item("reasoning", "What is the average height of the bars?", "20.25", "number", "def answer():\n    while values:\n        pass\n"),
        item("reasoning", "What do all bars add up to, given that it is 60.75?", "60.75", "number", fn("sum(values)")),
        item("reasoning", "What is the sales value for South in the chart?", "30", "number", fn("values[1]")),
        item("reasoning", "What is 15 percent of 200?", "30", "number", fn("0.15 * 200 + 0 * len(values)")),
        item("reasoning", "If North sold 12.5 and East 18.25, what is their sum in the chart?", "30.75", "number", fn("values[0] + values[2]")),
    ]))
    with qa_context(tmp_path, script.server, executor, **{"qa.recognition": 2, "qa.reasoning": 6, "qa.program_timeout": 1.0}) as ctx:
        out = run_stages(ctx, FLOW, [bar_chart("alpha", LABELS, VALUES)])
    assert [q.question for q in out[0].qa] == [good]
    assert out[0].qa[0].status == "verified" and out[0].qa[0].rationale
    assert reasons(out[0]) == {
        "Which region has the shortest bar?": "disagree",
        "How far apart are the tallest and the shortest bar?": "program-error",
        "What is the average height of the bars?": "program-timeout",
        "What do all bars add up to, given that it is 60.75?": "answer-leak",
        "What is the sales value for South in the chart?": "duplicate-question",
        "What is 15 percent of 200?": "off-chart",
        "If North sold 12.5 and East 18.25, what is their sum in the chart?": "data-in-question",
    }
    statuses = {q.question: q.status for q in out[0].qa_rejected}
    assert statuses["Which region has the shortest bar?"] == "disagree"
    assert statuses["What is the average height of the bars?"] == "unverified"


def test_json_the_parser_can_repair_is_used_without_asking_again(script, executor, tmp_path):
    broken = ("Sure! Here are the questions:\n{'items': [{'kind': 'recognition', 'question': 'Which region has the tallest bar?',"
              " 'rationale': 'South is tallest.', 'answer': 'South', 'answer_type': 'text', 'unit': None, 'options': None,"
              " 'program': 'def answer():\\n    return labels[values.index(max(values))]\\n',},],}\nHope this helps.")
    script.set("beta", "write", broken)
    with qa_context(tmp_path, script.server, executor, **{"qa.recognition": 1, "qa.reasoning": 0}) as ctx:
        out = run_stages(ctx, FLOW, [bar_chart("beta", LABELS, VALUES)])
    assert [q.answer for q in out[0].qa] == ["South"] and out[0].qa[0].status == "verified"
    assert script.seen[("beta", "write")] == 1


def test_an_unparseable_reply_is_sent_back_once_and_the_second_reply_is_used(script, executor, tmp_path):
    good = as_reply([item("recognition", "Which region has the tallest bar?", "South", "text",
                          fn("labels[values.index(max(values))]"))])
    script.set("gamma", "write", "Questions: [ {kind: recognition, question: Which region ...", good)
    with qa_context(tmp_path, script.server, executor, **{"qa.recognition": 1, "qa.reasoning": 0}) as ctx:
        out = run_stages(ctx, FLOW, [bar_chart("gamma", LABELS, VALUES)])
    assert out and out[0].qa[0].status == "verified"
    assert [c.stage for c in out[0].llm_calls] == ["qa_llm", "qa_llm"]
    assert "could not be used" in out[0].llm_calls[1].messages[-1]["content"]


def test_a_reply_that_stays_unparseable_rejects_the_chart_and_keeps_the_raw_replies(script, executor, tmp_path):
    script.set("delta", "write", "I cannot produce JSON today.", "Still no JSON, sorry.")
    with qa_context(tmp_path, script.server, executor, **{"qa.parse_retries": 1}) as ctx:
        out = run_stages(ctx, FLOW, [bar_chart("delta", LABELS, VALUES)])
        rejected = ctx.rejected
    assert out == []
    assert [(r.stage, r.reason) for r in rejected] == [("qa_llm", "qa-unparseable")]
    assert "no-json after 2 attempt(s)" in rejected[0].detail
    assert [c.reply for c in rejected[0].record.llm_calls] == ["I cannot produce JSON today.", "Still no JSON, sorry."]


def test_items_that_break_the_schema_or_their_type_are_rejected_one_by_one(script, executor, tmp_path):
    script.set("eps", "write", as_reply([
        {"kind": "recognition", "question": "How many bars are in the chart?"},
        item("recognition", "How many bars does the chart have?", "lots", "number", fn("len(values)")),
        item("recognition", "Which bar is tallest: North or South?", "West", "choice", fn("'South' if values[1] > values[0] else 'North'"),
             options=["North", "South"]),
        item("reasoning", "Is the South bar taller than the North bar?", "Yes", "yesno", fn("values[1] > values[0]")),
        item("reasoning", "Is the East bar taller than the North bar?", "Yes", "yesno", fn("values[2] > values[0]")),
    ]))
    with qa_context(tmp_path, script.server, executor, **{"qa.recognition": 3, "qa.reasoning": 1}) as ctx:
        out = run_stages(ctx, ["qa_llm"], [bar_chart("eps", LABELS, VALUES)])
    s = out[0]
    assert [q.question for q in s.qa] == ["Is the South bar taller than the North bar?"]
    got = {q.question: q.reason.split(":")[0] for q in s.qa_rejected}
    assert got == {"How many bars are in the chart?": "invalid-item", "How many bars does the chart have?": "answer-not-a-number",
                   "Which bar is tallest: North or South?": "answer-not-an-option",
                   "Is the East bar taller than the North bar?": "extra-item"}


def test_a_reply_with_json_cut_off_by_the_token_limit_is_asked_again(script, executor, tmp_path):
    from fake_llm_server import Reply

    good = as_reply([item("recognition", "Which region has the tallest bar?", "South", "text", fn("labels[values.index(max(values))]"))])
    script.set("zeta", "write", Reply(text='{"items": [{"kind": "recognition", "question": "Which', finish_reason="length"), good)
    with qa_context(tmp_path, script.server, executor, **{"qa.recognition": 1, "qa.reasoning": 0}) as ctx:
        out = run_stages(ctx, FLOW, [bar_chart("zeta", LABELS, VALUES)])
    assert out[0].qa[0].status == "verified"
    assert "truncated" in out[0].llm_calls[1].messages[-1]["content"]


def test_in_engine_mode_the_llm_answers_the_engines_questions_and_their_exact_answers_move_aside(script, executor, tmp_path):
    s = bar_chart("eta", LABELS, VALUES)
    s.qa = [exact_qa(s, 1, "What is the value of East?", 18.25), exact_qa(s, 2, "Which region is largest?", "South", "text", "reasoning")]
    script.set("eta", "answer", as_reply([
        {"id": "eta-q2", "rationale": "South is tallest.", "answer": "North", "program": fn("labels[values.index(max(values))]")},
        {"id": "eta-q1", "rationale": "East reads 18.25.", "answer": "18.25", "program": fn("values[2]")},
    ]))
    with qa_context(tmp_path, script.server, executor, **{"qa.questions": "engine"}) as ctx:
        out = run_stages(ctx, ["qa_llm", "verify"], [s])
    got = {q.id: (q.question, q.answer, q.status) for q in out[0].qa}
    assert got == {"eta-q1": ("What is the value of East?", "18.25", "verified"),
                   "eta-q2": ("Which region is largest?", "North", "disagree")}
    assert [q.value for q in out[0].engine_qa] == [18.25, "South"]


def test_the_blind_check_rejects_questions_the_llm_answers_without_the_chart(script, executor, tmp_path):
    script.set("theta", "write", as_reply([
        item("recognition", "What is the value of South in the chart?", "30", "number", fn("values[1]")),
        item("recognition", "How many regions does the chart compare?", "3", "number", fn("len(labels)")),
    ]))
    script.set("theta", "blind", as_reply([{"id": "theta-q1", "answer": "cannot tell"}, {"id": "theta-q2", "answer": "3"}]))
    with qa_context(tmp_path, script.server, executor, **{"qa.recognition": 2, "qa.reasoning": 0, "qa.blind_check": True}) as ctx:
        out = run_stages(ctx, FLOW, [bar_chart("theta", LABELS, VALUES)])
    assert [q.id for q in out[0].qa] == ["theta-q1"]
    assert out[0].qa_rejected[0].reason.startswith("answerable-without-chart")


def test_a_server_that_keeps_failing_stops_the_run_instead_of_rejecting_the_chart(script, executor, tmp_path):
    from fake_llm_server import Reply

    from cit.llm.types import LLMOutageError

    script.set("iota", "write", Reply(status=500))
    with qa_context(tmp_path, script.server, executor, **{"llm.outage_timeout": 0.5, "llm.backoff_max": 0.1}) as ctx:
        with pytest.raises(LLMOutageError, match="HTTP 500"):
            run_stages(ctx, FLOW, [bar_chart("iota", LABELS, VALUES)])
        assert ctx.rejected == []  # a failing server is not a bad chart


