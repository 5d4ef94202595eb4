"""Scoring for `cit eval`: answer extraction, ChartQA relaxed accuracy, exact match,
judge verdicts, and the report tables. Pure Python: no model involved."""

from __future__ import annotations

import pytest

from cit.train.judge import parse_verdict
from cit.train.report import aggregate, markdown
from cit.train.scoring import exact_match, extract_answer, parse_number, relaxed_match


@pytest.mark.parametrize("reply, expected", [
    ("The tallest bar is North.\nAnswer: 42", "42"),
    ("answer: first\nmore thinking\nAnswer:  7.5 %\nThe end", "7.5 %"),  # the last "Answer:" wins
    ("ANSWER：Yes", "Yes"),  # full-width colon, any case
    ("No marker here\n\n  final line 12  \n", "final line 12"),  # fallback: last non-empty line
    ("Answer:", ""),
    ("", ""),
    (None, ""),
])
def test_extract_answer(reply, expected):
    assert extract_answer(reply) == expected


@pytest.mark.parametrize("pred, ref, ok", [
    ("105", "100", True),  # exactly 5% off: inside
    ("95", "100", True),
    ("105.01", "100", False),  # just outside
    ("-104", "-100", True),  # relative to |reference|
    ("104", "-100", False),  # the sign matters
    ("0", "0", True),
    ("0.0001", "0", False),  # a zero reference must be hit exactly
    ("45%", "45", True),
    ("$1,234", "1234", True),
    ("1e3", "1000", True),
    ("42.", "42", True),
    ("about 42", "42", False),  # not a number, and not the same text
    ("1,23", "123", False),  # not a thousands separator
    ("North.", "north", True),  # text: case, trailing period
    ('"Yes"', "yes", True),  # text: quotes
    ("**Blue**", "blue", True),  # markdown bold
    ("South", "North", False),
])
def test_relaxed_accuracy(pred, ref, ok):
    assert relaxed_match(pred, ref) is ok


def test_relaxed_accuracy_strips_the_answers_unit():
    assert relaxed_match("12.4 kWh", "12", unit="kWh")
    assert not relaxed_match("12.4 kWh", "12")  # without the unit it is not a number


@pytest.mark.parametrize("pred, ref, ok", [
    ("1,000", "1000.0", True),  # numerically equal
    ("104", "100", False),  # relaxed would accept, exact does not
    ("  North  ", "north", True),
    ("north america", "north", False),
])
def test_exact_match(pred, ref, ok):
    assert exact_match(pred, ref) is ok


def test_parse_number_refuses_non_finite_and_words():
    assert parse_number("inf") is None
    assert parse_number("nan") is None
    assert parse_number("twelve") is None
    assert parse_number("-€3.5") == -3.5


@pytest.mark.parametrize("text, verdict", [
    ("CORRECT", True), ("Incorrect.", False), ("The answer is INCORRECT", False),
    ("correct", True), ("I cannot tell", None), (None, None),
])
def test_judge_verdict(text, verdict):
    assert parse_verdict(text) is verdict


def _row(kind: str, ctype: str, relaxed: bool, exact: bool, error: str | None = None) -> dict:
    return {"kind": kind, "chart_type": ctype, "level": "easy", "relaxed": relaxed, "exact": exact, "error": error}


def test_report_breaks_scores_down_by_kind_and_chart_type():
    rows = [_row("recognition", "bar/plain", True, True), _row("recognition", "bar/plain", True, False),
            _row("reasoning", "line/plain", False, False, error="timeout: slow"), _row("reasoning", "bar/plain", True, True)]
    rep = aggregate(rows)
    assert rep["overall"] == {"n": 4, "accuracy": 0.75, "relaxed_accuracy": 0.75, "exact_match": 0.5, "errors": 1}
    assert rep["by_kind"]["recognition"]["exact_match"] == 0.5
    assert rep["by_kind"]["reasoning"]["relaxed_accuracy"] == 0.5
    assert rep["by_chart_type"]["bar/plain"]["n"] == 3
    assert rep["by_chart_type"]["line/plain"]["relaxed_accuracy"] == 0.0
    md = markdown({"model": "m", "data": "d", "split": "test", "backend": "transformers", **rep})
    assert "| bar/plain | 3 | 100.0 | 100.0 | 66.7 |" in md
    assert "1 generation errors" in md


def test_report_counts_judge_only_where_it_gave_a_verdict():
    rows = [dict(_row("reasoning", "bar/plain", False, False), judge=True),
            dict(_row("reasoning", "bar/plain", False, False), judge=None)]
    rep = aggregate(rows)
    assert rep["overall"]["judge_accuracy"] == 1.0 and rep["overall"]["judged"] == 1
