"""Small modal pickers."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from quizengine.services.views import AreaView


class OptionPrompt(ModalScreen[str | None]):
    """A small modal with one option list: choosing an option (or its key) dismisses with the option's id."""

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_pick(self, value: str) -> None:
        self.dismiss(value or None)


class AreaPicker(OptionPrompt):
    BINDINGS = [Binding("escape", "pick('')", "Cancel", id="cancel-area")]

    def __init__(self, title: str, areas: list[AreaView]) -> None:
        super().__init__()
        self.title_text = title
        self.areas = [area for area in areas if area.question_count]

    def compose(self) -> ComposeResult:
        with Vertical(classes="modal-box"):
            yield Static(self.title_text, classes="section", markup=False)
            yield OptionList(*[Option(Content(f"{a.title} ({a.question_count} questions)"), id=a.id)
                               for a in self.areas], id="area-options")
            yield Static("Enter to choose, escape to cancel", classes="hint", markup=False)


CONFIDENCE_LEVELS = [("low", "1  Low: mostly a guess"), ("medium", "2  Medium: fairly sure"),
                     ("high", "3  High: certain")]


class ConfidencePicker(OptionPrompt):
    """Optional step after answering: how sure are you? (a setting, off by default)."""

    BINDINGS = [
        Binding("1,l", "pick('low')", "Low", id="conf-low"),
        Binding("2,m", "pick('medium')", "Medium", id="conf-medium"),
        Binding("3,h", "pick('high')", "High", id="conf-high"),
        Binding("escape", "pick('')", "Skip", id="conf-skip"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="modal-box"):
            yield Static("How sure are you of this answer?", classes="section", markup=False)
            yield OptionList(*[Option(label, id=value) for value, label in CONFIDENCE_LEVELS], id="confidence")


class UnfinishedAttemptPrompt(OptionPrompt):
    """Asked before a new attempt replaces an unfinished one: resume it, or close it and start afresh."""

    BINDINGS = [
        Binding("r", "pick('resume')", "Resume it", id="prompt-resume"),
        Binding("n", "pick('new')", "Start new", id="prompt-new"),
        Binding("escape", "pick('')", "Cancel", id="prompt-cancel"),
    ]

    def __init__(self, attempt_id: int) -> None:
        super().__init__()
        self.attempt_id = attempt_id

    def compose(self) -> ComposeResult:
        with Vertical(classes="modal-box"):
            yield Static(f"You have an unfinished attempt (#{self.attempt_id}).", classes="section", markup=False)
            yield OptionList(Option("r  Resume it at the next question", id="resume"),
                             Option("n  Start the new one (the unfinished attempt is closed with the results "
                                    "of its answers so far)", id="new"), id="prompt-options")
            yield Static("escape cancels", classes="hint", markup=False)


class ConfirmQuit(OptionPrompt):
    """q on a question asks first: a stray key never ends the session unannounced."""

    BINDINGS = [
        Binding("q,y", "pick('quit')", "Quit", id="confirm-quit"),
        Binding("escape,n", "pick('')", "Keep going", id="cancel-quit"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="modal-box"):
            yield Static("Quit quizengine?", classes="section", markup=False)
            yield Static("Every answer you submitted is saved; resume this attempt from the home screen.",
                         markup=False)
            yield OptionList(Option("q  Quit now", id="quit"), Option("escape  Keep going", id="stay"),
                             id="quit-options")
