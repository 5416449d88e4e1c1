"""What screens ask of the app: they post these (or dismiss with a result), and the app does all navigation."""

from __future__ import annotations

from textual.message import Message

from quizengine.services.views import AttemptMode, FeedbackView, LearnerView, ResultsView


class LearnerChosen(Message):
    def __init__(self, learner: LearnerView) -> None:
        super().__init__()
        self.learner = learner


class Navigate(Message):
    """Open a screen by name: home, history, banks, settings, profile, help."""

    def __init__(self, destination: str) -> None:
        super().__init__()
        self.destination = destination


class StartAttempt(Message):
    """Start an attempt (asking first if one is unfinished); focus and practice without areas ask for one."""

    def __init__(self, mode: AttemptMode, areas: list[str] | None = None) -> None:
        super().__init__()
        self.mode: AttemptMode = mode
        self.areas = areas


class ResumeAttempt(Message):
    def __init__(self, attempt_id: int) -> None:
        super().__init__()
        self.attempt_id = attempt_id


class ShowResults(Message):
    """An attempt ended (or its results were asked for): show its results in place of the current screen."""

    def __init__(self, attempt_id: int, *, replace: bool = False) -> None:
        super().__init__()
        self.attempt_id = attempt_id
        self.replace = replace


class ShowFeedback(Message):
    """An answer was stored: show its feedback over the question, which moves on when it closes."""

    def __init__(self, feedback: FeedbackView) -> None:
        super().__init__()
        self.feedback = feedback


class ReviewMissed(Message):
    def __init__(self, results: ResultsView) -> None:
        super().__init__()
        self.results = results
