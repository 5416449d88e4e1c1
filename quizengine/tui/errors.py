"""Unexpected errors: written to a log in the user data dir, shown in a modal, never a crash of the app."""

from __future__ import annotations

import datetime as dt
import traceback
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from quizengine import paths
from quizengine.services.learners import ProfileError
from quizengine.services.quiz import QuizError
from quizengine.store.database import error_line
from quizengine.tui.safe import safe_text

EXPECTED_ERRORS = (QuizError, ProfileError)


def report_error(app: App[None], exc: Exception) -> None:
    """Tell the learner, on the UI thread: their own mistake or a database failure as a one-line notification,
    anything else as the error modal with its traceback logged."""
    if isinstance(exc, EXPECTED_ERRORS):
        app.notify(safe_text(str(exc)), severity="error", timeout=8, markup=False)
    elif isinstance(exc, SQLAlchemyError):
        app.notify(database_message(exc), severity="error", timeout=10, markup=False)
    else:
        log = log_error(exc)
        if not isinstance(app.screen, ErrorScreen):  # a burst of failures is one modal, every one logged
            app.push_screen(ErrorScreen(one_line(exc), log))


def error_log_path() -> Path:
    return paths.data_dir() / "errors.log"


def log_error(exc: BaseException) -> Path | None:
    """Append the traceback to the error log; None if even that fails (a full or read-only disk)."""
    path = error_log_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as log:
            log.write(f"--- {dt.datetime.now(dt.UTC).isoformat(timespec='seconds')}\n")
            log.write("".join(traceback.format_exception(exc)))
        return path
    except OSError:
        return None


def database_message(exc: SQLAlchemyError) -> str:
    return f"Database error: {safe_text(error_line(exc))[:200]}. Nothing you saved was lost; try again."


def one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return safe_text(f"{type(exc).__name__}: {text[0] if text else 'no details'}")[:200]


class ErrorScreen(ModalScreen[None]):
    """Something went wrong that the app did not expect: say so plainly and carry on."""

    BINDINGS = [Binding("escape,enter,space", "dismiss_error", "Close", id="close-error")]

    def __init__(self, message: str, log: Path | None) -> None:
        super().__init__()
        self.message = message
        self.log_path = log

    def compose(self) -> ComposeResult:
        with Vertical(classes="modal-box", id="error-box"):
            yield Static("Something went wrong", classes="section", markup=False)
            yield Static(self.message, id="error-message", markup=False)
            yield Static("The app keeps running and your answers are saved.", markup=False)
            where = (f"Details were written to {self.log_path}." if self.log_path
                     else "The details could not be written down.")
            yield Static(where, classes="hint", markup=False)
            yield Static("Enter or escape closes this", classes="hint", markup=False)

    def action_dismiss_error(self) -> None:
        self.dismiss(None)
