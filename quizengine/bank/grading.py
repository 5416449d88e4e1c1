"""Grading: how an answer to each question type is scored. Pure functions over the bank models."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from quizengine.bank.models import AnyQuestion, ChoiceQuestion, MultipleChoice, Numeric, ShortText, TrueFalse
from quizengine.bank.patterns import fullmatches

AnswerKind = Literal["choice", "bool", "number", "text", "dont_know"]


@dataclass(frozen=True)
class Answer:
    """What a learner submitted. Choice answers hold indices into the question's own option order."""

    kind: AnswerKind
    selected: tuple[int, ...] = ()
    value: bool | float | str | None = None

    def to_json(self) -> dict[str, object]:
        return {"kind": self.kind, "selected": list(self.selected), "value": self.value}

    @classmethod
    def from_json(cls, data: dict[str, object]) -> Answer:
        selected = data.get("selected") or []
        assert isinstance(selected, list)
        value = data.get("value")
        assert value is None or isinstance(value, bool | float | int | str)
        kind = str(data.get("kind"))
        assert kind in ("choice", "bool", "number", "text", "dont_know")
        return cls(kind, tuple(int(i) for i in selected), value)  # type: ignore[arg-type]


DONT_KNOW = Answer("dont_know")


@dataclass(frozen=True)
class Grade:
    score: float  # 0..1, partial credit for multiple choice
    correct: bool  # full credit; this is what the adaptive engine sees


def normalise_text(text: str, case_sensitive: bool = False) -> str:
    collapsed = " ".join(text.split())
    return collapsed if case_sensitive else collapsed.casefold()


def grade(question: AnyQuestion, answer: Answer) -> Grade:
    if answer.kind == "dont_know":
        return Grade(0.0, False)
    if isinstance(question, MultipleChoice):
        return _grade_multiple(question, set(answer.selected))
    if isinstance(question, ChoiceQuestion):
        ok = set(answer.selected) == set(question.correct_indices)
        return Grade(float(ok), ok)
    if isinstance(question, TrueFalse):
        ok = answer.value is question.answer
        return Grade(float(ok), ok)
    if isinstance(question, Numeric):
        ok = isinstance(answer.value, int | float) and not isinstance(answer.value, bool) and \
            question.answer.accepts(float(answer.value))
        return Grade(float(ok), ok)
    assert isinstance(question, ShortText)
    ok = isinstance(answer.value, str) and text_matches(question, answer.value)
    return Grade(float(ok), ok)


def _grade_multiple(question: MultipleChoice, selected: set[int]) -> Grade:
    """Partial credit: share of correct options chosen minus share of wrong options chosen, floored at 0."""
    correct = set(question.correct_indices)
    wrong = set(range(len(question.options))) - correct
    score = len(selected & correct) / len(correct) - len(selected & wrong) / len(wrong)
    score = max(0.0, round(score, 4))
    return Grade(score, selected == correct)


_PARENTHESISED = re.compile(r"\(([^()]*)\)")


def answer_variants(text: str) -> set[str]:
    """A typed answer and its readings without a trailing full stop or parenthesised part:
    "masked language modelling (MLM)." also reads as "masked language modelling" and "MLM"."""
    text = text.strip().rstrip(".")
    variants = {text}
    inner = _PARENTHESISED.findall(text)
    if inner:
        variants.add(_PARENTHESISED.sub(" ", text))
        variants.update(inner)
    return {variant for variant in variants if variant.strip()}


def text_matches(question: ShortText, text: str) -> bool:
    accepted = {normalise_text(option, question.case_sensitive) for option in question.accepted}
    if any(normalise_text(variant, question.case_sensitive) in accepted for variant in answer_variants(text)):
        return True
    if question.pattern is not None:  # RE2: linear time, whatever the pattern
        return fullmatches(question.pattern, " ".join(text.split()), question.case_sensitive)
    return False


def key_text(question: AnyQuestion) -> str:
    """The correct answer, as shown in feedback."""
    if isinstance(question, ChoiceQuestion):
        return "; ".join(question.options[i].text for i in question.correct_indices)
    if isinstance(question, TrueFalse):
        return "True" if question.answer else "False"
    if isinstance(question, Numeric):
        unit = f" {question.unit}" if question.unit else ""
        return question.answer.describe() + unit
    assert isinstance(question, ShortText)
    return question.accepted[0] if question.accepted else f"text matching {question.pattern}"


SHOWN_INPUT = 40  # characters of a typed answer echoed back in a message: a pasted wall of digits is not
_THOUSANDS = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d*)?([eE][+-]?\d+)?")


@dataclass(frozen=True)
class NumberReading:
    """A typed number: its value, or why it was not read (worded for the learner)."""

    value: float | None
    problem: str | None = None


def shown_input(text: str, limit: int = SHOWN_INPUT) -> str:
    return text if len(text) <= limit else f"{text[:limit - 1]}… ({len(text):,} characters)"


def _without_unit(text: str, unit: str) -> str:
    """'6 rows' -> '6' when the unit is rows (or row); the number alone is untouched."""
    lowered = text.casefold()
    for name in sorted({unit, unit.removesuffix("s"), f"{unit}s"} - {""}, key=len, reverse=True):
        if lowered.endswith(name.casefold()) and len(text) > len(name):
            return text[:-len(name)].strip()
    return text


def read_number(text: str, unit: str = "") -> NumberReading:
    """Read '1,234', '3.5e-2', '45%' (as 45) or, when the unit is rows, '6 rows'. A comma is only ever a
    thousands separator: '20,8' is refused rather than silently read as 208."""
    shown = shown_input(text.strip())
    cleaned = text.strip().replace("_", "").rstrip("%").strip()
    if unit.strip():
        cleaned = _without_unit(cleaned, unit.strip())
    if "," in cleaned:
        if not _THOUSANDS.fullmatch(cleaned):
            return NumberReading(None, f"'{shown}': a comma only separates thousands (1,234); write decimals "
                                       "with a dot, like 20.8.")
        cleaned = cleaned.replace(",", "")
    try:
        value = float(cleaned)
    except ValueError:
        units = f" (in {unit.strip()})" if unit.strip() else ""
        return NumberReading(None, f"'{shown}' is not a number; type digits like 0.25, 1e-3 or 1,000{units}.")
    if value != value or abs(value) == float("inf"):
        return NumberReading(None, f"'{shown}' is not a finite number.")
    return NumberReading(value)


def parse_number(text: str, unit: str = "") -> float | None:
    """The value of a typed number, or None when it is not one (see read_number for why)."""
    return read_number(text, unit).value
