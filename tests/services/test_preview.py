"""Preview service: one bank file as the views takers see, invalid questions in place, a cheap change check,
and no database anywhere."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from quizengine.bank.starter import new_bank
from quizengine.services.preview import PreviewService

MINI = Path(__file__).resolve().parents[1] / "data" / "mini"
BANK = """bank: {id: p, title: Preview, version: "1.0", area: alpha, authors: [t], license: CC0}
questions:
  - id: p.one
    type: single_choice
    topic: a-one
    difficulty: 1
    stem: First?
    options: [{text: right, correct: true, why: Because.}, wrong]
    explanation: One is right.
  - id: p.two
    type: single_choice
    topic: a-one
    difficulty: 1
    stem: Second?
    options: [a, b]
    answer: c
    explanation: Broken on purpose.
  - id: p.three
    type: numeric
    topic: a-one
    difficulty: 2
    stem: How many?
    answer: {value: 3, tolerance: 0.5}
    unit: items
    explanation: Three.
"""


@pytest.fixture
def bank(tmp_path: Path) -> Path:
    path = tmp_path / "bank.yaml"
    path.write_text(BANK, encoding="utf-8")
    return path


def test_views_in_file_order_with_invalid_questions_in_place(bank: Path) -> None:
    preview = PreviewService(bank, context_dir=MINI).load()
    assert [item.question_id for item in preview.items] == ["p.one", "p.two", "p.three"]
    one, two, three = preview.items
    assert one.question is not None and one.feedback is not None
    assert one.question.options == ["right", "wrong"] and one.question.topic_title == "Alpha one"
    assert one.feedback.key == "a) right" and one.feedback.option_notes == ["right: Because."]
    assert one.feedback.explanation == "One is right."
    assert not two.valid and two.line == 10
    assert [p.message for p in two.problems] == ["answer 'c' is not among the options"]
    assert str(two.problems[0]).startswith(f"{bank}:10:")
    assert three.question is not None and three.question.unit == "items"
    assert three.feedback is not None and three.feedback.key == "3 (± 0.5) items"
    assert preview.file_problems == [] and not preview.ok


def test_every_type_of_the_starter(tmp_path: Path) -> None:
    out = tmp_path / "starter.yaml"
    new_bank(out, "programming")
    preview = PreviewService(out).load()
    assert preview.ok
    assert [item.question.type for item in preview.items if item.question] == [
        "single_choice", "multiple_choice", "true_false", "numeric", "short_text"]
    keys = [item.feedback.key for item in preview.items if item.feedback]
    assert keys == ["a) `set`", "a) tuple; b) frozenset", "False", "4,000 bytes", "len"]
    references = preview.items[0].feedback.references if preview.items[0].feedback else []
    assert references and references[0].url.startswith("https://docs.python.org/")


def test_a_broken_file_reports_its_problem_with_a_position(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("bank: {id: x\nquestions: [\n", encoding="utf-8")
    preview = PreviewService(path, context_dir=MINI).load()
    assert preview.items == []
    assert preview.file_problems and "YAML syntax error" in preview.file_problems[0].message
    assert preview.file_problems[0].line > 1


def test_change_check(bank: Path) -> None:
    service = PreviewService(bank, context_dir=MINI)
    service.load()
    assert not service.changed()
    stat = bank.stat()
    os.utime(bank, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))  # touched, not edited
    assert not service.changed()
    bank.write_text(BANK.replace("First?", "Frist?"), encoding="utf-8")  # same size, new bytes
    os.utime(bank, ns=(stat.st_atime_ns, stat.st_mtime_ns + 9_000_000_000))
    assert service.changed()
    service.load()
    assert not service.changed()
    bank.unlink()
    assert service.changed()


def test_preview_loads_no_database_code(bank: Path) -> None:
    script = ("import sys; from pathlib import Path; from quizengine.services.preview import PreviewService; "
              f"PreviewService(Path({str(bank)!r}), context_dir=Path({str(MINI)!r})).load(); "
              "bad = [m for m in sys.modules if m.startswith(('quizengine.store', 'sqlalchemy', 'alembic'))]; "
              "print(bad); raise SystemExit(1 if bad else 0)")
    completed = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert completed.returncode == 0, completed.stdout + completed.stderr
