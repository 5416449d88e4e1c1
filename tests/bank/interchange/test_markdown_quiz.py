"""Markdown skill-assessment quizzes: headings, checkbox options, code kept exactly, references, images,
repeated numbers, licence."""

from __future__ import annotations

from pathlib import Path

import yaml

from quizengine.bank.models import MultipleChoice, SingleChoice, TrueFalse
from tests.bank.interchange.helpers import FIXTURES, import_fixture, skipped_lines

QUIZ = FIXTURES / "skill_assessment.md"


def test_every_construct(tmp_path: Path) -> None:
    _, library = import_fixture(tmp_path, "markdown", QUIZ, license="CC-BY-SA-4.0")
    questions = {question.id: question for question in library.questions}
    assert list(questions) == ["alpha.q1", "alpha.q2", "alpha.q3", "alpha.q4", "alpha.q5", "alpha.q5-2", "alpha.q6"]
    q1 = questions["alpha.q1"]
    assert isinstance(q1, SingleChoice) and q1.correct_indices == [1]
    assert q1.references == ["https://docs.python.org/3/library/abc.html"]
    q2 = questions["alpha.q2"]
    assert q2.stem == ("What does this print?\n\n```python\ndef f(x=[]):\n    x.append(1)\n    return x\nf()\n"
                       "print(f())   # two calls share one list\n```")  # the '#' inside code is not a heading
    assert q2.explanation == "default values are evaluated once, when `def` runs."
    assert isinstance(questions["alpha.q3"], MultipleChoice)
    q4 = questions["alpha.q4"]
    assert isinstance(q4, TrueFalse) and q4.answer is True
    q5 = questions["alpha.q5"]
    assert isinstance(q5, SingleChoice)
    assert q5.options[1].text == "B\n\n```python\ns = set()\n```" and q5.correct_indices == [1]
    assert "Which keyword defines a function?" in questions["alpha.q5-2"].stem  # repeated Q5: its own id
    assert "[image: A binary tree](https://example.org/tree.png)" in questions["alpha.q6"].stem
    data = yaml.safe_load((tmp_path / "imported.yaml").read_text(encoding="utf-8"))
    assert data["bank"]["license"] == "CC-BY-SA-4.0"


def test_images_and_unusable_questions_are_reported_by_line(tmp_path: Path) -> None:
    outcome, _ = import_fixture(tmp_path, "markdown", QUIZ)
    assert any(note.line == 60 and "image" in note.message and not note.skipped for note in outcome.notes)
    skipped = skipped_lines(outcome)
    assert "no option is marked" in skipped[67]
    assert "no `- [ ]`/`- [x]` options" in skipped[72]
    assert len(skipped) == 2  # the section heading and its text are not questions
