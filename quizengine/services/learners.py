"""Local learner profiles and their settings."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError

from quizengine.services.context import ServiceContext
from quizengine.services.views import LearnerView, RoleView
from quizengine.store.models import Learner
from quizengine.store.repositories import LearnerRepository

FEEDBACK_CHOICES = ("immediate", "end")
MAX_NAME_LENGTH = 40


class ProfileError(ValueError):
    """A learner-facing problem with profile input (shown as a one-line message)."""


class LearnerService:
    def __init__(self, context: ServiceContext) -> None:
        self.context = context

    def _view(self, learner: Learner) -> LearnerView:
        role = self.context.library.roles.get(learner.target_role or "")
        return LearnerView(learner.id, learner.name, learner.target_role, role.title if role else None,
                           learner.theme, learner.feedback, learner.ask_confidence)

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
               feedback: str | None = None, ask_confidence: bool | None = None) -> LearnerView:
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
            return self._view(learner)
