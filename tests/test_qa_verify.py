"""Verification by execution: answer programs run in the sandbox after the chart's own code."""

from __future__ import annotations

from qa_scripts import bar_chart, exact_qa, fn, qa_context

from cit.qa.config import QAConfig
from cit.qa.items import answer_type
from cit.qa.verification import verify_items
from cit.record import QA
from cit.stages.verify import Verify

CFG = QAConfig(program_timeout=1.0)


def item(qid: str, answer: str, program: str | None, atype: str = "number") -> QA:
    return QA(id=qid, question=f"question {qid}", answer=answer, rationale="", kind="reasoning",
              answer_type=answer_type(atype, CFG), value=float(answer) if atype == "number" else answer, program=program)


def chart():
    return bar_chart("v", ["North", "South", "East"], [12.5, 30.0, 18.25])


def settle(executor, items: list[QA]) -> dict[str, QA]:
    s = chart()
    verify_items(executor, [(s.id, s.code, items)], CFG)
    return {q.id: q for q in items}


def test_a_program_that_computes_the_stated_answer_verifies_it(executor):
    q = settle(executor, [item("a", "30", fn("max(values)"))])["a"]
    assert (q.status, q.verified, q.verified_by) == ("verified", True, "execution")
    assert q.reason.startswith("agrees")


def test_a_wrong_stated_answer_is_caught_as_disagree(executor):
    q = settle(executor, [item("a", "18.25", fn("max(values)"))])["a"]
    assert q.status == "disagree" and not q.verified
    assert "computed 30" in q.reason


def test_crashing_and_looping_programs_are_unverified_and_do_not_hide_the_others(executor):
    got = settle(executor, [
        item("crash", "30", fn("values[10]")),
        item("loop", "30", "def answer():\n    while values:\n        pass\n"),
        item("c-loop", "30", fn("sum(range(10**13)) + values[0]")),  # a loop inside C code: no Python-level interrupt
        item("exit", "30", "def answer():\n    import os\n    os._exit(len(values))\n"),
        item("good", "60.75", fn("sum(values)")),
    ])
    assert got["crash"].status == "unverified" and got["crash"].reason.startswith("program-error: IndexError")
    assert got["loop"].reason.startswith("program-timeout")
    assert got["c-loop"].reason.startswith("program-timeout")
    assert got["exit"].status == "unverified" and "exit status 3" in got["exit"].reason
    assert got["good"].status == "verified"


def test_a_program_that_changes_the_data_does_not_change_it_for_the_next(executor):
    got = settle(executor, [item("sorts", "12.5", "def answer():\n    values.sort()\n    return values[0]\n"),
                            item("first", "12.5", fn("values[0]"))])
    assert got["sorts"].status == "verified" and got["first"].status == "verified"


def test_a_program_that_only_returns_a_typed_in_constant_verifies_nothing(executor):
    q = settle(executor, [item("a", "30", fn("30"))])["a"]
    assert q.status == "unverified" and q.reason.startswith("program-constant")


def test_an_item_without_a_program_stays_unverified(executor):
    q = settle(executor, [item("a", "30", None)])["a"]
    assert q.status == "unverified" and q.reason.startswith("no-program")


def test_the_verify_stage_keeps_engine_items_and_turns_chart_data_into_tables(executor, tmp_path):
    s = chart()
    s.data = []
    s.qa = [exact_qa(s, 1, "What is the value of North?", 12.5), item("v-q2", "3", fn("len(labels)"))]
    s.table_program = ("def chart_data():\n    return {'title': 'Sales', 'columns': ['Region', 'Sales'],"
                                   " 'rows': [[l, v] for l, v in zip(labels, values)]}\n")
    with qa_context(tmp_path, None, executor) as ctx:
        out = Verify(ctx)([s])
    assert [q.status for q in out[0].qa] == ["verified", "verified"]
    assert out[0].qa[0].verified_by == "engine"
    assert out[0].data[0].columns == ["Region", "Sales"] and out[0].data[0].rows[1] == ["South", 30.0]
