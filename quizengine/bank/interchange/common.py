"""What every importer and exporter shares: notes by source line, drafts of questions, reading source files.

An importer turns a foreign quiz file into drafts (bank-format question mappings that still lack what the
format cannot say: area, topic, difficulty, an id). `writer.write_bank` fills those in, writes YAML and has the
project's loader validate it. Nothing from a source file is ever executed or fetched.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quizengine.bank.files import FileRefused, read_bank_bytes
from quizengine.bank.text_safety import one_line

MAX_ID_LENGTH = 120


class InterchangeError(Exception):
    """A whole file cannot be imported or exported (unreadable, not text, nothing convertible). One line."""


@dataclass(frozen=True, slots=True)
class Note:
    """A message about one line of a source (import) or one question (export)."""

    path: str
    line: int
    message: str
    skipped: bool = False  # the question was not converted

    def __str__(self) -> str:
        kind = "skipped" if self.skipped else "warning"
        return one_line(f"{self.path}:{self.line}: {kind}: {self.message}")


@dataclass
class Draft:
    """One converted question: bank-format fields plus hints the writer turns into id, topic and tags."""

    line: int
    fields: dict[str, Any]
    title: str | None = None  # a source title or id, made into a stable id
    number: str | None = None  # a question number ("Q12"), made into an id when there is no title
    category: str | None = None  # a source category, mapped to a topic when it names one
    source_id: str | None = None  # an id the source gives explicitly (GIFT `[id:X]`), kept when it is valid


@dataclass
class ParseResult:
    drafts: list[Draft] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)

    def note(self, path: str, line: int, message: str, *, skipped: bool = False) -> None:
        self.notes.append(Note(path, line, message, skipped))


def read_source(path: Path) -> str:
    """The text of a quiz file: a regular file of at most 20 MiB, UTF-8 (a BOM is dropped), no NUL bytes."""
    try:
        raw = read_bank_bytes(path)
    except FileRefused as exc:
        raise InterchangeError(f"{path}:1: {exc}") from None
    if b"\x00" in raw:
        raise InterchangeError(f"{path}:1: file contains binary data (a NUL byte), not text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise InterchangeError(f"{path}:{line}: file is not valid UTF-8; save it as UTF-8") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def slug(text: str, limit: int = 60) -> str:
    """An identifier piece from free text: lower-case ASCII letters and digits joined by '-'."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    words: list[str] = []
    current: list[str] = []
    for char in folded:
        if char.isascii() and char.isalnum():
            current.append(char)
        elif current:
            words.append("".join(current))
            current = []
    if current:
        words.append("".join(current))
    joined = "-".join(words)[:limit].strip("-")
    return joined


def first_line(text: str) -> str:
    return text.strip().split("\n", 1)[0] if text.strip() else ""
