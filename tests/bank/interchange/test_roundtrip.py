"""Export then import gives back every question the format supports, for all 451 shipped questions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from quizengine.bank.interchange.api import export_bank, import_quiz
from quizengine.bank.interchange.writer import PLACEHOLDER_EXPLANATION, ImportOptions
from quizengine.bank.library import Library
from quizengine.bank.loader import default_bank_dir, load_library
from quizengine.bank.models import AnyQuestion, ChoiceQuestion, Numeric, ShortText, TrueFalse

BANKS = sorted((default_bank_dir() / "banks").glob("*.yaml"))
SUPPORTED = {"gift": {"single_choice", "multiple_choice", "true_false", "numeric", "short_text"},
             "aiken": {"single_choice"}, "markdown": {"single_choice", "multiple_choice", "true_false"}}


def _answer(question: AnyQuestion) -> Any:
    if isinstance(question, ChoiceQuestion):
        return [(option.text, option.correct) for option in question.options]
    if isinstance(question, TrueFalse):
        return question.answer
    if isinstance(question, Numeric):
        answer = question.answer
        if answer.value is None:
            return ("range", answer.min, answer.max)
        return ("value", answer.value, max(answer.tolerance, abs(answer.value) * answer.relative_tolerance))
    assert isinstance(question, ShortText)
    return (sorted(question.accepted), question.pattern)


def _gradeable(question: AnyQuestion) -> tuple[Any, ...]:
    return (question.type, question.stem, _answer(question))


@pytest.fixture(scope="module")
def shipped() -> Library:
    return load_library([default_bank_dir()]).library


def _round_trip(tmp_path: Path, target: str, bank: Path, area: str) -> tuple[list[AnyQuestion], list[AnyQuestion]]:
    text, _, _ = export_bank(target, bank)
    source = tmp_path / f"{bank.stem}.{target}"
    source.write_text(text, encoding="utf-8")
    out = tmp_path / f"{bank.stem}-{target}.yaml"
    outcome = import_quiz(target, source, out, ImportOptions(area=area))
    assert not [note for note in outcome.notes if note.skipped], [str(n) for n in outcome.notes][:5]
    original = load_library([bank]).library.questions
    result = load_library([out])
    assert result.problems == []
    return [q for q in original if q.type in SUPPORTED[target]], result.library.questions


@pytest.mark.parametrize("target", ["gift", "aiken", "markdown"])
def test_every_supported_question_round_trips(tmp_path: Path, target: str, shipped: Library) -> None:
    compared = 0
    for bank in BANKS:
        area = load_library([bank]).library.banks[0].info.area
        original, back = _round_trip(tmp_path, target, bank, area)
        assert [_gradeable(q) for q in back] == [_gradeable(q) for q in original], bank.name
        for before, after in zip(original, back, strict=True):
            if target == "gift":  # GIFT carries everything but units, shuffle and IRT overrides
                assert (after.id, after.topic, after.difficulty, after.explanation, after.tags, after.references) == (
                    before.id, before.topic, before.difficulty, before.explanation, before.tags, before.references)
                if isinstance(before, ChoiceQuestion):
                    assert isinstance(after, ChoiceQuestion)
                    assert [o.why for o in after.options] == [o.why for o in before.options]
            elif target == "markdown":
                assert after.explanation == before.explanation
            else:
                assert after.explanation == PLACEHOLDER_EXPLANATION  # Aiken has no explanations
        compared += len(original)
    assert compared == sum(q.type in SUPPORTED[target] for q in shipped.questions)
    if target == "gift":
        assert compared == len(shipped.questions) == 451  # every shipped question, every type


def test_unsupported_types_are_reported_not_dropped() -> None:
    bank = next(path for path in BANKS if path.stem == "programming")
    questions = load_library([bank]).library.questions
    for target in ("aiken", "markdown"):
        _, notes, written = export_bank(target, bank)
        skipped = [note for note in notes if note.skipped]
        assert written + len(skipped) == len(questions)
        unsupported = [q for q in questions if q.type not in SUPPORTED[target]]
        assert len(skipped) == len(unsupported) > 0
        assert all(q.id in note.message for q, note in zip(unsupported, skipped, strict=True))
