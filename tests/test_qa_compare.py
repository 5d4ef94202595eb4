"""Reading stated answers and comparing them with computed ones."""

from __future__ import annotations

import pytest

from cit.qa.compare import AnswerError, agree, parse_answer, parse_number, rouge_l
from cit.record import AnswerType

NUM = AnswerType(type="number", abs_tol=1e-6, rel_tol=0.01)


@pytest.mark.parametrize("text, value", [("23.5", 23.5), ("$1,200", 1200.0), ("45 %", 45.0), ("-3.2 million units", -3.2),
                                         ("\u22127", -7.0), ("1e3", 1000.0), (12, 12.0)])
def test_number_answers_are_read_whatever_the_decoration(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["between 3 and 5", "about a dozen", "", True])
def test_an_answer_with_no_single_number_is_refused(text):
    with pytest.raises(AnswerError) as exc:
        parse_number(text)
    assert exc.value.reason == "answer-not-a-number"


def test_relative_tolerance_accepts_close_values_and_refuses_far_ones():
    assert agree(100.0, 100.9, NUM)[0]
    assert not agree(100.0, 102.0, NUM)[0]


def test_a_rounded_stated_answer_agrees_within_half_its_last_digit():
    stated = AnswerType(type="number")  # no tolerance of its own: only the stated precision
    assert agree(23.5, 23.4567, stated, stated="23.5")[0]
    assert not agree(23.5, 23.4, stated, stated="23.5")[0]
    assert not agree(23.5, 23.4567, stated, stated="23.5", use_precision=False)[0]


def test_yes_no_answers_compare_with_booleans_and_words():
    yn = AnswerType(type="yesno")
    assert parse_answer("yes.", yn) == "Yes"
    assert agree("Yes", True, yn)[0]
    assert not agree("Yes", "no", yn)[0]
    with pytest.raises(AnswerError):
        parse_answer("maybe", yn)


def test_choice_answers_must_be_an_option():
    ch = AnswerType(type="choice", options=["North", "South"])
    assert parse_answer("north", ch) == "North"
    with pytest.raises(AnswerError) as exc:
        parse_answer("East", ch)
    assert exc.value.reason == "answer-not-an-option"


def test_text_answers_ignore_case_articles_and_lists_order():
    tx = AnswerType(type="text")
    assert agree("The North", "north", tx)[0]
    assert agree("North, South", ["south", "north"], tx)[0]
    assert not agree("North", "South", tx)[0]
    assert agree("2019", 2019.0, tx)[0]


def test_rouge_l_is_one_for_the_same_words_and_low_for_different_questions():
    assert rouge_l("What is the value of A?", "what is the value of a") == pytest.approx(1.0)
    assert rouge_l("What is the value of A?", "What is the value of region A?") > 0.7
    assert rouge_l("What is the value of A?", "Which region has the smallest share of sales?") < 0.4


@pytest.mark.parametrize("prediction, reference, atype, ok", [
    ("\u221212.5", "-12.5", {"type": "number"}, True),  # the Unicode minus a model may write
    ("about 103", "100", {"type": "number", "rel_tol": 0.05}, True),  # the item's own tolerance
    ("103", "100", {"type": "number", "rel_tol": 0.01}, False),  # ChartQA's 5% would pass it
    ("0.51", "0.5", {"type": "number", "rel_tol": 0.0, "abs_tol": 0.02}, True),
    ("Yes.", "yes", {"type": "yesno"}, True),
    ("b", "B", {"type": "choice", "options": ["A", "B"]}, True),
    ("North", "South", {"type": "text"}, False),
])
def test_a_models_answer_is_compared_by_the_items_own_rule(prediction, reference, atype, ok):
    from cit.qa.compare import reply_agrees

    assert reply_agrees(prediction, reference, AnswerType(**atype)) is ok


# One rule reads numbers everywhere (verification, GRPO rewards, cit eval): pinned here.
@pytest.mark.parametrize("text, lenient, whole", [
    ("23.5", 23.5, 23.5), ("$1,200", 1200.0, 1200.0), ("45%", 45.0, 45.0), ("\u22123", -3.0, -3.0),
    ("-$5", -5.0, -5.0), ("**12**", 12.0, 12.0), ("7.", 7.0, 7.0), (".5", 0.5, 0.5), ("1e3", 1000.0, 1000.0),
    ("-3.2 million units", -3.2, None), ("about 42", 42.0, None), ("42 apples", 42.0, None),
    ("3 or 4", None, None), ("twelve", None, None), ("inf", None, None),
])
def test_the_one_number_rule_lenient_and_whole(text: str, lenient, whole):
    from cit.train.scoring import parse_number as scoring_number

    for mode, want in ((False, lenient), (True, whole)):
        if want is None:
            with pytest.raises(AnswerError):
                parse_number(text, whole=mode)
        else:
            assert parse_number(text, whole=mode) == want
    assert scoring_number(text) == whole  # evaluation reads whole answers by the same rule
    assert parse_number("12 kg", whole=True, unit="kg") == 12.0
