"""Answers in the learner's terms: what they chose on screen, mapped to the bank's option order, and how a
choice is described back to them (letters in screen order)."""

from __future__ import annotations

from collections.abc import Sequence

from quizengine.bank.grading import DONT_KNOW, Answer, read_number
from quizengine.bank.models import AnyQuestion, ChoiceQuestion, MultipleChoice, Numeric, TrueFalse
from quizengine.services.views import ChosenAnswer

LETTERS = "abcdefgh"
CREDIT_RULE = ("Select-all credit: the share of the right options you chose, minus the share of the wrong ones "
               "you chose, never below 0. Only every right option and no wrong one counts as correct.")


class AnswerProblem(ValueError):
    """The answer can't be read as typed (not a number, nothing chosen): worded for the learner, nothing stored."""


def interpret(question: AnyQuestion, order: Sequence[int], chosen: ChosenAnswer) -> Answer:
    """The bank-order answer for what was chosen on screen; `order` maps screen position -> bank option index."""
    if chosen.kind == "dont_know":
        return DONT_KNOW
    if isinstance(question, TrueFalse):
        if len(chosen.positions) != 1 or chosen.positions[0] not in (0, 1):
            raise AnswerProblem("Choose True (t) or False (f) first.")
        return Answer("bool", value=chosen.positions[0] == 0)
    if isinstance(question, ChoiceQuestion):
        positions = set(chosen.positions)
        if not positions or not positions <= set(range(len(order))):
            raise AnswerProblem("Pick an option first (a letter, a number, or the arrows).")
        if len(positions) > 1 and not isinstance(question, MultipleChoice):
            raise AnswerProblem("Choose one option only.")
        return Answer("choice", tuple(sorted(order[position] for position in positions)))
    text = chosen.text.strip()
    if not text:
        raise AnswerProblem("Type an answer first, or press x / F3 for I don't know.")
    if isinstance(question, Numeric):
        reading = read_number(text, question.unit)
        if reading.value is None:
            raise AnswerProblem(reading.problem or "That is not a number.")
        return Answer("number", value=reading.value)
    return Answer("text", value=text)


def describe_options(question: ChoiceQuestion, selected: Sequence[int], order: Sequence[int]) -> str:
    """Bank options as the learner saw them: `a) first; c) third`, in screen order."""
    position = {bank_index: shown for shown, bank_index in enumerate(order)}
    shown = sorted(selected, key=lambda index: position.get(index, index))
    return "; ".join(f"{LETTERS[position.get(index, index)]}) {question.options[index].text}" for index in shown)
