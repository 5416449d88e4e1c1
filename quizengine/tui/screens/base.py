"""Shared screen behaviour: run blocking service calls in a thread and hand results back to the UI."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from textual.screen import Screen

from quizengine.services.learners import ProfileError
from quizengine.services.quiz import QuizError

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
        """Run `job` (database work) in a thread worker; `done` runs on the UI thread with its result.

        A learner-facing error (QuizError, ProfileError) becomes a notification instead of a crash, and
        `failed` (if given) runs on the UI thread so the screen can accept input again.
        """

        def work() -> None:
            try:
                result = job()
            except EXPECTED_ERRORS as exc:
                self.app.call_from_thread(self.notify, str(exc), severity="error", timeout=8)
                if failed is not None:
                    self.app.call_from_thread(failed)
                return
            self.app.call_from_thread(done, result)

        self.run_worker(work, thread=True, group=group, exit_on_error=True)
