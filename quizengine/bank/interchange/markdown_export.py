"""Write questions as a Markdown skill-assessment quiz that `markdown_quiz.parse_markdown_quiz` reads back.

Choice questions and true/false (as the options True and False) fit the format; numeric and short-text
questions do not, and are reported. Per-option feedback (`why`) has no place in it and is counted in one note.
"""

from __future__ import annotations

from quizengine.bank.interchange.common import Note
from quizengine.bank.interchange.markdown_quiz import is_fence, option_line, question_heading, reference_line
from quizengine.bank.library import Library
from quizengine.bank.models import AnyQuestion, ChoiceQuestion, TrueFalse


def _unsafe_lines(text: str) -> bool:
    """A line outside code that the reader would take for a heading, an option or a reference, or a code fence
    left open (everything after it would be code)."""
    in_fence = False
    for line in text.split("\n"):
        if is_fence(line):
            in_fence = not in_fence
        elif not in_fence and (line.lstrip().startswith("#") or option_line(line) or reference_line(line)
                               or question_heading(line)):
            return True
    return in_fence


def _trailing_space(text: str) -> bool:
    """A line ending in spaces or tabs: Markdown readers (ours included) drop them, so the text would change."""
    return any(line != line.rstrip() for line in text.strip().split("\n"))


def _indented_continuation(text: str) -> bool:
    """An option whose continuation lines are all indented: the reader dedents an option's continuation lines by
    their common indentation (so code keeps its shape), which would take that indentation away."""
    rest = [line for line in text.split("\n")[1:] if line.strip()]
    return bool(rest) and min(len(line) - len(line.lstrip()) for line in rest) > 0


def _reference_url(reference: str, library: Library | None) -> str | None:
    if reference.startswith(("http://", "https://")):
        return reference
    resource = library.resources.get(reference) if library else None
    return resource.url if resource else None


def _options(question: AnyQuestion) -> list[tuple[bool, str]] | None:
    if isinstance(question, ChoiceQuestion):
        return [(option.correct, option.text) for option in question.options]
    if isinstance(question, TrueFalse):
        return [(question.answer, "True"), (not question.answer, "False")]
    return None


def _option_lines(correct: bool, text: str) -> list[str]:
    first, *rest = text.split("\n")
    return [f"- [{'x' if correct else ' '}] {first}", *(f"  {line}" if line else "" for line in rest)]


def export_markdown(questions: list[AnyQuestion], path: str, title: str,
                    library: Library | None = None) -> tuple[str, list[Note]]:
    lines = [f"## {title}", ""]
    notes: list[Note] = []
    dropped_whys = 0
    written = 0
    for number, question in enumerate(questions, start=1):
        options = _options(question)
        if options is None:
            notes.append(Note(path, number, f"{question.id}: a {question.type} question; Markdown quizzes hold only "
                                            "checkbox options", skipped=True))
            continue
        if _unsafe_lines(question.stem) or _unsafe_lines(question.explanation) or any(
                _unsafe_lines(text) for _, text in options):
            notes.append(Note(path, number, f"{question.id}: a line outside code would read as a heading, option "
                                            "or reference", skipped=True))
            continue
        if any(_trailing_space(text) for text in (question.stem, question.explanation, *(t for _, t in options))):
            notes.append(Note(path, number, f"{question.id}: a line ends in spaces, which Markdown would drop",
                              skipped=True))
            continue
        if any(_indented_continuation(text) for _, text in options):
            notes.append(Note(path, number, f"{question.id}: an option's later lines are all indented, which the "
                                            "Markdown reader would take as the list's indentation", skipped=True))
            continue
        written += 1
        first, _, rest = question.stem.strip().partition("\n")
        if is_fence(first):  # the heading cannot hold code: the whole stem goes under an empty heading
            first, rest = "", question.stem.strip()
        lines.append(f"#### Q{written}. {first}".rstrip())
        if rest:
            lines += [*rest.split("\n"), ""]
        else:
            lines.append("")
        for correct, text in options:
            lines += _option_lines(correct, text)
        lines += ["", f"**Explanation:** {question.explanation.strip()}", ""]
        for reference in question.references:
            url = _reference_url(reference, library)
            if url:
                lines += [f"[Reference]({url})", ""]
        if isinstance(question, ChoiceQuestion):
            dropped_whys += sum(bool(option.why) for option in question.options)
    if dropped_whys:
        notes.append(Note(path, 0, f"{dropped_whys} per-option feedback text(s) (why) not exported: the Markdown "
                                   "quiz format has no place for them"))
    return "\n".join(lines), notes
