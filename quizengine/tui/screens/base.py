"""Shared screen behaviour: run blocking service calls in a thread and hand results back to the UI."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from sqlalchemy.exc import SQLAlchemyError
from textual.screen import Screen

from quizengine.services.learners import ProfileError
from quizengine.services.quiz import QuizError
from quizengine.tui.errors import ErrorScreen, database_message, log_error, one_line
from quizengine.tui.safe import safe_text, safe_view

if TYPE_CHECKING:
    from quizengine.tui.app import QuizApp

T = TypeVar("T")
EXPECTED_ERRORS = (QuizError, ProfileError)


class BaseScreen(Screen[None]):
    @property
    def quiz_app(self) -> QuizApp:
        from quizengine.tui.app import QuizApp

        assert isinstance(self.app, QuizApp)
        return self.app

    def background(self, job: Callable[[], T], done: Callable[[T], object], group: str = "db",
                   failed: Callable[[], object] | None = None) -> None:
        """Run `job` (database work) in a thread worker; `done` runs on the UI thread with its result, every
        string in it neutralised (bank text never reaches a widget raw).

        A learner-facing error (QuizError, ProfileError) becomes a notification, a database error a one-line
        notification, anything else the error modal (and the log); never a crash. `failed` (if given) runs on
        the UI thread after any error, so the screen can accept input again. Jobs of one group run one at a
        time, in order: ending an attempt queued behind a save waits for it.
        """

        def work() -> None:
            try:
                result = job()
            except Exception as exc:  # every failure is shown and survived; see show_error
                self.app.call_from_thread(self.show_error, exc, failed)
                return
            self.app.call_from_thread(done, safe_view(result))

        self.run_worker(work, thread=True, group=group, exit_on_error=False)

    def show_error(self, exc: BaseException, failed: Callable[[], object] | None = None) -> None:
        if isinstance(exc, EXPECTED_ERRORS):
            self.notify(safe_text(str(exc)), severity="error", timeout=8, markup=False)
        elif isinstance(exc, SQLAlchemyError):
            self.notify(database_message(exc), severity="error", timeout=10, markup=False)
        else:
            self.app.push_screen(ErrorScreen(one_line(exc), log_error(exc)))
        if failed is not None:
            failed()
