"""Write questions as Moodle GIFT that `gift.parse_gift` (and Moodle) read back.

Each question is one line: `// [id:..] [difficulty:..]` metadata, `::id::[markdown]stem{answers####explanation}`,
with new lines written as `\\n` so code blocks survive. Topics become `$CATEGORY:` lines.
"""

from __future__ import annotations

from quizengine.bank.interchange.common import Note
from quizengine.bank.interchange.gift_text import escape
from quizengine.bank.models import (
    AnyQuestion,
    MultipleChoice,
    Numeric,
    NumericAnswer,
    ShortText,
    SingleChoice,
    TrueFalse,
)


def _weight(value: float) -> str:
    return f"{value:.5f}".rstrip("0").rstrip(".")


def _number(value: float) -> str:
    return repr(float(value))


def _feedback(why: str) -> str:
    return f"#{escape(why)}" if why else ""


def _answer_text(text: str, correct: bool, weight: str = "") -> str:
    """An answer's text after its marker; one starting with '%' gets an explicit weight (100% or 0%), or the
    reader would take its first '%...%' for the weight."""
    if not weight and text.startswith("%"):
        weight = "%100%" if correct else "%0%"
    return f"{weight}{escape(text)}"


def _choices(question: SingleChoice | MultipleChoice) -> str:
    if isinstance(question, SingleChoice):
        return " ".join(f"{'=' if option.correct else '~'}{_answer_text(option.text, option.correct)}"
                        f"{_feedback(option.why)}" for option in question.options)
    right = len(question.correct_indices)
    wrong = len(question.options) - right
    parts = []
    for option in question.options:
        weight = _weight(100 / right) if option.correct else _weight(-100 / wrong)
        parts.append(f"~{_answer_text(option.text, option.correct, f'%{weight}%')}{_feedback(option.why)}")
    return " ".join(parts)


def _numeric(answer: NumericAnswer) -> str:
    if answer.value is None:
        assert answer.min is not None and answer.max is not None
        return f"#{_number(answer.min)}..{_number(answer.max)}"
    tolerance = max(answer.tolerance, abs(answer.value) * answer.relative_tolerance)
    return f"#{_number(answer.value)}:{_number(tolerance)}" if tolerance else f"#{_number(answer.value)}"


def wildcards_from_pattern(pattern: str) -> list[str] | None:
    """The GIFT wildcard answers a pattern written by the importer came from (`^(?:a.*b|c)$`), or None."""
    if not (pattern.startswith("^(?:") and pattern.endswith(")$")):
        return None
    body = pattern[4:-2]
    answers: list[str] = []
    current: list[str] = []
    index = 0
    while index < len(body):
        char = body[index]
        if char == "\\" and index + 1 < len(body) and not body[index + 1].isalnum():
            current.append(body[index + 1])
            index += 2
        elif body.startswith(".*", index):
            current.append("*")
            index += 2
        elif char == "|":
            answers.append("".join(current))
            current = []
            index += 1
        elif char.isalnum() or char == " " or ord(char) > 127:
            current.append(char)
            index += 1
        else:
            return None
    answers.append("".join(current))
    return answers


def _short_text(question: ShortText, path: str, number: int, notes: list[Note]) -> str | None:
    answers = list(question.accepted)
    if question.pattern is not None:
        wildcards = wildcards_from_pattern(question.pattern)
        if wildcards is None:
            if not answers:
                notes.append(Note(path, number, f"{question.id}: its pattern is a regular expression GIFT cannot "
                                                "express (only '*' wildcards)", skipped=True))
                return None
            notes.append(Note(path, number, f"{question.id}: pattern not exported (GIFT has only '*' wildcards); "
                                            "its accepted answers are"))
        else:
            answers += wildcards
    if question.case_sensitive:
        notes.append(Note(path, number, f"{question.id}: GIFT short answers ignore case; case_sensitive is lost"))
    return " ".join(f"={_answer_text(answer, True)}" for answer in answers)


def _answers(question: AnyQuestion, path: str, number: int, notes: list[Note]) -> str | None:
    if isinstance(question, SingleChoice | MultipleChoice):
        return _choices(question)
    if isinstance(question, TrueFalse):
        return "TRUE" if question.answer else "FALSE"
    if isinstance(question, Numeric):
        if question.unit:
            notes.append(Note(path, number, f"{question.id}: GIFT has no unit; '{question.unit}' is not exported"))
        return _numeric(question.answer)
    return _short_text(question, path, number, notes)


def export_gift(questions: list[AnyQuestion], path: str) -> tuple[str, list[Note]]:
    lines: list[str] = []
    notes: list[Note] = []
    topic: str | None = None
    for number, question in enumerate(questions, start=1):
        answers = _answers(question, path, number, notes)
        if answers is None:
            continue
        if question.topic != topic:
            topic = question.topic
            lines += [f"$CATEGORY: {topic}", ""]
        meta = [f"[id:{question.id}]", f"[difficulty:{question.difficulty}]"]
        meta += [f"[tag:{tag}]" for tag in question.tags if "]" not in tag]
        meta += [f"[reference:{reference}]" for reference in question.references if "]" not in reference]
        lines.append("// " + " ".join(meta))
        lines.append(f"::{question.id}::[markdown]{escape(question.stem)}"
                     f"{{{answers}####{escape(question.explanation)}}}")
        lines.append("")
    return "\n".join(lines), notes
