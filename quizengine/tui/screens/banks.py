"""The loaded banks: areas, their topics and question counts by type."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Header, Static

from quizengine.services.views import AreaView
from quizengine.tui.safe import safe_view
from quizengine.tui.screens.base import BaseScreen


def area_summary(area: AreaView) -> Text:
    text = Text()
    text.append(f"{area.title}", style="bold")
    text.append(f"  {area.question_count} questions\n")
    text.append(f"  {area.description}\n", style="dim")
    types = ", ".join(f"{kind.replace('_', ' ')} {count}" for kind, count in sorted(area.counts_by_type.items()))
    text.append(f"  Types: {types or 'none'}\n")
    text.append("  Topics: " + ", ".join(title for _, title in area.topics) + "\n")
    return text


class BanksScreen(BaseScreen):
    BINDINGS = [Binding("escape", "back", "Back", id="banks-back")]

    def compose(self) -> ComposeResult:
        catalog = safe_view(self.quiz_app.reports.catalog())
        total = sum(area.question_count for area in catalog)
        library = self.quiz_app.context.library
        yield Header()
        with VerticalScroll(id="banks-scroll"):
            yield Static(f"{total} questions in {len(catalog)} areas · {len(library.resources)} resources · "
                         f"{len(library.roles)} target roles", classes="section", markup=False)
            for area in catalog:
                yield Static(area_summary(area), classes="area-summary")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#banks-scroll").focus()

    def action_back(self) -> None:
        self.dismiss()
