"""Characters in bank text that must never reach a terminal, and how to show them harmlessly.

Bank files are untrusted. A C0/C1 control character starts an escape sequence (colours, cursor moves, OSC 8
links, OSC 52 clipboard writes, window titles); a bidi override makes text read differently from how it is
stored (CVE-2021-42574, "Trojan Source"). The validator reports them with their position; the display layer
neutralises them anyway, so nothing from a bank is ever written to the terminal raw.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

# Newline and tab are ordinary text in stems and code blocks; every other C0 control, DEL and C1 is not.
_CONTROL = "\x00-\x08\x0b-\x1f\x7f\x80-\x9f"
# Bidi embeddings, overrides and isolates, and the Arabic letter mark.
_BIDI = "\u061c\u202a-\u202e\u2066-\u2069"
UNSAFE_CHARACTERS = re.compile(f"[{_CONTROL}{_BIDI}]")


@dataclass(frozen=True, slots=True)
class UnsafeCharacter:
    offset: int  # index into the text
    char: str

    @property
    def description(self) -> str:
        code = f"U+{ord(self.char):04X}"
        name = unicodedata.name(self.char, "")
        if self.char == "\x1b":
            return f"an escape character ({code}, starts terminal escape sequences)"
        if ord(self.char) < 0xA0:
            return f"a control character ({code})"
        return f"a bidirectional-text control ({code} {name})".replace(" )", ")")


def find_unsafe(text: str) -> Iterator[UnsafeCharacter]:
    for match in UNSAFE_CHARACTERS.finditer(text):
        yield UnsafeCharacter(match.start(), match.group())


def _visible(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # the Unicode "control picture", e.g. ␛ for ESC
    if code == 0x7F:
        return "\u2421"  # ␡
    return f"<U+{code:04X}>"


def neutralise(text: str) -> str:
    """`text` with every unsafe character replaced by a visible stand-in (␛, <U+202E>, ...)."""
    return UNSAFE_CHARACTERS.sub(_visible, text)
