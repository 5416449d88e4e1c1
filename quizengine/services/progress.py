"""Progress over time: each area's estimate after every finished attempt, the attempts themselves, review
retention against the learner's desired retention, and confidence calibration across attempts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from fsrs import State
from sqlalchemy import select
from sqlalchemy.orm import Session

from quizengine.engine.levels import LEVEL_NAMES, band_name, level_report
from quizengine.services.confidence import RatedAnswer, calibrate
from quizengine.services.context import ServiceContext
from quizengine.services.drill import shown_mode
from quizengine.services.quiz import QuizError
from quizengine.services.results import HISTORY_PAGE, attempt_summary, target_floor_score
from quizengine.services.review import RETENTION_WINDOW_DAYS
from quizengine.services.views import AreaTrend, ProgressPoint, ProgressView, RetentionView
from quizengine.store.models import AbilitySnapshot, Attempt, Response, utcnow
from quizengine.store.repositories import AttemptRepository, LearnerRepository
from quizengine.store.review_repository import ReviewRepository

FSRS_REVIEW_STATE = int(State.Review)  # a card past its learning steps: true retention is measured on these
RETENTION_WINDOW = dt.timedelta(days=RETENTION_WINDOW_DAYS)
EPOCH = dt.datetime(1970, 1, 1)  # "all time" for review logs


def retention(session: Session, learner_id: int, desired: float, now: dt.datetime) -> RetentionView:
    """Anki's "true retention", last 30 days and all time: reviews of cards in the Review state only, since
    learning and relearning steps test what was just shown."""
    reviews = ReviewRepository(session)
    right_30d, reviews_30d = reviews.retention_counts(learner_id, now - RETENTION_WINDOW, FSRS_REVIEW_STATE)
    right_all, reviews_all = reviews.retention_counts(learner_id, EPOCH, FSRS_REVIEW_STATE)
    return RetentionView(desired, reviews_30d, right_30d, reviews_all, right_all)


def rated_answers(session: Session, learner_id: int) -> list[RatedAnswer]:
    """Every measuring answer of the learner given a confidence, oldest first."""
    query = (select(Response.area, Response.confidence, Response.correct, Response.score)
             .join(Attempt, Response.attempt_id == Attempt.id)
             .where(Attempt.learner_id == learner_id, Response.confidence.is_not(None))
             .order_by(Response.id))
    return [RatedAnswer(area, confidence or "", correct, score)
            for area, confidence, correct, score in session.execute(query).all()]


def area_points(session: Session, learner_id: int) -> dict[str, list[ProgressPoint]]:
    """Each area's snapshots from the learner's finished attempts, oldest first: one query."""
    query = (select(AbilitySnapshot, Attempt.mode, Attempt.settings)
             .join(Attempt, AbilitySnapshot.attempt_id == Attempt.id)
             .where(Attempt.learner_id == learner_id, Attempt.status == "finished")
             .order_by(Attempt.id, AbilitySnapshot.area))
    points: dict[str, list[ProgressPoint]] = {}
    for snapshot, mode, settings in session.execute(query).all():
        report = level_report(snapshot.theta, snapshot.se)
        points.setdefault(snapshot.area, []).append(ProgressPoint(
            snapshot.attempt_id, snapshot.created_at, shown_mode(mode, settings), snapshot.theta, snapshot.se,
            report.score, report.score_low, report.score_high, band_name(snapshot.theta, snapshot.se),
            snapshot.evidence_items or snapshot.n_items))
    return points


class ProgressService:
    def __init__(self, context: ServiceContext) -> None:
        self.context = context

    def progress(self, learner_id: int, now: dt.datetime | None = None, areas: Sequence[str] | None = None,
                 attempts: int | None = HISTORY_PAGE) -> ProgressView:
        """The learner's progress as of `now` (naive UTC, default: the present): every area of the banks (or
        `areas`), measured or not."""
        library = self.context.library
        now = now or utcnow()
        with self.context.transaction() as db:
            learner = LearnerRepository(db).get(learner_id)
            if learner is None:
                raise QuizError(f"No learner {learner_id}.")
            role = library.roles.get(learner.target_role or "")
            desired = learner.desired_retention
            points = area_points(db, learner_id)
            history = [attempt_summary(a) for a in AttemptRepository(db).history(learner_id, 0, attempts)]
            retained = retention(db, learner_id, desired, now)
            rated = rated_answers(db, learner_id)
        trends = []
        for area in areas or list(library.areas):
            target = role.levels.get(area) if role else None
            trends.append(AreaTrend(area, library.area_title(area), points.get(area, []),
                                    target_floor_score(target), LEVEL_NAMES[target - 1] if target else None))
        return ProgressView(learner_id, trends, history, retained, calibrate(rated, library.area_title))
