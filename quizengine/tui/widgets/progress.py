"""Per-area progress during an attempt: how precise each estimate is so far."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from quizengine.services.views import AreaProgress

BAR_WIDTH = 10


def precision_bar(fraction: float, width: int = BAR_WIDTH) -> str:
    filled = round(max(0.0, min(1.0, fraction)) * width)
    return "█" * filled + "░" * (width - filled)


def progress_text(progress: list[AreaProgress], current_area: str, practice: bool) -> Text:
    text = Text()
    text.append("Progress per area\n", style="bold")
    for row in progress:
        marker = "▶ " if row.area == current_area else "  "
        title = row.title if len(row.title) <= 22 else row.title[:21] + "…"
        style = "bold" if row.area == current_area else ""
        text.append(f"{marker}{title}\n", style=style)
        if practice:
            text.append(f"    {row.n_items} answered\n", style="dim")
        else:
            status = "done" if row.done else f"{row.n_items} q"
            text.append(f"    {precision_bar(row.precision)} {status}\n", style="green" if row.done else "")
    return text


def progress_line(progress: list[AreaProgress], current_area: str) -> Text:
    """One-line summary for narrow terminals."""
    done = sum(1 for row in progress if row.done)
    current = next((row for row in progress if row.area == current_area), None)
    text = Text(f"{done}/{len(progress)} areas done")
    if current is not None:
        text.append(f" · {current.title}: {precision_bar(current.precision, 8)}")
    return text


class ProgressPanel(Static):
    def show(self, progress: list[AreaProgress], current_area: str, practice: bool) -> None:
        self.update(progress_text(progress, current_area, practice))
