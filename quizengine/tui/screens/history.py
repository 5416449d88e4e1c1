"""Past attempts; Enter reopens an attempt's results, or resumes it if unfinished."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header, Static

from quizengine.services.results import HISTORY_PAGE
from quizengine.services.views import AttemptSummary
from quizengine.tui.messages import ResumeAttempt, ShowResults
from quizengine.tui.safe import safe_text
from quizengine.tui.screens.base import BaseScreen


class HistoryScreen(BaseScreen):
    BINDINGS = [Binding("escape", "back", "Back", id="history-back")]

    def __init__(self) -> None:
        super().__init__()
        self.attempts: dict[str, AttemptSummary] = {}
        self.loading_more = False
        self.complete = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Past attempts: Enter opens the results (or resumes an unfinished one)", classes="section",
                     markup=False)
        yield DataTable(id="attempts", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns("#", "Date (UTC)", "Mode", "Areas", "Answered", "Right", "Status")

    def on_screen_resume(self) -> None:
        self.load()  # on first show, and after an attempt resumed from here

    def load(self) -> None:
        self.loading_more = False
        self.complete = False
        self.query_one(DataTable).clear()
        self.attempts = {}
        self._load_page()

    def _load_page(self) -> None:
        """The next page of attempts: a long history opens at once and grows as the cursor reaches its end."""
        learner = self.quiz_app.learner
        assert learner is not None
        reports, offset = self.quiz_app.reports, len(self.attempts)
        self.loading_more = True
        self.background(lambda: reports.history(learner.id, offset, HISTORY_PAGE), self.show,
                        failed=self._page_failed)

    def _page_failed(self) -> None:
        self.loading_more = False

    def show(self, attempts: list[AttemptSummary]) -> None:
        table = self.query_one(DataTable)
        titles = self.quiz_app.context.library
        for attempt in attempts:
            key = str(attempt.id)
            if key in self.attempts:
                continue
            self.attempts[key] = attempt
            names = [safe_text(titles.area_title(area)) for area in attempt.areas]
            areas = "all areas" if len(names) > 3 else ", ".join(names)
            table.add_row(Text(key), Text(attempt.started_at.strftime("%Y-%m-%d %H:%M")), Text(attempt.mode),
                          Text(areas), Text(str(attempt.answered)), Text(str(attempt.correct)), Text(attempt.status),
                          key=key)
        self.loading_more = False
        self.complete = len(attempts) < HISTORY_PAGE
        if not self.attempts:
            self.notify("No attempts yet: start an assessment from the home screen.")
        table.focus()

    @on(DataTable.RowHighlighted)
    def _near_the_end(self, event: DataTable.RowHighlighted) -> None:
        if not self.complete and not self.loading_more and event.cursor_row >= len(self.attempts) - 5:
            self._load_page()

    @on(DataTable.RowSelected)
    def _open(self, event: DataTable.RowSelected) -> None:
        attempt = self.attempts.get(str(event.row_key.value))
        if attempt is None:
            return
        self.post_message(ResumeAttempt(attempt.id) if attempt.status == "active" else ShowResults(attempt.id))

    def action_back(self) -> None:
        self.dismiss()
