"""Feedback after an answer: verdict, the key, the explanation and where to read more."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from quizengine.services.views import FeedbackView
from quizengine.tui.messages import Navigate
from quizengine.tui.widgets.markdown_text import MarkdownText


def verdict(feedback: FeedbackView) -> tuple[str, str]:
    if feedback.dont_know:
        return "You chose I don't know: counted as not yet known.", "verdict-wrong"
    if feedback.correct:
        return "✓ Correct", "verdict-right"
    if feedback.score > 0:
        return f"◐ Partly right ({feedback.score:.0%} credit)", "verdict-partial"
    return "✗ Not quite", "verdict-wrong"


class FeedbackBody(Vertical):
    """The feedback content; also used when reviewing missed answers after an attempt."""

    def __init__(self, feedback: FeedbackView, *, show_stem: bool = False, id: str | None = None) -> None:
        super().__init__(id=id, classes="feedback-body")
        self.feedback = feedback
        self.show_stem = show_stem

    def compose(self) -> ComposeResult:
        feedback = self.feedback
        if self.show_stem:
            yield MarkdownText(feedback.stem, classes="review-stem")
        text, style = verdict(feedback)
        yield Static(text, classes=f"verdict {style}", markup=False)
        if feedback.credit_rule and not feedback.correct and not feedback.dont_know:
            yield Static(Content(feedback.credit_rule), classes="credit-rule", markup=False)
        yield Static(Content(f"Your answer: {feedback.your_answer}"), classes="answer-line", markup=False)
        yield Static(Content(f"Correct answer: {feedback.key}"), classes="answer-line key", markup=False)
        yield MarkdownText(feedback.explanation, classes="explanation")
        for note in feedback.option_notes:
            yield Static(Content(f"• {note}"), classes="option-note", markup=False)
        if feedback.references:
            yield Static("Read more", classes="section", markup=False)
            for reference in feedback.references:
                yield Static(Content(f"• {reference.title}\n  {reference.url}"), classes="reference", markup=False)


class FeedbackScreen(Screen[None]):
    """A full screen rather than a modal: dimming the question behind a modal cost ~60 ms per answer."""

    BINDINGS = [
        Binding("enter,n,space", "next", "Next question", id="next"),
        Binding("escape", "home", "Save & home", id="feedback-home"),  # as on the question: back, not next
    ]

    def __init__(self, feedback: FeedbackView) -> None:
        super().__init__()
        self.feedback = feedback

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="feedback-box"):
            with VerticalScroll(id="feedback-scroll"):
                yield FeedbackBody(self.feedback)
            hint = ("Enter or n: see your results" if self.feedback.finished else
                    "Enter or n: next question · escape: home (your answers are saved)")
            yield Static(hint, classes="hint", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#feedback-scroll").focus()

    def action_next(self) -> None:
        self.dismiss(None)

    def action_home(self) -> None:
        self.post_message(Navigate("home"))
