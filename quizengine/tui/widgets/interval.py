"""The score interval bar on the results page: 0-100 scale, the 95% interval, the estimate, the target."""

from __future__ import annotations

from rich.text import Text

BAR_WIDTH = 40


def _column(score: float, width: int) -> int:
    return min(width - 1, max(0, round(score / 100 * (width - 1))))


def interval_bar(score: int, low: int, high: int, target: int | None, width: int = BAR_WIDTH) -> Text:
    """e.g. `├─────═══════●═══════┊──────┤`: ═ the interval, ● the estimate, ┊ where the target level starts."""
    cells = ["─"] * width
    for column in range(_column(low, width), _column(high, width) + 1):
        cells[column] = "═"
    target_column = _column(target, width) if target is not None else None
    if target_column is not None:
        cells[target_column] = "┊"
    estimate_column = _column(score, width)
    cells[estimate_column] = "●"
    text = Text("├")
    for column, cell in enumerate(cells):
        style = "bold" if column == estimate_column else ("yellow" if column == target_column else
                                                           ("cyan" if cell == "═" else "dim"))
        text.append(cell, style=style)
    text.append("┤")
    return text
