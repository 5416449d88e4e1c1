"""A long history opens at once with its newest page and grows as the learner scrolls to its end."""

from __future__ import annotations

from textual.widgets import DataTable

from quizengine.services.context import ServiceContext
from quizengine.services.quiz import QuizService
from quizengine.services.results import HISTORY_PAGE
from quizengine.tui.app import QuizApp
from quizengine.tui.screens.history import HistoryScreen
from tests.tui.helpers import create_profile, settle

ATTEMPTS = 2 * HISTORY_PAGE + 7


async def test_history_pages_in_as_the_cursor_reaches_the_end(context: ServiceContext) -> None:
    app = QuizApp(context)
    async with app.run_test(size=(100, 30)) as pilot:
        await create_profile(pilot)
        assert app.learner is not None
        quizzes = QuizService(context)
        for seed in range(ATTEMPTS):
            quizzes.start(app.learner.id, "practice", ["alpha"], practice_items=1, seed=seed).finish("ended")
        await pilot.press("h")
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)
        table = app.screen.query_one(DataTable)
        assert table.row_count == HISTORY_PAGE  # the newest page only
        assert table.get_row_at(0)[0].plain == str(ATTEMPTS)  # newest first
        for _ in range(12):  # page down to the end, as a learner would
            await pilot.press("pagedown")
            await settle(pilot)
        assert table.row_count == ATTEMPTS
        assert table.get_row_at(ATTEMPTS - 1)[0].plain == "1"  # the oldest attempt is reachable
