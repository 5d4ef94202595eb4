"""Rule-based checks on written questions: duplicates, leaked answers, questions that do not need the chart."""

from __future__ import annotations

from qa_scripts import bar_chart

from cit.qa.checks import Checker, chart_values, leak, needs_chart_problem, chart_labels
from cit.record import QA, AnswerType


def qa(question: str, answer: str, atype: str = "number", value=None, qid: str = "c-q1") -> QA:
    return QA(id=qid, question=question, answer=answer, rationale="", kind="recognition",
              answer_type=AnswerType(type=atype), value=value if value is not None else answer)


CHART = bar_chart("c", ["North", "South", "East"], [12.5, 30.0, 18.25])


def test_a_near_copy_of_an_earlier_question_is_a_duplicate_and_a_different_one_is_not():
    checker = Checker(CHART, 0.7, leaks=False, needs_chart=False)
    assert checker.problem(qa("What is the sales value of North in the chart?", "12.5", value=12.5)) is None
    dup = checker.problem(qa("What is the sales value for North in the chart?", "12.5", value=12.5, qid="c-q2"))
    assert dup is not None and dup.startswith("duplicate-question") and "c-q1" in dup
    assert checker.problem(qa("Which region has the lowest bar?", "North", "text", qid="c-q3")) is None


def test_a_number_answer_written_in_the_question_is_a_leak():
    found = leak(qa("The chart shows 30 for South; what is the value of South?", "30", value=30.0))
    assert found is not None and found.startswith("answer-leak")
    assert leak(qa("What is the value of South in the chart?", "30", value=30.0)) is None


def test_a_text_answer_named_in_the_question_leaks_unless_it_is_one_of_the_alternatives():
    assert leak(qa("Which region, South, has the tallest bar?", "South", "text")) is not None
    assert leak(qa("Which has the taller bar, North or South?", "South", "text")) is None
    assert leak(qa("Which region has the tallest bar?", "South", "text")) is None


def test_a_question_about_nothing_in_the_chart_does_not_need_it():
    labels, values = chart_labels(CHART), chart_values(CHART)
    off = needs_chart_problem(qa("What is 15 percent of 200?", "30", value=30.0), labels, values)
    assert off is not None and off.startswith("off-chart")
    assert needs_chart_problem(qa("What are the sales of East?", "18.25", value=18.25), labels, values) is None


def test_a_question_that_writes_out_the_charts_values_does_not_need_the_chart():
    labels, values = chart_labels(CHART), chart_values(CHART)
    q = qa("North sold 12.5 and East 18.25; what is their total in the chart?", "30.75", value=30.75)
    found = needs_chart_problem(q, labels, values)
    assert found is not None and found.startswith("data-in-question") and "12.5" in found


def test_years_and_small_counts_in_a_question_are_not_taken_for_data():
    s = bar_chart("y", ["2019", "2020", "2021"], [2019.0, 3.0, 5.0])
    q = qa("How did the bar change from 2019 to 2021, in the top 3?", "2", value=2.0)
    assert needs_chart_problem(q, chart_labels(s), chart_values(s)) is None


def test_without_tables_the_values_come_from_number_sequences_in_the_code_not_from_settings():
    s = bar_chart("z", ["A", "B", "C"], [11.5, 22.5, 33.5], with_data=False)
    values = chart_values(s)
    assert {11.5, 22.5, 33.5} <= values
    assert 6.0 not in values and 4.0 not in values  # figsize=(6, 4) is a setting, not data
