"""What the weak-areas screen asks of the app: the app starts the drill or opens the review session."""

from __future__ import annotations

from textual.message import Message


class StartDrill(Message):
    """Drill one area: a focus attempt restricted to `topics` (QuizService.start(..., topics=...)), which falls
    back to the whole area when they have too few questions; `note` already told the learner which."""

    def __init__(self, area: str, topics: list[str], note: str) -> None:
        super().__init__()
        self.area = area
        self.topics = topics
        self.note = note


class ReviewDue(Message):
    """Open the review session for the learner's due cards; `area` is where it was asked from (the review
    session has no area filter today: it shows every due card, and today's new ones)."""

    def __init__(self, area: str | None) -> None:
        super().__init__()
        self.area = area
