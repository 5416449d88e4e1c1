"""Unexpected errors: written to a log in the user data dir, shown in a modal, never a crash of the app."""

from __future__ import annotations

import datetime as dt
import traceback
from pathlib import Path
from typing import Any

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from quizengine.paths import data_dir
from quizengine.services.display import error_summary, learner_message


def report_error(app: App[Any], exc: Exception) -> None:
    """Tell the learner, on the UI thread: their own mistake or a database failure as a one-line notification,
    anything else as the error modal with its traceback logged."""
    message = learner_message(exc)
    if message is not None:
        app.notify(message, severity="error", timeout=10, markup=False)
    else:
        log = log_error(exc)
        if not isinstance(app.screen, ErrorScreen):  # a burst of failures is one modal, every one logged
            app.push_screen(ErrorScreen(one_line(exc), log))


def error_log_path() -> Path:
    return data_dir() / "errors.log"


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


def one_line(exc: BaseException) -> str:
    return error_summary(exc)


class ErrorScreen(ModalScreen[None]):
    """Something went wrong that the app did not expect: say so plainly and carry on."""

    BINDINGS = [Binding("escape,enter,space", "dismiss_error", "Close", id="close-error"),
                Binding("c", "copy_summary", "Copy the summary", id="copy-error")]

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
            yield Static("c copies the line above (for a bug report) · Enter or escape closes this", classes="hint",
                         markup=False)

    def action_copy_summary(self) -> None:
        self.app.copy_to_clipboard(self.message)
        self.notify("Copied to the clipboard.", timeout=2)

    def action_dismiss_error(self) -> None:
        self.dismiss(None)
