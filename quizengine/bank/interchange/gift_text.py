"""GIFT text pieces: escapes, escape-aware splitting and the [html]/[markdown]/[plain]/[moodle] formats.

Every scan walks the text once; an escaped character (`\\~`) is skipped as a pair, so a split never happens
inside an escape.
"""

from __future__ import annotations

from dataclasses import dataclass

from quizengine.bank.interchange.html_markdown import escape_markdown, html_to_markdown, looks_like_html

SPECIAL = "~=#{}:"
ESCAPES = {"~": "~", "=": "=", "#": "#", "{": "{", "}": "}", ":": ":", "\\": "\\", "n": "\n"}
FORMATS = ("html", "moodle", "plain", "markdown")


def unescape(text: str) -> str:
    """GIFT escapes decoded: `\\~ \\= \\# \\{ \\} \\: \\\\` and `\\n` (a new line). Other backslashes are kept."""
    if "\\" not in text:
        return text
    out: list[str] = []
    index = 0
    while index < len(text):
        char = text[index]
        if char == "\\" and index + 1 < len(text) and text[index + 1] in ESCAPES:
            out.append(ESCAPES[text[index + 1]])
            index += 2
            continue
        out.append(char)
        index += 1
    return "".join(out)


def escape(text: str) -> str:
    """Text written so that GIFT reads it back exactly (new lines become `\\n`)."""
    out: list[str] = []
    for char in text:
        if char == "\\" or char in SPECIAL:
            out.append("\\" + char)
        elif char == "\n":
            out.append("\\n")
        else:
            out.append(char)
    return "".join(out)


def find_unescaped(text: str, target: str, start: int = 0) -> int:
    """Index of the first `target` at or after `start` that is not escaped, or -1."""
    index = start
    while True:
        found = text.find(target, index)
        if found < 0:
            return -1
        backslashes = 0
        cursor = found - 1
        while cursor >= start and text[cursor] == "\\":
            backslashes += 1
            cursor -= 1
        if backslashes % 2 == 0:
            return found
        index = found + 1


@dataclass(frozen=True)
class Piece:
    marker: str  # the unescaped character that started it ("" for text before any marker)
    text: str  # raw (still escaped)
    offset: int  # where the piece's text starts in the scanned string


def split_on(text: str, markers: str) -> list[Piece]:
    """`text` cut at every unescaped marker character; each piece remembers its marker."""
    pieces: list[Piece] = []
    current: list[str] = []
    marker, start, index = "", 0, 0
    while index < len(text):
        char = text[index]
        if char == "\\" and index + 1 < len(text):
            current.append(text[index:index + 2])
            index += 2
            continue
        if char in markers:
            pieces.append(Piece(marker, "".join(current), start))
            marker, current, start = char, [], index + 1
        else:
            current.append(char)
        index += 1
    pieces.append(Piece(marker, "".join(current), start))
    return pieces


@dataclass
class Formatted:
    text: str
    images: list[str]


def render(raw: str, text_format: str) -> Formatted:
    """Raw GIFT text (escaped, in `text_format`) as bank Markdown."""
    text = unescape(raw).strip()
    if text_format == "plain":
        return Formatted(escape_markdown(text), [])
    if text_format == "html" or (text_format == "moodle" and looks_like_html(text)):
        converted = html_to_markdown(text)
        return Formatted(converted.text, converted.images)
    return Formatted(text, [])


def split_format(text: str) -> tuple[str, str]:
    """(`[format]` prefix or "moodle", the rest)."""
    stripped = text.lstrip()
    if stripped.startswith("["):
        close = stripped.find("]")
        name = stripped[1:close].lower() if close > 0 else ""
        if name in FORMATS:
            return name, stripped[close + 1:]
    return "moodle", text
