"""Repositories: query helpers over a caller-owned session. They never commit; services own transactions."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from sqlalchemy import CursorResult, func, select, update
from sqlalchemy.orm import Session

from quizengine.store.models import AbilitySnapshot, Attempt, Learner, Response, utcnow


class LearnerRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def all(self) -> Sequence[Learner]:
        return self.session.scalars(select(Learner).order_by(Learner.name)).all()

    def get(self, learner_id: int) -> Learner | None:
        return self.session.get(Learner, learner_id)

    def by_name(self, name: str) -> Learner | None:
        return self.session.scalars(select(Learner).where(Learner.name == name)).first()

    def add(self, learner: Learner) -> Learner:
        self.session.add(learner)
        self.session.flush()
        return learner


class AttemptRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, attempt_id: int) -> Attempt | None:
        return self.session.get(Attempt, attempt_id)

    def add(self, attempt: Attempt) -> Attempt:
        self.session.add(attempt)
        self.session.flush()
        return attempt

    def claim_answer(self, attempt_id: int, seq: int, correct: bool) -> bool:
        """Count answer `seq` into the attempt if it is still active and `seq` is its next number.

        The guarded UPDATE is the attempt's lock and version check in one statement (a write lock in SQLite, a row
        lock in PostgreSQL): of two processes answering the same attempt, exactly one gets True."""
        statement = (update(Attempt)
                     .where(Attempt.id == attempt_id, Attempt.status == "active", Attempt.answered_count == seq - 1)
                     .values(answered_count=Attempt.answered_count + 1,
                             correct_count=Attempt.correct_count + (1 if correct else 0))
                     .execution_options(synchronize_session=False))
        return cast("CursorResult[Any]", self.session.execute(statement)).rowcount == 1

    def close(self, attempt_id: int, status: str, reason: str) -> bool:
        """Mark an active attempt finished or abandoned; False when it was no longer active."""
        statement = (update(Attempt).where(Attempt.id == attempt_id, Attempt.status == "active")
                     .values(status=status, stop_reason=reason, finished_at=utcnow())
                     .execution_options(synchronize_session=False))
        return cast("CursorResult[Any]", self.session.execute(statement)).rowcount == 1

    def active_for(self, learner_id: int) -> Attempt | None:
        query = (select(Attempt).where(Attempt.learner_id == learner_id, Attempt.status == "active")
                 .order_by(Attempt.started_at.desc(), Attempt.id.desc()))
        return self.session.scalars(query).first()

    def history(self, learner_id: int, offset: int = 0, limit: int | None = None) -> Sequence[Attempt]:
        """A page of the learner's attempts, newest first (counts come from the attempts' own counters)."""
        query = (select(Attempt).where(Attempt.learner_id == learner_id).order_by(Attempt.id.desc())
                 .offset(offset).limit(limit))
        return self.session.scalars(query).all()

    def recent_question_ids(self, learner_id: int, attempts: int = 3) -> set[str]:
        recent = (select(Attempt.id).where(Attempt.learner_id == learner_id)
                  .order_by(Attempt.id.desc()).limit(attempts).scalar_subquery())
        query = select(Response.question_id).where(Response.attempt_id.in_(recent))
        return set(self.session.scalars(query).all())


class ResponseRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, response: Response) -> Response:
        self.session.add(response)
        self.session.flush()
        return response

    def for_attempt(self, attempt_id: int) -> Sequence[Response]:
        query = select(Response).where(Response.attempt_id == attempt_id).order_by(Response.seq)
        return self.session.scalars(query).all()

    def count_for(self, attempt_id: int) -> int:
        query = select(func.count()).select_from(Response).where(Response.attempt_id == attempt_id)
        return int(self.session.scalar(query) or 0)


class SnapshotRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add_all(self, snapshots: Sequence[AbilitySnapshot]) -> None:
        self.session.add_all(snapshots)
        self.session.flush()

    def for_attempt(self, attempt_id: int) -> Sequence[AbilitySnapshot]:
        query = select(AbilitySnapshot).where(AbilitySnapshot.attempt_id == attempt_id)
        return self.session.scalars(query.order_by(AbilitySnapshot.area)).all()

    def latest_per_area(self, learner_id: int, areas: Sequence[str]) -> dict[str, AbilitySnapshot]:
        """The most recent finished measurement of each area for a learner: one indexed lookup per area (the
        learner's attempts newest first, each probed by the (attempt, area) unique index), never a scan of a
        long history."""
        latest: dict[str, AbilitySnapshot] = {}
        for area in areas:
            query = (select(AbilitySnapshot).join(Attempt)
                     .where(Attempt.learner_id == learner_id, Attempt.status == "finished",
                            AbilitySnapshot.area == area)
                     .order_by(Attempt.id.desc()).limit(1))
            snapshot = self.session.scalars(query).first()
            if snapshot is not None:
                latest[area] = snapshot
        return latest
