"""Shared helpers: the fixtures folder and importing a fixture into a bank validated against the mini taxonomy."""

from __future__ import annotations

from pathlib import Path

from quizengine.bank.interchange.api import import_quiz
from quizengine.bank.interchange.writer import ImportOptions, ImportOutcome
from quizengine.bank.library import Library
from quizengine.bank.loader import load_library
from quizengine.bank.models import AnyQuestion

DATA = Path(__file__).resolve().parents[2] / "data"
FIXTURES = DATA / "interchange"
MINI = DATA / "mini"


def import_fixture(tmp_path: Path, source_format: str, source: Path, **options: object) -> tuple[ImportOutcome,
                                                                                                   Library]:
    out = tmp_path / "imported.yaml"
    settings = ImportOptions(area=str(options.pop("area", "alpha")), context_dir=MINI, **options)  # type: ignore[arg-type]
    outcome = import_quiz(source_format, source, out, settings)
    result = load_library([out], context_dir=MINI)
    assert result.problems == [], [str(p) for p in result.problems]
    return outcome, result.library


def by_stem_start(library: Library) -> dict[str, AnyQuestion]:
    return {question.stem.split()[0] + " " + question.stem.split()[1]: question for question in library.questions}


def skipped_lines(outcome: ImportOutcome) -> dict[int, str]:
    return {note.line: note.message for note in outcome.notes if note.skipped}
