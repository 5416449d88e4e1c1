"""How answers are scored, per question type."""

from __future__ import annotations

import pytest
from pydantic import TypeAdapter

from quizengine.bank.grading import DONT_KNOW, Answer, NumberReading, grade, key_text, parse_number, read_number
from quizengine.bank.models import AnyQuestion, Question

QUESTION = TypeAdapter[AnyQuestion](Question)
BASE = {"id": "q", "topic": "t", "difficulty": 3, "stem": "s", "explanation": "e"}


def make(**fields: object) -> AnyQuestion:
    return QUESTION.validate_python({**BASE, **fields})


def test_multiple_choice_gives_partial_credit_but_counts_only_full_as_correct() -> None:
    question = make(type="multiple_choice", options=["a", "b", "c", "d"], answer=["a", "b"])
    assert grade(question, Answer("choice", (0, 1))).correct
    half = grade(question, Answer("choice", (0,)))
    assert (half.score, half.correct) == (0.5, False)
    assert grade(question, Answer("choice", (0, 2))).score == 0.0  # one right, one wrong cancel out
    assert grade(question, Answer("choice", (2, 3))).score == 0.0  # never negative


def test_numeric_tolerances_and_ranges() -> None:
    absolute = make(type="numeric", answer={"value": 0.5, "tolerance": 0.01})
    assert grade(absolute, Answer("number", value=0.505)).correct
    assert not grade(absolute, Answer("number", value=0.52)).correct
    relative = make(type="numeric", answer={"value": 2000, "relative_tolerance": 0.05})
    assert grade(relative, Answer("number", value=2090)).correct
    assert not grade(relative, Answer("number", value=2200)).correct
    ranged = make(type="numeric", answer={"min": 1, "max": 2})
    assert grade(ranged, Answer("number", value=1.5)).correct
    assert key_text(ranged) == "between 1 and 2"


def test_short_text_normalises_case_spaces_and_parentheses() -> None:
    question = make(type="short_text", accepted=["masked language modelling", "mlm"])
    assert grade(question, Answer("text", value="  Masked   Language Modelling ")).correct
    assert grade(question, Answer("text", value="masked language modelling (MLM).")).correct
    assert not grade(question, Answer("text", value="next sentence prediction")).correct


def test_short_text_pattern() -> None:
    question = make(type="short_text", pattern=r"(git )?restore")
    assert grade(question, Answer("text", value="Git Restore")).correct
    assert not grade(question, Answer("text", value="git restore --staged x")).correct


def test_a_typed_answer_with_undecodable_bytes_is_graded_not_crashed() -> None:
    # A terminal hands undecodable input bytes over as lone surrogates, which RE2 (UTF-8 only) can't take.
    question = make(type="short_text", pattern=r"(git )?restore")
    assert not grade(question, Answer("text", value="git \udcff restore")).correct
    assert grade(question, Answer("text", value="git restore")).correct


def test_dont_know_is_wrong_for_every_type() -> None:
    question = make(type="true_false", answer=True)
    assert grade(question, DONT_KNOW) == grade(question, Answer("bool", value=False))


@pytest.mark.parametrize(("text", "value"), [("1,000", 1000.0), ("3.5e-2", 0.035), ("45%", 45.0), (" -2 ", -2.0),
                                             ("forty", None), ("nan", None), ("inf", None), ("", None)])
def test_parse_number(text: str, value: float | None) -> None:
    assert parse_number(text) == value


def test_a_catastrophic_pattern_cannot_hang_grading() -> None:
    # With backtracking regexes (Python's re) this match takes minutes and froze the app; RE2 is linear.
    question = make(type="short_text", pattern=r"(a+)+$")
    assert not grade(question, Answer("text", value="a" * 33 + "b")).correct
    assert grade(question, Answer("text", value="a" * 33)).correct


def test_a_superset_of_the_key_is_not_correct_in_select_all() -> None:
    question = make(type="multiple_choice", options=["a", "b", "c", "d"], answer=["a", "b"])
    every_right_and_one_wrong = grade(question, Answer("choice", (0, 1, 2)))
    assert not every_right_and_one_wrong.correct
    assert every_right_and_one_wrong.score == 0.5  # 2/2 right minus 1/2 wrong
    assert not grade(question, Answer("choice", (0, 1, 2, 3))).correct  # choosing everything is not knowing


@pytest.mark.parametrize(("answer", "edge", "beyond"), [
    ({"value": 2, "tolerance": 0.5}, 2.5, 2.5000001),
    ({"value": 2, "tolerance": 0.5}, 1.5, 1.4999999),
    ({"value": 64, "relative_tolerance": 0.25}, 80, 80.0001),  # 64 * 0.25 = 16 exactly
    ({"min": 1, "max": 2}, 2, 2.0000001),
    ({"min": 1, "max": 2}, 1, 0.9999999),
])
def test_numeric_tolerance_edges_are_inclusive(answer: dict[str, float], edge: float, beyond: float) -> None:
    question = make(type="numeric", answer=answer)
    assert grade(question, Answer("number", value=edge)).correct
    assert not grade(question, Answer("number", value=beyond)).correct


@pytest.mark.parametrize(("text", "unit", "value"), [
    ("1,234", "", 1234.0), ("12,345,678.5", "", 12345678.5), ("-1,000", "", -1000.0), ("6 rows", "rows", 6.0),
    ("1 row", "rows", 1.0), ("6rows", "rows", 6.0), ("2.5 GB", "GB", 2.5), ("6", "rows", 6.0),
])
def test_read_number_accepts_thousands_groups_and_the_unit(text: str, unit: str, value: float) -> None:
    assert read_number(text, unit) == NumberReading(value)


@pytest.mark.parametrize("text", ["20,8", "1,23", "1,2345", ",5", "1,,000", "1.000,5"])
def test_a_comma_that_is_not_a_thousands_separator_is_refused_not_guessed(text: str) -> None:
    reading = read_number(text)
    assert reading.value is None and reading.problem is not None and "20.8" in reading.problem


def test_a_huge_input_is_not_echoed_in_full() -> None:
    for text in ("9" * 3000, "x" * 3000, "1," * 1500):
        reading = read_number(text)
        assert reading.value is None and reading.problem is not None
        assert len(reading.problem) < 200 and "3,000 characters" in reading.problem


def test_a_unit_that_is_not_the_questions_unit_is_not_a_number() -> None:
    assert read_number("6 rows", "columns").value is None
    assert read_number("6 rows").value is None
