"""Answer patterns of short_text questions, matched with RE2: linear time, so no pattern can hang grading."""

from __future__ import annotations

import functools
import re
from typing import Any

import re2

# RE2 refuses counts over 1000, but a count past 2**32 wraps around inside it and is accepted: check first.
MAX_REPETITION = 1000
MAX_ECHO = 40
_COUNTED = re.compile(r"\{(\d+)(?:,(\d*))?\}")
_BACKREFERENCE = re.compile(r"\\[1-9]|\(\?P=")
_LOOKAROUND = re.compile(r"invalid perl operator: \(\?<?[=!]")


class PatternError(ValueError):
    """A pattern RE2 cannot use; the message is one line, ready for a Problem."""


def _options(case_sensitive: bool) -> Any:
    options = re2.Options()
    options.log_errors = False  # RE2 would otherwise write its complaint to stderr, over the terminal UI
    options.case_sensitive = case_sensitive
    return options


def _repetition_problem(pattern: str) -> str | None:
    """The first `{m}`, `{m,}` or `{m,n}` count over the limit, outside escapes and character classes."""
    index, in_class = 0, False
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            index += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            index += 1
            if pattern.startswith("^", index):
                index += 1
            if pattern.startswith("]", index):  # a ']' first in a class is a literal
                index += 1
            continue
        elif char == "{" and (counted := _COUNTED.match(pattern, index)):
            for count in counted.groups():
                if count and (len(count.lstrip("0")) > 4 or int(count) > MAX_REPETITION):
                    shown = count if len(count) <= 12 else count[:9] + "..."
                    return f"pattern repeats {shown} times; the limit is {MAX_REPETITION:,}"
        index += 1
    return None


def _explain(error: Exception, pattern: str) -> str:
    detail = error.args[0] if error.args else ""
    text = detail.decode("utf-8", "replace") if isinstance(detail, bytes) else str(detail)
    text = text if len(text) <= MAX_ECHO else text[: MAX_ECHO - 3] + "..."
    if _LOOKAROUND.search(text):
        return (f"pattern uses a feature (lookahead or lookbehind) that is not supported; patterns are matched in "
                f"linear time with RE2 syntax ({text})")
    if text.startswith(("invalid escape sequence", "invalid perl operator")) and _BACKREFERENCE.search(pattern):
        return (f"pattern uses a feature (backreference) that is not supported; patterns are matched in linear "
                f"time with RE2 syntax ({text})")
    if text.endswith("\\Z"):
        return f"pattern is not a valid RE2 regular expression ({text}); write \\z for the end of the text"
    return f"pattern is not a valid RE2 regular expression ({text})"


@functools.lru_cache(maxsize=1024)
def compile_pattern(pattern: str, case_sensitive: bool = False) -> Any:
    """The compiled pattern; raises PatternError with a one-line reason."""
    problem = _repetition_problem(pattern)
    if problem is not None:
        raise PatternError(problem)
    try:
        return re2.compile(pattern, _options(case_sensitive))
    except re2.error as exc:
        raise PatternError(_explain(exc, pattern)) from None


def encodable(text: str) -> str:
    """The text with each lone surrogate as '?' (same length, so offsets hold): RE2 takes UTF-8, and a lone
    surrogate (from a terminal's undecodable bytes, say) has no UTF-8 form."""
    return text.encode("utf-8", "replace").decode("utf-8")


def fullmatches(pattern: str, text: str, case_sensitive: bool = False) -> bool:
    return compile_pattern(pattern, case_sensitive).fullmatch(encodable(text)) is not None
