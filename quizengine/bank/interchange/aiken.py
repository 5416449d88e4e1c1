"""Moodle Aiken format (docs.moodle.org/en/Aiken_format): single-answer multiple choice only.

    What does `len("abc")` return?
    A. 2
    B) 3
    ANSWER: B

Options are a capital letter, `.` or `)` and a space; `ANSWER: X` closes the question. Text lines before the
first option are the stem (blank lines inside it are kept, so code blocks survive). HTML in a stem or option is
converted to Markdown; other text, `&` included, is kept as written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from quizengine.bank.interchange.common import Draft, Note, ParseResult
from quizengine.bank.interchange.html_markdown import html_to_markdown, looks_like_html
from quizengine.bank.models import AnyQuestion, SingleChoice

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _option(line: str) -> tuple[str, str] | None:
    """(letter, text) of an option line such as `B) text` or `B. text`."""
    if len(line) >= 3 and line[0] in LETTERS and line[1] in ".)" and line[2] in " \t":
        return line[0], line[3:].strip()
    return None


def _answer(line: str) -> str | None:
    head, colon, rest = line.partition(":")
    return rest.strip() if colon and head.strip().upper() == "ANSWER" else None


def _text(raw: str, line: int, path: str, result: ParseResult) -> str:
    if not looks_like_html(raw):
        return raw
    converted = html_to_markdown(raw)
    for source in converted.images:
        result.note(path, line, f"image {source!r} cannot be shown in a terminal; kept as a link")
    return converted.text


@dataclass
class _Pending:
    line: int
    stem: list[str] = field(default_factory=list)
    options: list[tuple[str, str, int]] = field(default_factory=list)  # letter, text, line


def parse_aiken(text: str, path: str) -> ParseResult:
    result = ParseResult()
    pending: _Pending | None = None
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.rstrip()
        if pending is None:
            if not line.strip():
                continue
            if _option(line) or _answer(line) is not None:
                result.note(path, number, "an option or ANSWER line without a question before it", skipped=True)
                continue
            pending = _Pending(number, [line])
            continue
        option = _option(line)
        answer = _answer(line)
        if answer is not None:
            _finish(pending, answer, number, path, result)
            pending = None
        elif option:
            pending.options.append((*option, number))
        elif pending.options:
            if line.strip():
                result.note(path, number, "expected an option (`A. text`) or `ANSWER: X` after the options "
                            "(is this question's ANSWER line missing?)", skipped=True)
                pending = _Pending(0)  # swallow the rest of this question up to its ANSWER line
        elif pending.line:
            pending.stem.append(line)
    if pending is not None and pending.line:
        result.note(path, pending.line, "question has no `ANSWER:` line", skipped=True)
    return result


def _finish(pending: _Pending, answer: str, line: int, path: str, result: ParseResult) -> None:
    if not pending.line:
        return  # already reported
    letters = [letter for letter, _, _ in pending.options]
    if len(pending.options) < 2:
        result.note(path, pending.line, f"question has {len(pending.options)} option(s); at least 2 are needed",
                    skipped=True)
        return
    if len(answer) != 1 or answer.upper() not in LETTERS:
        result.note(path, line, f"ANSWER must be one option letter, got {answer[:20]!r}", skipped=True)
        return
    if answer.upper() not in letters:
        result.note(path, line, f"ANSWER {answer!r} is not among the options ({', '.join(letters)})", skipped=True)
        return
    if len(set(letters)) != len(letters):
        result.note(path, pending.line, "two options have the same letter", skipped=True)
        return
    options = [{"text": _text(text, option_line, path, result), "correct": letter == answer.upper()}
               for letter, text, option_line in pending.options]
    stem = _text("\n".join(pending.stem).strip(), pending.line, path, result)
    fields: dict[str, Any] = {"type": "single_choice", "stem": stem, "options": options}
    result.drafts.append(Draft(pending.line, fields))


def export_aiken(questions: list[AnyQuestion], path: str) -> tuple[str, list[Note]]:
    """The questions as Aiken text; questions Aiken cannot hold are notes."""
    blocks: list[str] = []
    notes: list[Note] = []
    for number, question in enumerate(questions, start=1):
        if not isinstance(question, SingleChoice):
            notes.append(Note(path, number, f"{question.id}: a {question.type} question; Aiken holds only "
                                            "single-answer multiple choice", skipped=True))
            continue
        problem = _unwritable(question)
        if problem:
            notes.append(Note(path, number, f"{question.id}: {problem}", skipped=True))
            continue
        lines = [question.stem.strip()]
        lines += [f"{LETTERS[index]}. {option.text}" for index, option in enumerate(question.options)]
        lines.append(f"ANSWER: {LETTERS[question.correct_indices[0]]}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n" if blocks else "", notes


def _unwritable(question: SingleChoice) -> str | None:
    stem_lines = question.stem.strip().split("\n")
    if any(_option(line.rstrip()) or _answer(line) is not None for line in stem_lines):
        return "a stem line would read as an option or ANSWER line"
    if any("\n" in option.text for option in question.options):
        return "an option spans several lines; Aiken options are one line each"
    if looks_like_html(question.stem) or any(looks_like_html(option.text) for option in question.options):
        return "its text holds an HTML tag, which Aiken readers (Moodle, this importer) render as HTML"
    return None
