"""Shared screen behaviour: run blocking service calls in a thread and hand results back to the UI, and survive
whatever goes wrong on the way."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from textual import events
from textual.message import Message
from textual.screen import Screen

from quizengine.tui.errors import report_error
from quizengine.tui.safe import safe_view

if TYPE_CHECKING:
    from quizengine.tui.app import QuizApp

T = TypeVar("T")


class BaseScreen(Screen[None]):
    broken = False  # its loading failed; see abandon
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
        notification, anything else (in `job` or in `done`) the error modal and the log; never a crash.
        `failed` (if given) runs on the UI thread after any error, so the screen can accept input again. Jobs
        of one group run one at a time, in order: ending an attempt queued behind a save waits for it.
        """

        def work() -> None:
            try:
                result = job()
                self.app.call_from_thread(done, safe_view(result))
            except Exception as exc:  # every failure is shown and survived; see show_error
                self.app.call_from_thread(self.show_error, exc, failed)

        self.run_worker(work, thread=True, group=group, exit_on_error=False)

    def show_error(self, exc: Exception, failed: Callable[[], object] | None = None) -> None:
        report_error(self.app, exc)
        if failed is not None:
            failed()

    async def _on_message(self, message: Message) -> None:
        # Textual ends the app on an exception in any handler; here a failing handler (a key, a button, a
        # worker's callback) is reported and the screen keeps taking input.
        if self.broken and isinstance(message, events.ScreenResume):
            if self.app.screen is self:  # the error modal over it was closed: back to the screen beneath
                self.app.pop_screen()
            return
        try:
            await super()._on_message(message)
        except Exception as exc:
            self.show_error(exc)
            if isinstance(message, events.Mount):
                self.abandon()

    def abandon(self) -> None:
        """A screen whose loading failed is half-built: go back to the one beneath rather than offer it."""
        stack = self.app.screen_stack
        if self not in stack or stack.index(self) <= 1:  # the first real screen: nothing useful lies beneath
            return
        if self.app.screen is self:
            self.app.call_later(self._leave_if_current)
        else:
            self.broken = True  # under the error modal: leave once it is closed

    def _leave_if_current(self) -> None:
        if self.app.screen is self:
            self.app.pop_screen()
        else:
            self.broken = True
