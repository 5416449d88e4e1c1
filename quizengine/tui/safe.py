"""The display layer's guard for bank text: whatever the validator let through, no control character, escape
sequence or bidi control from a bank reaches the terminal, and HTML-like text is shown, never swallowed.

Views arrive from the services as plain dataclasses; `safe_view` neutralises every string in them on the way
into a screen, so a widget never holds raw bank text.
"""

from __future__ import annotations

import dataclasses
from typing import Any, TypeVar

from markdown_it import MarkdownIt

from quizengine.services.display import display_text as neutralise

T = TypeVar("T")


def safe_text(text: str) -> str:
    return neutralise(text)


def safe_view(value: T) -> T:
    """`value` with every string inside it (dataclass fields, lists, tuples, dicts) neutralised."""
    return _clean(value)  # type: ignore[no-any-return]


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return neutralise(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: _clean(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return dataclasses.replace(value, **changes)
    if isinstance(value, list):
        return [_clean(item) for item in value]
    if isinstance(value, tuple):
        return tuple(_clean(item) for item in value)
    if isinstance(value, dict):
        return {_clean(key): _clean(item) for key, item in value.items()}
    return value


def literal_html_parser() -> MarkdownIt:
    """Markdown as banks use it (GitHub-like), with raw HTML shown as text: `List<int>` or `<br>` in a stem is
    content, and a renderer that drops HTML would silently change the question. Link reference definitions
    are off too: a `[name]: url` line would otherwise vanish from the question."""
    return MarkdownIt("gfm-like", {"html": False, "linkify": False}).disable("reference")
