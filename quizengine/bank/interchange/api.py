"""Entry points of import and export, used by `quizengine bank import` and `bank export`."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

from quizengine.bank.areas import read_taxonomy
from quizengine.bank.interchange.aiken import export_aiken, parse_aiken
from quizengine.bank.interchange.common import InterchangeError, Note, ParseResult, read_source
from quizengine.bank.interchange.gift import parse_gift
from quizengine.bank.interchange.gift_export import export_gift
from quizengine.bank.interchange.markdown_export import export_markdown
from quizengine.bank.interchange.markdown_quiz import parse_markdown_quiz
from quizengine.bank.interchange.writer import ImportOptions, ImportOutcome, write_bank
from quizengine.bank.loader import default_bank_dir, load_library

FORMATS = ("gift", "aiken", "markdown")
PARSERS: dict[str, Callable[[str, str], ParseResult]] = {
    "gift": parse_gift, "aiken": parse_aiken, "markdown": parse_markdown_quiz}


def parse_quiz(source_format: str, source: Path) -> ParseResult:
    """Parse a quiz file; raises InterchangeError only when the whole file cannot be read."""
    return PARSERS[source_format](read_source(source), str(source))


def import_quiz(source_format: str, source: Path, out: Path, options: ImportOptions) -> ImportOutcome:
    """Convert `source` and write the questions that validate to `out`; the rest are skipped notes."""
    parsed = parse_quiz(source_format, source)
    if not parsed.drafts:
        skipped = sum(note.skipped for note in parsed.notes)
        raise InterchangeError(f"{source}: no question found to import ({skipped} skipped)"
                               + "".join(f"\n{note}" for note in parsed.notes[:20]))
    taxonomy = read_taxonomy(options.context_dir or default_bank_dir())
    options.source = options.source or str(source)
    return write_bank(parsed.drafts, out, options, taxonomy, parsed.notes)


def export_bank(target_format: str, bank: Path) -> tuple[str, list[Note], int]:
    """The text of `bank` in `target_format`, notes on what could not be written, and the count written."""
    result = load_library([bank])
    if result.problems:
        raise InterchangeError(f"{result.problems[0]} ({len(result.problems)} problem(s); run "
                               "`quizengine bank validate` first)")
    questions = result.library.questions
    if not questions:
        raise InterchangeError(f"{bank}: no bank file with questions")
    name = str(bank)
    if target_format == "gift":
        text, notes = export_gift(questions, name)
    elif target_format == "aiken":
        text, notes = export_aiken(questions, name)
    else:
        title = result.library.banks[0].info.title
        text, notes = export_markdown(questions, name, title, result.library)
    # Exporters number notes by question (0: the bank as a whole); report the question's line in the file.
    lines = [result.library.question_sources[question.id].line for question in questions]
    notes = [dataclasses.replace(note, line=lines[note.line - 1] if note.line >= 1 else 1) for note in notes]
    written = len(questions) - sum(note.skipped for note in notes)
    return text, notes, written
