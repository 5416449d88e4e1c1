"""Import Moodle GIFT files (docs.moodle.org/en/GIFT_format) into bank drafts.

Questions are separated by blank lines; `//` lines are comments, and `// [id:X] [tag:Y]` comments name the
next question's id and tags (quizengine also reads `[difficulty:N]` and `[reference:URL]`, which it writes on
export). `$CATEGORY:` sets the topic of the questions after it. What the bank format cannot hold (essay,
matching, description items, partial-credit short answers) is reported by line and skipped.
"""

from __future__ import annotations

import bisect
import math
from dataclasses import dataclass, field
from typing import Any

from quizengine.bank.interchange.common import Draft, ParseResult
from quizengine.bank.interchange.gift_text import (
    Formatted,
    Piece,
    find_unescaped,
    render,
    split_format,
    split_on,
    unescape,
)

BLANK = "\\_\\_\\_\\_\\_"  # a missing word, escaped so Markdown shows underscores
_BLANK_MARK = "\ue000"  # stands for the blank while the text is converted (formats would escape BLANK)
TRUE_WORDS = {"t": True, "true": True, "f": False, "false": False}


class Skip(Exception):
    """The question cannot be converted; the message says why (and the offset, when known, where)."""

    def __init__(self, message: str, offset: int = 0) -> None:
        super().__init__(message)
        self.offset = offset


@dataclass
class _Block:
    line: int
    lines: list[str] = field(default_factory=list)
    meta: dict[str, list[str]] = field(default_factory=dict)
    _text: str | None = None
    _newlines: list[int] = field(default_factory=list)

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = "\n".join(self.lines)
            self._newlines = [index for index, char in enumerate(self._text) if char == "\n"]
        return self._text

    def line_of(self, offset: int) -> int:
        """The file line of an offset into `text` (a binary search: notes on every answer stay linear)."""
        _ = self.text
        return self.line + bisect.bisect_left(self._newlines, max(0, offset))

    def drop_first_line(self) -> None:
        self.lines = self.lines[1:]
        self.line += 1
        self._text = None


def _read_meta(comment: str, meta: dict[str, list[str]]) -> None:
    """`[key:value]` pairs of a comment line."""
    index = 0
    while True:
        start = comment.find("[", index)
        end = comment.find("]", start + 1) if start >= 0 else -1
        if end < 0:
            return
        key, colon, value = comment[start + 1:end].partition(":")
        if colon and key.strip().lower() in ("id", "tag", "difficulty", "reference"):
            meta.setdefault(key.strip().lower(), []).append(value.strip())
        index = end + 1


def _blocks(text: str) -> list[_Block]:
    blocks: list[_Block] = []
    current: _Block | None = None
    meta: dict[str, list[str]] = {}
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        if stripped.startswith("//"):
            _read_meta(stripped, meta if current is None else current.meta)
            continue
        if not stripped:
            if current is not None:
                blocks.append(current)
                current = None
            continue
        if current is None:
            current, meta = _Block(number, meta=meta), {}
        current.lines.append(line)
    if current is not None:
        blocks.append(current)
    return blocks


def parse_gift(text: str, path: str) -> ParseResult:
    result = ParseResult()
    category: str | None = None
    for block in _blocks(text):
        if block.lines[0].lstrip().startswith("$CATEGORY:"):
            category = block.lines[0].split(":", 1)[1].strip() or None
            block.drop_first_line()
            if not block.lines:
                continue
        try:
            draft = _question(block, path, result)
        except Skip as exc:
            result.note(path, block.line_of(exc.offset), str(exc), skipped=True)
            continue
        draft.category = category
        result.drafts.append(draft)
    return result


def _question(block: _Block, path: str, result: ParseResult) -> Draft:
    text = block.text
    title: str | None = None
    body_start = 0
    if text.lstrip().startswith("::"):
        opening = text.find("::")
        closing = find_unescaped(text, "::", opening + 2)
        if closing < 0:
            raise Skip("a '::' title is not closed", opening)
        title = unescape(text[opening + 2:closing]).strip() or None
        body_start = closing + 2
    text_format, body = split_format(text[body_start:])
    body_start = len(text) - len(body)
    opening = find_unescaped(text, "{", body_start)
    if opening < 0:
        raise Skip("no answer block {...}: a description item, not a question")
    closing = find_unescaped(text, "}", opening + 1)
    if closing < 0:
        raise Skip("the answer block '{' is never closed", opening)
    if find_unescaped(text, "{", closing + 1) >= 0:
        raise Skip("more than one answer block (embedded-answer/cloze questions are not supported)", closing + 1)
    before, after = text[body_start:opening], text[closing + 1:]
    stem_raw = f"{before.rstrip()} {_BLANK_MARK} {after.lstrip()}" if after.strip() else before
    stem = render(stem_raw, text_format)
    if not stem.text.strip():
        raise Skip("the question has no text", body_start)
    fields = _answers(text[opening + 1:closing], opening + 1, text_format, block, path, result)
    fields["stem"] = stem.text.replace(_BLANK_MARK, BLANK)
    _flag_images(stem, block.line, path, result)
    meta = block.meta
    if meta.get("tag"):
        fields["tags"] = [tag for tag in meta["tag"] if tag]
    if meta.get("reference"):
        fields["references"] = [ref for ref in meta["reference"] if ref]
    difficulty = (meta.get("difficulty") or [""])[0]
    if difficulty.isdigit():
        fields["difficulty"] = int(difficulty)
    explicit_id = meta["id"][0] if meta.get("id") else None
    return Draft(block.line, fields, title=title, source_id=explicit_id)


def _flag_images(formatted: Formatted, line: int, path: str, result: ParseResult) -> None:
    for source in formatted.images:
        result.note(path, line, f"image {source!r} cannot be shown in a terminal; kept as a link")


def _answers(raw: str, offset: int, text_format: str, block: _Block, path: str,
             result: ParseResult) -> dict[str, Any]:
    general_at = find_unescaped(raw, "####")
    explanation = render(raw[general_at + 4:], text_format).text if general_at >= 0 else ""
    content = raw[:general_at] if general_at >= 0 else raw
    fields: dict[str, Any]
    if not content.strip():
        raise Skip("an essay question (empty answer block) has no answer to grade; not supported", offset)
    stripped = content.strip()
    if stripped.startswith("#"):
        fields = _numeric(stripped[1:], offset, block, path, result)
    elif stripped.split("#", 1)[0].strip().lower() in TRUE_WORDS:
        pieces = split_on(stripped, "#")
        fields = {"type": "true_false", "answer": TRUE_WORDS[pieces[0].text.strip().lower()]}
        if not explanation and len(pieces) > 2:  # {T#wrong-answer feedback#right-answer feedback}
            explanation = render(pieces[2].text, text_format).text
    else:
        fields = _choices(content, offset, text_format, block, path, result)
    if explanation:
        fields["explanation"] = explanation
    return fields


@dataclass
class _Answer:
    correct_marker: bool
    weight: float | None
    text: str
    feedback: str
    offset: int


def _weighted(piece: Piece, offset: int) -> _Answer:
    text_and_feedback = split_on(piece.text, "#")
    text = text_and_feedback[0].text
    feedback = "#".join(p.text for p in text_and_feedback[1:])
    weight: float | None = None
    stripped = text.lstrip()
    if stripped.startswith("%"):
        end = stripped.find("%", 1)
        if end < 0:
            raise Skip("a '%weight%' is not closed", offset + piece.offset)
        weight = _number(stripped[1:end], offset + piece.offset)
        if not -100 <= weight <= 100:
            raise Skip(f"weight {stripped[1:end]}% is outside -100..100", offset + piece.offset)
        text = stripped[end + 1:]
    return _Answer(piece.marker == "=", weight, text, feedback, offset + piece.offset)


def _number(text: str, offset: int) -> float:
    try:
        value = float(text.strip())
    except ValueError:
        raise Skip(f"expected a number, got {text.strip()[:20]!r}", offset) from None
    if not math.isfinite(value):
        raise Skip(f"expected a finite number, got {text.strip()[:20]!r}", offset)
    return value


def _choices(content: str, offset: int, text_format: str, block: _Block, path: str,
             result: ParseResult) -> dict[str, Any]:
    pieces = split_on(content, "=~")
    if pieces[0].text.strip():
        raise Skip("answers must start with '=' (right) or '~' (wrong)", offset)
    answers = [_weighted(piece, offset) for piece in pieces[1:]]
    if any(find_unescaped(answer.text, "->") >= 0 for answer in answers) and all(a.correct_marker for a in answers):
        raise Skip("a matching question (pairs with '->') is not supported", offset)
    if all(answer.correct_marker for answer in answers):
        return _short_answer(answers, text_format, block, path, result)
    options: list[dict[str, Any]] = []
    weights: set[float] = set()
    for answer in answers:
        text = render(answer.text, text_format)
        _flag_images(text, block.line_of(answer.offset), path, result)
        correct = answer.weight > 0 if answer.weight is not None else answer.correct_marker
        if correct:
            weights.add(answer.weight if answer.weight is not None else 100.0)
        option: dict[str, Any] = {"text": text.text, "correct": correct}
        if answer.feedback.strip():
            option["why"] = render(answer.feedback, text_format).text
        options.append(option)
    correct_count = sum(option["correct"] for option in options)
    if correct_count == 1 and weights == {100.0}:
        return {"type": "single_choice", "options": options}
    if len(weights) > 1:
        shown = ", ".join(f"{weight:g}%" for weight in sorted(weights))
        result.note(path, block.line,
                    f"unequal weights ({shown}) become one set of correct options scored with quizengine's "
                    "partial credit")
    return {"type": "multiple_choice", "options": options}


def _short_answer(answers: list[_Answer], text_format: str, block: _Block, path: str,
                  result: ParseResult) -> dict[str, Any]:
    accepted: list[str] = []
    wildcards: list[str] = []
    for answer in answers:
        text = unescape(answer.text).strip()
        if answer.weight is not None and answer.weight < 100:
            result.note(path, block.line_of(answer.offset),
                        f"answer {text[:40]!r} earns {answer.weight:g}%: partial credit is not supported, dropped")
            continue
        if answer.feedback.strip():
            result.note(path, block.line_of(answer.offset), "feedback on a short answer is not kept")
        (wildcards if "*" in text else accepted).append(text)
    if not accepted and not wildcards:
        raise Skip("no fully right answer", answers[0].offset if answers else 0)
    fields: dict[str, Any] = {"type": "short_text"}
    if accepted:
        fields["accepted"] = accepted
    if wildcards:
        fields["pattern"] = wildcard_pattern(wildcards)
    return fields


def wildcard_pattern(answers: list[str]) -> str:
    """GIFT `*` wildcards as one anchored RE2 pattern: every other character matched literally."""
    alternatives = []
    for answer in answers:
        literal_parts = [_re2_escape(part) for part in answer.split("*")]
        alternatives.append(".*".join(literal_parts))
    return "^(?:" + "|".join(alternatives) + ")$"


def _re2_escape(text: str) -> str:
    return "".join("\\" + char if not (char.isalnum() or char == " " or ord(char) > 127) else char for char in text)


def _numeric(content: str, offset: int, block: _Block, path: str, result: ParseResult) -> dict[str, Any]:
    stripped = content.strip()
    if not stripped.startswith("="):
        answer = _numeric_answer(split_on(stripped, "#")[0].text, offset)
        return {"type": "numeric", "answer": answer}
    full: list[dict[str, float]] = []
    for piece in split_on(stripped, "=")[1:]:
        weighted = _weighted(piece, offset)
        answer = _numeric_answer(weighted.text, weighted.offset)
        if weighted.weight is not None and weighted.weight < 100:
            result.note(path, block.line_of(weighted.offset),
                        f"numeric answer {weighted.text.strip()[:30]!r} earns {weighted.weight:g}%: partial credit "
                        "is not supported, dropped")
            continue
        full.append(answer)
    if not full:
        raise Skip("no fully right numeric answer", offset)
    if len(full) > 1:
        result.note(path, block.line, f"{len(full)} fully right numeric answers: only the first is kept")
    return {"type": "numeric", "answer": full[0]}


def _numeric_answer(text: str, offset: int) -> dict[str, float]:
    value = unescape(text).strip()
    if ".." in value:
        low, high = value.split("..", 1)
        minimum, maximum = _number(low, offset), _number(high, offset)
        if minimum > maximum:
            raise Skip(f"numeric range {value[:40]!r} has min > max", offset)
        return {"min": minimum, "max": maximum}
    number, colon, tolerance = value.partition(":")
    answer = {"value": _number(number, offset)}
    if colon:
        answer["tolerance"] = abs(_number(tolerance, offset))
    return answer
