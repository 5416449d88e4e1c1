"""Characters in bank text that must never reach a terminal, and how to show them harmlessly.

Bank files are untrusted. A C0/C1 control character starts an escape sequence (colours, cursor moves, OSC 8
links, OSC 52 clipboard writes, window titles); a bidi override makes text read differently from how it is
stored (CVE-2021-42574, "Trojan Source"). The validator reports them with their position; the display layer
neutralises them anyway, so nothing from a bank is ever written to the terminal raw.

Invisible characters (zero-width spaces, joiners, soft hyphens, variation selectors, ...) are harmless to a
terminal but make two different texts look identical, so option checks look through them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass


def _character_class(ranges: tuple[tuple[int, int], ...]) -> str:
    """A regex character-class body with \\u escapes: the same text works in Python's re and pydantic's Rust regex
    (and in the JSON Schema patterns exported for editors)."""
    parts = []
    for low, high in ranges:
        parts.append(f"\\u{low:04X}" if low == high else f"\\u{low:04X}-\\u{high:04X}")
    return "".join(parts)


# Newline and tab are ordinary text in stems and code blocks; every other C0 control, DEL and C1 is not.
# Then the bidi embeddings, overrides and isolates, and the Arabic letter mark.
_UNSAFE_RANGES = ((0x00, 0x08), (0x0B, 0x1F), (0x7F, 0x9F), (0x061C, 0x061C), (0x202A, 0x202E), (0x2066, 0x2069))
UNSAFE_CLASS = _character_class(_UNSAFE_RANGES)
UNSAFE_CHARACTERS = re.compile(f"[{UNSAFE_CLASS}]")

# Characters that render as nothing: soft hyphen, combining grapheme joiner, Hangul fillers, Khmer inherent
# vowels, Mongolian selectors, zero-width space/joiners and marks, word joiner and invisible operators,
# variation selectors, the byte-order mark. The astral ones (tags, musical formatting) are only in the regex.
_INVISIBLE_BMP_RANGES = (
    (0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x115F, 0x1160), (0x17B4, 0x17B5), (0x180B, 0x180F),
    (0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x206F), (0x3164, 0x3164), (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0),
)
INVISIBLE_BMP_CLASS = _character_class(_INVISIBLE_BMP_RANGES)
INVISIBLE_CHARACTERS = re.compile(
    f"[{INVISIBLE_BMP_CLASS}\\U0001BCA0-\\U0001BCA3\\U0001D173-\\U0001D17A\\U000E0000-\\U000E0FFF]")


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


_LINE_BREAKS = re.compile("[\n\r\u2028\u2029]")


def one_line(text: str) -> str:
    """`text` neutralised and on one line: for error messages, which echo pieces of untrusted input."""
    return _LINE_BREAKS.sub("\u2424", neutralise(text))  # ␤


def strip_invisible(text: str) -> str:
    return INVISIBLE_CHARACTERS.sub("", text)


def clip(text: str, limit: int = 40) -> str:
    """`text` cut to `limit` characters with an ellipsis: messages echo keys and values, never a whole input."""
    return text if len(text) <= limit else text[: limit - 3] + "..."
