"""Markdown quizzes in the widespread "skill assessment" style:

    #### Q1. What does this print?

    ```python
    print(len("abc"))
    ```

    - [ ] 2
    - [x] 3

    [Reference](https://docs.python.org/3/library/functions.html#len)

A heading starting with a question number opens a question; `- [ ]`/`- [x]` lines are its options (one `[x]`:
single choice, several: multiple choice, exactly True/False: true/false). Fenced code is kept exactly, in stems
and options (an option's indented continuation lines belong to it). `[Reference](url)` lines become references;
`**Explanation:**` or other text after the options becomes the explanation. Images are reported by line and
kept as links; a repeated question number gets a unique id.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from quizengine.bank.interchange.common import Draft, ParseResult

_FENCES = ("```", "~~~")


def question_heading(line: str) -> tuple[str, str] | None:
    """(number, text) of a heading such as `#### Q12. text`, `### 3) text` or `## Question 4: text`."""
    stripped = line.lstrip()
    level = len(stripped) - len(stripped.lstrip("#"))
    if not 1 <= level <= 6 or not stripped[level:level + 1].isspace():
        return None
    rest = stripped[level:].strip()
    for prefix in ("question", "q"):
        if rest[:len(prefix)].lower() == prefix:
            rest = rest[len(prefix):].lstrip()
            break
    digits = len(rest) - len(rest.lstrip("0123456789"))
    if not digits:
        return None
    number, rest = rest[:digits], rest[digits:]
    if rest[:1] in (".", ")", ":"):
        rest = rest[1:]
    elif rest[:1] and not rest[:1].isspace():
        return None
    return number, rest.strip()


def option_line(line: str) -> tuple[bool, str] | None:
    stripped = line.lstrip()
    if len(line) - len(stripped) > 3 or stripped[:2] not in ("- ", "* ", "+ "):
        return None
    box = stripped[2:5]
    if box not in ("[ ]", "[x]", "[X]"):
        return None
    return box != "[ ]", stripped[5:].strip()


def reference_line(line: str) -> str | None:
    stripped = line.strip()
    if stripped.startswith("[") and "](" in stripped and stripped.endswith(")"):
        label, _, url = stripped[1:-1].partition("](")
        if label.strip().lower().startswith(("reference", "source", "docs", "link")) and url.startswith("http"):
            return url.strip()
    return None


def is_fence(line: str) -> bool:
    return line.lstrip().startswith(_FENCES)


@dataclass
class _Question:
    line: int
    number: str
    stem: list[str]
    options: list[tuple[bool, list[str], int]] = field(default_factory=list)  # correct, lines, line number
    after: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)


def _dedent(lines: list[str]) -> list[str]:
    widths = [len(line) - len(line.lstrip()) for line in lines if line.strip()]
    cut = min(widths, default=0)
    return [line[cut:] for line in lines]


def _trimmed(lines: list[str]) -> str:
    return "\n".join(line.rstrip() for line in lines).strip("\n").strip()


def _collect(text: str) -> list[_Question]:
    questions: list[_Question] = []
    current: _Question | None = None
    in_fence = False
    for number, line in enumerate(text.split("\n"), start=1):
        heading = None if in_fence else question_heading(line)
        if heading:
            current = _Question(number, heading[0], [heading[1]])
            questions.append(current)
            continue
        if current is None:
            continue
        if not in_fence and line.lstrip().startswith("#"):
            current = None  # a section heading ends the question
            continue
        option = None if in_fence else option_line(line)
        if option and not current.after:
            current.options.append((option[0], [option[1]], number))
        elif current.options and not current.after and (in_fence or not line.strip() or line[:2].isspace()
                                                        or is_fence(line)):
            current.options[-1][1].append(line)  # the option's continuation (indented text, code, blank)
        elif current.options:
            reference = None if in_fence else reference_line(line)
            if reference:
                current.references.append(reference)
            else:
                current.after.append(line)
        else:
            current.stem.append(line)
        if is_fence(line):
            in_fence = not in_fence
    return questions


def _flag_images(text: str, line: int, path: str, result: ParseResult) -> str:
    """`![alt](src)` becomes the visible link `[image: alt](src)`, reported: a terminal cannot show images."""
    out: list[str] = []
    index = 0
    while (start := text.find("![", index)) >= 0:
        middle = text.find("](", start)
        end = text.find(")", middle) if middle >= 0 else -1
        if end < 0:
            break
        source = text[middle + 2:end]
        result.note(path, line, f"image {source[:80]!r} cannot be shown in a terminal; kept as a link")
        out.append(text[index:start] + f"[image: {text[start + 2:middle]}]({source})")
        index = end + 1
    out.append(text[index:])
    return "".join(out)


def _explanation(lines: list[str]) -> str:
    text = _trimmed(lines)
    for label in ("**Explanation:**", "**Explanation**:", "Explanation:", "**Answer:**", "Answer:"):
        if text.startswith(label):
            return text[len(label):].strip()
    return text


def parse_markdown_quiz(text: str, path: str) -> ParseResult:
    result = ParseResult()
    for question in _collect(text):
        stem = _flag_images(_trimmed(question.stem), question.line, path, result)
        if not question.options:
            result.note(path, question.line, "question has no `- [ ]`/`- [x]` options", skipped=True)
            continue
        options: list[dict[str, Any]] = []
        for correct, lines, line in question.options:
            option_text = _trimmed([lines[0], *_dedent(lines[1:])])
            options.append({"text": _flag_images(option_text, line, path, result), "correct": correct})
        correct_count = sum(option["correct"] for option in options)
        if correct_count == 0:
            result.note(path, question.line, "no option is marked `[x]`", skipped=True)
            continue
        fields: dict[str, Any] = {"stem": stem}
        texts = [option["text"] for option in options]
        if texts in (["True", "False"], ["False", "True"]) and correct_count == 1:
            fields.update(type="true_false", answer=options[texts.index("True")]["correct"])
        else:
            fields.update(type="single_choice" if correct_count == 1 else "multiple_choice", options=options)
        explanation = _flag_images(_explanation(question.after), question.line, path, result)
        if explanation:
            fields["explanation"] = explanation
        if question.references:
            fields["references"] = question.references
        result.drafts.append(Draft(question.line, fields, number=f"q{question.number}"))
    return result
