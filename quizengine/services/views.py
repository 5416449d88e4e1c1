"""Plain data handed to the UI and CLI. Widgets get these, never live ORM rows or bank models."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

AttemptMode = Literal["quick", "thorough", "focus", "practice"]


@dataclass(frozen=True)
class LearnerView:
    id: int
    name: str
    target_role: str | None
    target_role_title: str | None
    theme: str | None
    feedback: str  # "immediate" or "end"
    ask_confidence: bool
    desired_retention: float = 0.9  # the recall probability spaced review schedules for
    daily_new_reviews: int = 20  # new review cards introduced per UTC day


@dataclass(frozen=True)
class RoleView:
    id: str
    title: str
    rationale: str
    levels: dict[str, int]


@dataclass(frozen=True)
class AreaView:
    id: str
    title: str
    description: str
    topics: list[tuple[str, str]]  # (topic id, title)
    question_count: int
    counts_by_type: dict[str, int]


@dataclass(frozen=True)
class AreaProgress:
    area: str
    title: str
    theta: float
    se: float
    n_items: int
    done: bool
    precision: float  # 0..1, how close the SE is to the stopping target


@dataclass(frozen=True)
class QuestionView:
    attempt_id: int
    number: int  # 1-based position in the attempt
    question_id: str
    type: str
    area: str
    area_title: str
    topic_title: str
    difficulty: int
    stem: str  # Markdown, shown as bank text (never interpreted as Textual markup)
    options: list[str]  # display order
    option_order: list[int]  # display index -> index in the bank's option list
    unit: str
    reason: str
    progress: list[AreaProgress]


@dataclass(frozen=True)
class ChosenAnswer:
    """What the learner chose, in screen terms; the service maps it to the bank's option order and grades it.

    `positions` are options as shown (0 is a); a true/false question shows True as a and False as b.
    """

    kind: Literal["options", "text", "dont_know"]
    positions: tuple[int, ...] = ()
    text: str = ""


@dataclass(frozen=True)
class ReferenceView:
    title: str
    url: str


@dataclass(frozen=True)
class FeedbackView:
    question_id: str
    stem: str
    correct: bool
    score: float
    dont_know: bool
    your_answer: str
    key: str
    explanation: str
    option_notes: list[str]  # the `why` of options the learner chose, or of the key
    references: list[ReferenceView]
    finished: bool
    credit_rule: str = ""  # how partial credit is given, for select-all questions


@dataclass(frozen=True)
class ResourceSuggestion:
    resource_id: str
    title: str
    url: str
    kind: str
    level: int
    free: bool
    hours: float
    reason: str


@dataclass(frozen=True)
class AreaResult:
    area: str
    title: str
    measured: bool
    theta: float
    se: float
    n_items: int
    n_correct: int
    level: int
    level_name: str
    score: int
    score_low: int
    score_high: int
    target_level: int | None
    target_score: int | None  # the 0-100 score where the target level begins
    status: str  # "meets", "below", "imprecise", "not-required"
    missed_topics: list[str]
    plan: list[ResourceSuggestion] = field(default_factory=list)
    band: str = ""  # the levels the 95% interval spans
    evidence: int = 0  # measuring answers behind the estimate, this attempt's and earlier ones

@dataclass(frozen=True)
class ResultsView:
    attempt_id: int
    mode: str
    started_at: dt.datetime
    finished_at: dt.datetime | None
    stop_reason: str | None
    target_role_title: str | None
    answered: int
    areas: list[AreaResult]
    missed: list[FeedbackView]
    confirmed: list[str] = field(default_factory=list)  # areas with a settled verdict against the target
    needs_more: list[str] = field(default_factory=list)  # areas that need more questions for one
    # With feedback at the end: every answered question with its explanation, in answer order (else empty).
    explained: list[FeedbackView] = field(default_factory=list)
    # With the confidence step on: per area, confidence against accuracy in this attempt (else empty).
    calibration: list[AreaCalibration] = field(default_factory=list)


@dataclass(frozen=True)
class AttemptSummary:
    id: int
    mode: str
    areas: list[str]
    status: str
    started_at: dt.datetime
    answered: int
    correct: int


@dataclass(frozen=True)
class AreaSnapshotView:
    area: str
    title: str
    level: int | None
    level_name: str | None
    score: int | None
    se: float | None
    measured_at: dt.datetime | None
    band: str | None = None  # the levels the 95% interval spans, e.g. "Beginner to Intermediate"
    evidence: int = 0  # measuring answers behind the estimate, across attempts
    status: str | None = None  # against the target role: meets / below / imprecise / not-required
    target_name: str | None = None  # the target role's level for the area, e.g. "Advanced"


@dataclass(frozen=True)
class ReviewCardView:
    """One card of a review session: its question as shown (options in display order, stable per card)."""

    card_id: int
    question_id: str
    type: str
    area: str
    area_title: str
    topic_title: str
    stem: str  # bank Markdown, never markup
    options: list[str]
    option_order: list[int]  # display index -> index in the bank's option list
    unit: str
    new: bool  # never reviewed before
    due: dt.datetime


@dataclass(frozen=True)
class ReviewOutcome:
    """What a review answer did: right or wrong, the explanation, the rating and when the card comes back."""

    card_id: int
    correct: bool
    rating: str  # Again, Hard, Good or Easy
    due: dt.datetime  # naive UTC
    comes_back: str  # "in 3 days", "in 10 minutes"
    feedback: FeedbackView


@dataclass(frozen=True)
class ReviewSummary:
    reviewed: int
    correct: int
    again: int
    next_due: dt.datetime | None  # naive UTC; None when no card is waiting
    next_due_text: str  # "in 2 days", "tomorrow (new cards)", or "nothing scheduled"


@dataclass(frozen=True)
class CalibrationRow:
    """Answers given at one confidence level, and how often they were right."""

    confidence: str  # low / medium / high
    answers: int
    right: int
    accuracy: float  # share right, 0..1 (0 when there are no answers)
    mark: float  # certainty-based marks earned at this level (Moodle's +1/0, +2/-2, +3/-6)


@dataclass(frozen=True)
class AreaCalibration:
    area: str
    title: str
    rows: list[CalibrationRow]  # low, medium, high, always all three
    mark: float  # certainty-based mark over the area's answers with a confidence
    best_mark: float  # every one right and sure (3 per answer)
    reading: str  # one line: where the learner is over- or underconfident, or that confidence fits


@dataclass(frozen=True)
class ProgressPoint:
    """One finished attempt's estimate of an area: the 0-100 score with its 95% interval."""

    attempt_id: int
    measured_at: dt.datetime
    mode: str
    theta: float
    se: float
    score: int
    score_low: int
    score_high: int
    band: str
    evidence: int


@dataclass(frozen=True)
class AreaTrend:
    area: str
    title: str
    points: list[ProgressPoint]  # oldest first
    target_score: int | None  # where the target role's level starts on the 0-100 scale
    target_name: str | None


@dataclass(frozen=True)
class RetentionView:
    """Anki's true retention: of reviews of cards in the FSRS Review state, the share answered right."""

    desired: float
    reviews_30d: int
    right_30d: int
    reviews_all: int
    right_all: int

    @property
    def rate_30d(self) -> float | None:
        return self.right_30d / self.reviews_30d if self.reviews_30d else None

    @property
    def rate_all(self) -> float | None:
        return self.right_all / self.reviews_all if self.reviews_all else None


@dataclass(frozen=True)
class ProgressView:
    learner_id: int
    areas: list[AreaTrend]  # every area of the banks, measured or not
    attempts: list[AttemptSummary]  # newest first
    retention: RetentionView
    calibration: list[AreaCalibration]  # areas with answers given a confidence
