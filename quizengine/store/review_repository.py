"""Queries for spaced review: cards, their logs, and the answers that make new cards. Never commits."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session

from quizengine.store.models import Attempt, Response, ReviewCard, ReviewLog

LOW_CONFIDENCE = "low"


@dataclass(frozen=True)
class CardSource:
    """A stored answer that deserves a review card: missed, not known, or right but unsure."""

    response_id: int
    question_id: str
    area: str
    topic: str
    correct: bool  # False: missed or not known; True: right but unsure


class ReviewRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    # --- making cards ------------------------------------------------------------------------------------------

    def newest_source(self, learner_id: int) -> tuple[int, int] | None:
        """(response id, attempt id) of the newest answer that made one of the learner's cards, or None."""
        newest = (select(func.max(ReviewCard.source_response_id))
                  .where(ReviewCard.learner_id == learner_id).scalar_subquery())
        row = self.session.execute(select(Response.id, Response.attempt_id).where(Response.id == newest)).first()
        return (row[0], row[1]) if row else None

    def card_sources(self, learner_id: int, after: tuple[int, int] | None) -> list[CardSource]:
        """The learner's card-worthy answers in closed attempts newer than `after` (response id, attempt id).

        Bounded by the (learner, attempt id) index from the attempt of `after` on, so the cost is that of the
        answers since the newest card, not of the learner's whole history."""
        query = (select(Response.id, Response.question_id, Response.area, Response.topic, Response.correct)
                 .join(Attempt, Response.attempt_id == Attempt.id)
                 .where(Attempt.learner_id == learner_id, Attempt.status != "active",
                        or_(Response.correct.is_(False), Response.confidence == LOW_CONFIDENCE))
                 .order_by(Response.id))
        if after is not None:
            query = query.where(Attempt.id >= after[1], Response.id > after[0])
        return [CardSource(*row) for row in self.session.execute(query).all()]

    def cards_for(self, learner_id: int, question_ids: Sequence[str]) -> dict[str, ReviewCard]:
        """The learner's cards of these questions, by question id."""
        found: dict[str, ReviewCard] = {}
        unique = sorted(set(question_ids))
        for start in range(0, len(unique), 500):  # stay well under SQLite's bound-parameter limit
            chunk = unique[start:start + 500]
            query = select(ReviewCard).where(ReviewCard.learner_id == learner_id, ReviewCard.question_id.in_(chunk))
            found.update((card.question_id, card) for card in self.session.scalars(query).all())
        return found

    def add_card(self, card: ReviewCard) -> ReviewCard:
        self.session.add(card)
        self.session.flush()
        return card

    # --- the queue -----------------------------------------------------------------------------------------------

    def get(self, card_id: int) -> ReviewCard | None:
        return self.session.get(ReviewCard, card_id)

    def due(self, learner_id: int, now: dt.datetime) -> Sequence[ReviewCard]:
        """Reviewed cards due by `now`, oldest due first."""
        query = (select(ReviewCard)
                 .where(ReviewCard.learner_id == learner_id, ReviewCard.due <= now, ReviewCard.reviews > 0,
                        ReviewCard.suspended.is_(False))
                 .order_by(ReviewCard.due, ReviewCard.id))
        return self.session.scalars(query).all()

    def new(self, learner_id: int) -> Sequence[ReviewCard]:
        """Cards never reviewed, oldest first."""
        query = (select(ReviewCard)
                 .where(ReviewCard.learner_id == learner_id, ReviewCard.reviews == 0,
                        ReviewCard.suspended.is_(False))
                 .order_by(ReviewCard.id))
        return self.session.scalars(query).all()

    def introduced_since(self, learner_id: int, since: dt.datetime) -> int:
        """New cards first reviewed at or after `since` (a first review has no days since a previous one)."""
        query = (select(func.count()).select_from(ReviewLog)
                 .where(ReviewLog.learner_id == learner_id, ReviewLog.reviewed_at >= since,
                        ReviewLog.elapsed_days.is_(None)))
        return int(self.session.scalar(query) or 0)

    def next_due_after(self, learner_id: int, now: dt.datetime) -> ReviewCard | None:
        query = (select(ReviewCard)
                 .where(ReviewCard.learner_id == learner_id, ReviewCard.due > now, ReviewCard.reviews > 0,
                        ReviewCard.suspended.is_(False))
                 .order_by(ReviewCard.due, ReviewCard.id).limit(1))
        return self.session.scalars(query).first()

    # --- logs ------------------------------------------------------------------------------------------------------

    def add_log(self, log: ReviewLog) -> ReviewLog:
        self.session.add(log)
        self.session.flush()
        return log

    def logs_since(self, learner_id: int, since: dt.datetime) -> Sequence[ReviewLog]:
        query = (select(ReviewLog).where(ReviewLog.learner_id == learner_id, ReviewLog.reviewed_at >= since)
                 .order_by(ReviewLog.id))
        return self.session.scalars(query).all()

    def retention_counts(self, learner_id: int, since: dt.datetime, state_before: int) -> tuple[int, int]:
        """(answered right, reviewed) among reviews since `since` whose card was in `state_before` before."""
        query = (select(func.count(), func.sum(case((ReviewLog.correct.is_(True), 1), else_=0)))
                 .where(ReviewLog.learner_id == learner_id, ReviewLog.reviewed_at >= since,
                        ReviewLog.state_before == state_before))
        row = self.session.execute(query).one()
        return int(row[1] or 0), int(row[0] or 0)

