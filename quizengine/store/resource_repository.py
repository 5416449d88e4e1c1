"""A learner's marks on catalogue resources (started / done). Like every repository it works in the caller's
session and never commits."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from quizengine.store.models import ResourceProgress, utcnow

ResourceMark = Literal["started", "done"]
RESOURCE_MARKS: tuple[ResourceMark, ...] = ("started", "done")


class ResourceProgressRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def marks(self, learner_id: int) -> dict[str, str]:
        """Resource id -> "started" or "done", for one learner."""
        query = select(ResourceProgress.resource_id, ResourceProgress.status).where(
            ResourceProgress.learner_id == learner_id)
        return {resource_id: status for resource_id, status in self.session.execute(query).all()}

    def mark(self, learner_id: int, resource_id: str, status: ResourceMark, now: dt.datetime | None = None) -> None:
        if status not in RESOURCE_MARKS:
            raise ValueError(f"a resource mark is one of {', '.join(RESOURCE_MARKS)}, not {status!r}")
        query = select(ResourceProgress).where(ResourceProgress.learner_id == learner_id,
                                               ResourceProgress.resource_id == resource_id)
        row = self.session.scalars(query).first()
        when = now or utcnow()
        if row is None:
            self.session.add(ResourceProgress(learner_id=learner_id, resource_id=resource_id, status=status,
                                              updated_at=when))
        else:
            row.status = status
            row.updated_at = when
        self.session.flush()

    def clear(self, learner_id: int, resource_id: str) -> None:
        self.session.execute(delete(ResourceProgress).where(ResourceProgress.learner_id == learner_id,
                                                            ResourceProgress.resource_id == resource_id))

