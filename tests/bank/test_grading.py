"""How answers are scored, per question type."""

from __future__ import annotations

import pytest
from pydantic import TypeAdapter

from quizengine.bank.grading import DONT_KNOW, Answer, grade, key_text, parse_number
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
