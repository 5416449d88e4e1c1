"""Weak areas: where the learner's profile falls short of the target role, what they missed there, the reviews
waiting, a study plan, and their marks on its resources."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from quizengine.engine.levels import LEVEL_NAMES, band_name, level_report
from quizengine.services.context import ServiceContext
from quizengine.services.drill import DrillScope, drill_scope
from quizengine.services.recommend import classify, study_plan
from quizengine.services.review import ReviewService
from quizengine.services.views import ResourceSuggestion
from quizengine.store.models import Attempt, Response, utcnow
from quizengine.store.repositories import LearnerRepository, SnapshotRepository
from quizengine.store.resource_repository import ResourceMark, ResourceProgressRepository

__all__ = ["MissedTopicView", "PlanEntryView", "ResourceMark", "WeakAreaView", "WeakAreasError", "WeakAreasService",
           "WeakAreasView"]

# Missed topics come from the learner's recent measuring answers: an old miss since relearned should fade.
MISS_WINDOW_ATTEMPTS = 10


class WeakAreasError(ValueError):
    """A weak-areas action that can't be done, worded for the learner."""


@dataclass(frozen=True)
class MissedTopicView:
    topic: str
    title: str
    wrong: int
    dont_know: int

    @property
    def missed(self) -> int:
        return self.wrong + self.dont_know


@dataclass(frozen=True)
class PlanEntryView:
    suggestion: ResourceSuggestion
    mark: str | None  # "started", or None when the learner has not marked it


@dataclass(frozen=True)
class WeakAreaView:
    area: str
    title: str
    level: int
    level_name: str
    target_level: int
    target_name: str
    gap: int  # target level minus the estimate's level (negative: above it, but not surely)
    band: str  # the levels the 95% interval spans
    score: int
    score_low: int
    score_high: int
    se: float
    evidence: int  # measuring answers behind the estimate
    status: str  # "below" or "imprecise"
    missed: list[MissedTopicView]  # most missed first
    due_reviews: int  # cards a review session started now would show: due ones and today's new ones
    plan: list[PlanEntryView]

    @property
    def uncertainty(self) -> int:
        """Width of the 95% interval on the 0-100 score."""
        return self.score_high - self.score_low


@dataclass(frozen=True)
class WeakAreasView:
    learner_id: int
    target_role_title: str | None
    areas: list[WeakAreaView]  # biggest gap first, then the most uncertain
    met: list[str] = field(default_factory=list)  # titles of areas that meet the target
    unmeasured: list[str] = field(default_factory=list)  # titles of required areas with no estimate yet
    blocker: str | None = None  # why there is nothing to rank yet, and what to do first


class WeakAreasService:
    def __init__(self, context: ServiceContext) -> None:
        self.context = context

    def overview(self, learner_id: int, now: dt.datetime | None = None) -> WeakAreasView:
        library = self.context.library
        now = now or utcnow()
        with self.context.transaction() as db:
            learner = LearnerRepository(db).get(learner_id)
            if learner is None:
                raise WeakAreasError(f"No learner {learner_id}.")
            role = library.roles.get(learner.target_role or "")
            latest = SnapshotRepository(db).latest_per_area(learner_id, list(library.areas))
            estimates = {area: (s.theta, s.se, s.evidence_items or s.n_items) for area, s in latest.items()}
            misses = _missed_by_area(db, learner_id)
            marks = ResourceProgressRepository(db).marks(learner_id)
        if role is None:
            return WeakAreasView(learner_id, None, [], blocker=(
                "No target role yet: weak areas are measured against one. Choose a role in your profile "
                "settings, then take an assessment."))
        if not estimates:
            return WeakAreasView(learner_id, role.title, [], blocker=(
                f"No measurements yet against {role.title}. Take a quick assessment first: its answers show "
                "where you fall short."))
        due = ReviewService(self.context).due_counts(learner_id, now)  # makes cards for new misses first
        done = {resource for resource, mark in marks.items() if mark == "done"}
        started = {resource for resource, mark in marks.items() if mark == "started"}
        weak: list[WeakAreaView] = []
        met: list[str] = []
        unmeasured: list[str] = []
        for area in library.areas:
            target = role.levels.get(area, 0)
            if target <= 0:
                continue
            if area not in estimates:
                unmeasured.append(library.area_title(area))
                continue
            theta, se, evidence = estimates[area]
            status = classify(theta, se, evidence, target)
            if status == "meets":
                met.append(library.area_title(area))
                continue
            report = level_report(theta, se)
            by_topic = misses.get(area, {})
            missed = sorted((MissedTopicView(topic, library.topic_title(topic), wrong, dont_know)
                             for topic, (wrong, dont_know) in by_topic.items()),
                            key=lambda m: (-m.missed, m.title))
            plan = study_plan(library, area, report.level, Counter({m.topic: m.missed for m in missed}),
                              target=target, done=done, started=started)
            weak.append(WeakAreaView(
                area, library.area_title(area), report.level, report.name, target, LEVEL_NAMES[target - 1],
                target - report.level, band_name(theta, se), report.score, report.score_low, report.score_high,
                se, evidence, status, missed, due.get(area, 0),
                [PlanEntryView(item, "started" if item.resource_id in started else None) for item in plan],
            ))
        weak.sort(key=lambda view: (-view.gap, -view.se, view.title))
        blocker = None
        if not weak and unmeasured:
            blocker = (f"Nothing measured falls short of {role.title}, but {len(unmeasured)} required "
                       f"area{'s are' if len(unmeasured) != 1 else ' is'} not measured yet: take an assessment.")
        return WeakAreasView(learner_id, role.title, weak, met, unmeasured, blocker)

    def drill(self, area: WeakAreaView) -> DrillScope:
        """What a drill of this area covers: its missed topics, or the whole area if they have too few questions."""
        return drill_scope(self.context.library, area.area, [m.topic for m in area.missed])

    def mark_resource(self, learner_id: int, resource_id: str, mark: ResourceMark,
                      now: dt.datetime | None = None) -> None:
        self._check_resource(resource_id)
        with self.context.transaction() as db:
            ResourceProgressRepository(db).mark(learner_id, resource_id, mark, now)

    def clear_resource(self, learner_id: int, resource_id: str) -> None:
        self._check_resource(resource_id)
        with self.context.transaction() as db:
            ResourceProgressRepository(db).clear(learner_id, resource_id)

    def _check_resource(self, resource_id: str) -> None:
        if resource_id not in self.context.library.resources:
            raise WeakAreasError(f"No resource '{resource_id}' in the loaded catalogue.")


def _missed_by_area(db: Session, learner_id: int) -> dict[str, dict[str, tuple[int, int]]]:
    """Per area and topic, (wrong, don't know) among the measuring answers of the learner's recent attempts.

    Every stored response is a measuring answer (given before its feedback); review answers live in review_logs."""
    recent = (select(Attempt.id).where(Attempt.learner_id == learner_id)
              .order_by(Attempt.id.desc()).limit(MISS_WINDOW_ATTEMPTS).scalar_subquery())
    query = (select(Response.area, Response.topic, Response.answer)
             .where(Response.attempt_id.in_(recent), Response.correct.is_(False)))
    counts: dict[str, dict[str, list[int]]] = {}
    for area, topic, answer in db.execute(query).all():
        pair = counts.setdefault(area, {}).setdefault(topic, [0, 0])
        pair[1 if _is_dont_know(answer) else 0] += 1
    return {area: {topic: (pair[0], pair[1]) for topic, pair in topics.items()} for area, topics in counts.items()}


def _is_dont_know(answer: object) -> bool:
    return isinstance(answer, dict) and answer.get("kind") == "dont_know"
