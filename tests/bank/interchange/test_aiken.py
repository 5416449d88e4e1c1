"""Aiken import: both option styles, HTML and '&' in stems, multi-line stems, and Moodle's error cases by line."""

from __future__ import annotations

from pathlib import Path

from quizengine.bank.interchange.aiken import export_aiken, parse_aiken
from quizengine.bank.models import SingleChoice
from tests.bank.interchange.helpers import FIXTURES, import_fixture, skipped_lines

EVERY = FIXTURES / "every_construct.aiken.txt"
BROKEN = FIXTURES / "broken.aiken.txt"


def test_every_construct(tmp_path: Path) -> None:
    outcome, library = import_fixture(tmp_path, "aiken", EVERY)
    assert outcome.written == 5 and not any(note.skipped for note in outcome.notes)
    questions = library.questions
    assert all(isinstance(question, SingleChoice) for question in questions)
    first, second, ampersand, html, code = questions
    assert isinstance(first, SingleChoice) and first.options[first.correct_indices[0]].text == "Must be this one!"
    assert isinstance(second, SingleChoice) and second.correct_indices == [0]  # the `A)` style
    assert ampersand.stem == "Tom & Jerry: which one is the cat?"  # '&' kept as written
    assert html.stem == "Which tag makes text **bold**?"  # HTML converted to Markdown
    assert isinstance(html, SingleChoice) and html.options[0].text == "`<b>`"
    assert code.stem == 'What does this print?\n\n```python\nprint(len("abc"))\n```'  # code kept exactly


def test_moodle_error_cases_are_reported_by_line(tmp_path: Path) -> None:
    outcome, library = import_fixture(tmp_path, "aiken", BROKEN)
    skipped = skipped_lines(outcome)
    assert "without a question" in skipped[1]
    assert "at least 2" in skipped[4]
    assert "'C' is not among the options" in skipped[11]
    assert "one option letter" in skipped[16]
    assert "expected an option" in skipped[21]
    assert "at most 8" in skipped[24]  # the loader's limit, at the question's line
    assert "no `ANSWER:` line" in skipped[41]
    assert [question.stem for question in library.questions] == ["A fine question."]


def test_export_writes_single_choice_and_reports_the_rest() -> None:
    parsed = parse_aiken(EVERY.read_text(encoding="utf-8"), "x")
    assert len(parsed.drafts) == 5
    text, notes = export_aiken([], "x")
    assert text == "" and notes == []
