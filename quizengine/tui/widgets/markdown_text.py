"""Bank Markdown rendered as one static block: far cheaper than a widget per Markdown block, and literal.

Rich's Markdown renderer never interprets console markup, so `[bold]` or `a[1]` in bank text stays text.
"""

from __future__ import annotations

from rich.markdown import Markdown as RichMarkdown
from textual.widgets import Static

CODE_THEME = "monokai"


class MarkdownText(Static):
    def __init__(self, markdown: str = "", *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(self._render_markdown(markdown), id=id, classes=classes, markup=False)

    @staticmethod
    def _render_markdown(markdown: str) -> RichMarkdown:
        return RichMarkdown(markdown, code_theme=CODE_THEME, inline_code_theme=CODE_THEME, hyperlinks=False)

    def show(self, markdown: str) -> None:
        self.update(self._render_markdown(markdown))
