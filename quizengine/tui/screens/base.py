"""Shared screen behaviour: run blocking service calls in a thread and hand results back to the UI, and survive
whatever goes wrong on the way."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from textual import events
from textual.message import Message
from textual.screen import Screen

from quizengine.tui.base import QuizShell, run_job
from quizengine.tui.errors import report_error

T = TypeVar("T")


class BaseScreen(Screen[None]):
    broken = False  # its loading failed; see abandon

    @property
    def quiz_app(self) -> QuizShell:
        assert isinstance(self.app, QuizShell)
        return self.app

    def background(self, job: Callable[[], T], done: Callable[[T], object], group: str = "db",
                   failed: Callable[[], object] | None = None) -> None:
        """Database work in a thread worker owned by this screen: see `run_job`."""
        run_job(self, job, done, group=group, failed=failed)

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
