"""Local learner profiles and their settings."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError

from quizengine.services.context import ServiceContext
from quizengine.services.views import LearnerView, RoleView
from quizengine.store.models import Learner
from quizengine.store.repositories import LearnerRepository

FEEDBACK_CHOICES = ("immediate", "end")
MAX_NAME_LENGTH = 40
RETENTION_RANGE = (0.70, 0.99)  # FSRS's useful range; Anki's default is 0.90
RETENTION_WARNING_ABOVE = 0.97
DAILY_NEW_RANGE = (0, 200)


class ProfileError(ValueError):
    """A learner-facing problem with profile input (shown as a one-line message)."""


class LearnerService:
    def __init__(self, context: ServiceContext) -> None:
        self.context = context

    def _view(self, learner: Learner) -> LearnerView:
        role = self.context.library.roles.get(learner.target_role or "")
        return LearnerView(learner.id, learner.name, learner.target_role, role.title if role else None,
                           learner.theme, learner.feedback, learner.ask_confidence, learner.desired_retention,
                           learner.daily_new_reviews)

    def roles(self) -> list[RoleView]:
        return [RoleView(r.id, r.title, r.rationale, dict(r.levels)) for r in self.context.library.roles.values()]

    def list(self) -> list[LearnerView]:
        with self.context.transaction() as session:
            return [self._view(learner) for learner in LearnerRepository(session).all()]

    def get(self, learner_id: int) -> LearnerView:
        with self.context.transaction() as session:
            learner = LearnerRepository(session).get(learner_id)
            if learner is None:
                raise ProfileError(f"no learner with id {learner_id}")
            return self._view(learner)

    def create(self, name: str, target_role: str | None) -> LearnerView:
        name = " ".join(name.split())
        if not name:
            raise ProfileError("Please type a name for your profile.")
        if len(name) > MAX_NAME_LENGTH:
            raise ProfileError(f"A profile name has at most {MAX_NAME_LENGTH} characters.")
        if target_role is not None and target_role not in self.context.library.roles:
            raise ProfileError(f"Unknown target role '{target_role}'.")
        taken = ProfileError(f"A profile named '{name}' already exists; pick it or choose another name.")
        try:
            with self.context.transaction() as session:
                repository = LearnerRepository(session)
                if repository.by_name(name) is not None:
                    raise taken
                learner = repository.add(Learner(name=name, target_role=target_role, feedback="immediate",
                                                 ask_confidence=False))
                return self._view(learner)
        except IntegrityError as exc:  # another process created the same name between our check and insert
            raise taken from exc

    def update(self, learner_id: int, *, target_role: str | None = None, theme: str | None = None,
               feedback: str | None = None, ask_confidence: bool | None = None,
               desired_retention: float | None = None, daily_new_reviews: int | None = None) -> LearnerView:
        with self.context.transaction() as session:
            learner = LearnerRepository(session).get(learner_id)
            if learner is None:
                raise ProfileError(f"no learner with id {learner_id}")
            if target_role is not None:
                if target_role not in self.context.library.roles:
                    raise ProfileError(f"Unknown target role '{target_role}'.")
                learner.target_role = target_role
            if theme is not None:
                learner.theme = theme
            if feedback is not None:
                if feedback not in FEEDBACK_CHOICES:
                    raise ProfileError(f"feedback must be one of {', '.join(FEEDBACK_CHOICES)}")
                learner.feedback = feedback
            if ask_confidence is not None:
                learner.ask_confidence = ask_confidence
            if desired_retention is not None:
                learner.desired_retention = check_desired_retention(desired_retention)
            if daily_new_reviews is not None:
                learner.daily_new_reviews = check_daily_new_reviews(daily_new_reviews)
            return self._view(learner)


def check_desired_retention(value: float) -> float:
    low, high = RETENTION_RANGE
    if not low <= value <= high:
        raise ProfileError(f"Desired retention must be between {low:.2f} and {high:.2f} (Anki's default is 0.90).")
    return round(value, 4)


def check_daily_new_reviews(value: int) -> int:
    low, high = DAILY_NEW_RANGE
    if not low <= value <= high:
        raise ProfileError(f"New review cards per day must be a whole number from {low} to {high}.")
    return value


def parse_desired_retention(text: str) -> float:
    """Desired retention as typed: 0.9, 90 or 90% all mean 0.90; anything else is a one-line ProfileError."""
    cleaned = text.strip().removesuffix("%").strip()
    try:
        value = float(cleaned)
    except ValueError:
        raise ProfileError(f"Desired retention '{text.strip()[:20]}' is not a number: type e.g. 0.90 or 90%.") from None
    if value != value or value in (float("inf"), float("-inf")):  # nan, inf
        raise ProfileError("Desired retention must be a number such as 0.90 or 90%.")
    return check_desired_retention(value / 100 if value > 1 else value)


def parse_daily_new_reviews(text: str) -> int:
    cleaned = text.strip()
    if not cleaned.isascii() or not cleaned.isdigit() or len(cleaned) > 4:
        low, high = DAILY_NEW_RANGE
        raise ProfileError(f"New review cards per day must be a whole number from {low} to {high}.")
    return check_daily_new_reviews(int(cleaned))


def retention_warning(value: float) -> str | None:
    """One line when the desired retention makes the review workload grow steeply, else None."""
    if value > RETENTION_WARNING_ABOVE:
        return (f"Above {RETENTION_WARNING_ABOVE:.2f} the review workload grows steeply: each extra point of "
                "retention costs many more reviews.")
    return None
