"""NO_COLOR support that survives unstyled segments.

With NO_COLOR set, Textual 8 appends its Monochrome line filter, which reads `style.color` of every segment and so
fails on a segment without a style (textual-plot's canvas yields those): the progress screen would end the app.
This filter does the same conversion and passes unstyled segments through.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.color import Color
from textual.filter import LineFilter, Monochrome, monochrome_style


class UnstyledSafeMonochrome(Monochrome):
    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        return [Segment(text, None if style is None else monochrome_style(style), None)
                for text, style, _ in segments]


def without_unsafe_monochrome(filters: list[LineFilter]) -> list[LineFilter]:
    """The app's line filters with Textual's Monochrome replaced by the unstyled-safe one."""
    return [UnstyledSafeMonochrome(enabled=f.enabled) if type(f) is Monochrome else f for f in filters]
