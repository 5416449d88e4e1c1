"""Bank Markdown rendered as one static block: far cheaper than a widget per Markdown block, and literal.

Rich's Markdown renderer never interprets console markup, so `[bold]` or `a[1]` in bank text stays text; its
parser is swapped for one that shows raw HTML as text, and control characters are neutralised first.
"""

from __future__ import annotations

from rich.markdown import Markdown as RichMarkdown
from textual.widgets import Static

from quizengine.tui.safe import literal_html_parser, safe_text

CODE_THEME = "monokai"


class LiteralMarkdown(RichMarkdown):
    """Rich Markdown whose raw HTML is text and whose links are never terminal hyperlinks."""

    def __init__(self, markup: str) -> None:
        super().__init__("", code_theme=CODE_THEME, inline_code_theme=CODE_THEME, hyperlinks=False)
        self.markup = markup
        self.parsed = literal_html_parser().parse(markup)


class MarkdownText(Static):
    def __init__(self, markdown: str = "", *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(LiteralMarkdown(safe_text(markdown)), id=id, classes=classes, markup=False)

    def show(self, markdown: str) -> None:
        self.update(LiteralMarkdown(safe_text(markdown)))
