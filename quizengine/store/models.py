"""SQLAlchemy 2.0 typed ORM models. The schema changes only through Alembic migrations."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class Learner(Base):
    __tablename__ = "learners"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    target_role: Mapped[str | None] = mapped_column(String(120))
    theme: Mapped[str | None] = mapped_column(String(60))
    feedback: Mapped[str] = mapped_column(String(20), default="immediate")
    ask_confidence: Mapped[bool] = mapped_column(Boolean, default=False)
    # Spaced review: the recall probability FSRS schedules for (Anki's default 0.90) and new cards per day.
    desired_retention: Mapped[float] = mapped_column(Float, default=0.9, server_default="0.9")
    daily_new_reviews: Mapped[int] = mapped_column(Integer, default=20, server_default="20")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    attempts: Mapped[list[Attempt]] = relationship(back_populates="learner", cascade="all, delete-orphan")


class Attempt(Base):
    __tablename__ = "attempts"
    __table_args__ = (Index("ix_attempts_learner_id_id", "learner_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id", ondelete="CASCADE"), index=True)
    mode: Mapped[str] = mapped_column(String(20))
    areas: Mapped[list[Any]] = mapped_column(JSON)
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    seed: Mapped[int] = mapped_column(Integer)
    bank_fingerprint: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(20), default="active", index=True)
    stop_reason: Mapped[str | None] = mapped_column(Text)
    started_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    # Kept in step with the responses in the same transaction: `answered_count` doubles as the attempt's version
    # (an answer is stored only if it still equals the answer's seq - 1), and both serve history without a scan.
    answered_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    correct_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    learner: Mapped[Learner] = relationship(back_populates="attempts")
    responses: Mapped[list[Response]] = relationship(
        back_populates="attempt", cascade="all, delete-orphan", order_by="Response.seq"
    )
    snapshots: Mapped[list[AbilitySnapshot]] = relationship(back_populates="attempt", cascade="all, delete-orphan")


class Response(Base):
    __tablename__ = "responses"
    __table_args__ = (UniqueConstraint("attempt_id", "seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempts.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    question_id: Mapped[str] = mapped_column(String(120), index=True)
    question_hash: Mapped[str] = mapped_column(String(64))
    area: Mapped[str] = mapped_column(String(120))
    topic: Mapped[str] = mapped_column(String(120))
    answer: Mapped[dict[str, Any]] = mapped_column(JSON)
    correct: Mapped[bool] = mapped_column(Boolean)
    score: Mapped[float] = mapped_column(Float)
    confidence: Mapped[str | None] = mapped_column(String(10))
    latency_ms: Mapped[int] = mapped_column(Integer)
    theta_after: Mapped[float] = mapped_column(Float)
    se_after: Mapped[float] = mapped_column(Float)
    # What the engine used for this answer, so history survives recalibration and engine changes.
    # NULL on answers stored before schema 0002.
    item_a: Mapped[float | None] = mapped_column(Float)
    item_b: Mapped[float | None] = mapped_column(Float)
    item_c: Mapped[float | None] = mapped_column(Float)
    engine_version: Mapped[str | None] = mapped_column(String(20))
    answered_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    attempt: Mapped[Attempt] = relationship(back_populates="responses")


class AbilitySnapshot(Base):
    __tablename__ = "ability_snapshots"
    __table_args__ = (UniqueConstraint("attempt_id", "area"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempts.id", ondelete="CASCADE"), index=True)
    area: Mapped[str] = mapped_column(String(120))
    theta: Mapped[float] = mapped_column(Float)
    se: Mapped[float] = mapped_column(Float)
    n_items: Mapped[int] = mapped_column(Integer)  # this attempt's answers in the area
    # Measuring answers behind the estimate, this attempt's and those carried in by the learner's profile.
    evidence_items: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    level: Mapped[int] = mapped_column(Integer)
    score: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    attempt: Mapped[Attempt] = relationship(back_populates="snapshots")


class ReviewCard(Base):
    """A question the learner should see again: missed, not known, or right without confidence.

    `state` is the FSRS card as its own `to_dict()` (our row id is its card id); `due` is copied out of it so the
    due queue is one indexed query. All times are naive UTC, like every other column."""

    __tablename__ = "review_cards"
    __table_args__ = (
        UniqueConstraint("learner_id", "question_id"),
        Index("ix_review_cards_learner_id_due", "learner_id", "due"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[str] = mapped_column(String(120))
    area: Mapped[str] = mapped_column(String(120))
    topic: Mapped[str] = mapped_column(String(120))
    # The measuring answer that made the card, or NULL once that attempt is deleted.
    source_response_id: Mapped[int | None] = mapped_column(ForeignKey("responses.id", ondelete="SET NULL"))
    state: Mapped[dict[str, Any]] = mapped_column(JSON)
    due: Mapped[dt.datetime] = mapped_column(DateTime)
    reviews: Mapped[int] = mapped_column(Integer, default=0, server_default="0")  # 0: a new card, never reviewed
    suspended: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    logs: Mapped[list[ReviewLog]] = relationship(back_populates="card", cascade="all, delete-orphan",
                                                 order_by="ReviewLog.id")


class ReviewLog(Base):
    """One review of a card. Review answers come after the explanation was seen: they never feed ability estimates."""

    __tablename__ = "review_logs"
    __table_args__ = (Index("ix_review_logs_learner_id_reviewed_at", "learner_id", "reviewed_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    card_id: Mapped[int] = mapped_column(ForeignKey("review_cards.id", ondelete="CASCADE"), index=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id", ondelete="CASCADE"))
    question_id: Mapped[str] = mapped_column(String(120))
    rating: Mapped[int] = mapped_column(Integer)  # fsrs.Rating: 1 Again, 2 Hard, 3 Good, 4 Easy
    correct: Mapped[bool] = mapped_column(Boolean)
    confidence: Mapped[str | None] = mapped_column(String(10))
    latency_ms: Mapped[int] = mapped_column(Integer)
    # The card's state before this review (FSRS state number and days since the last review), for true retention.
    state_before: Mapped[int] = mapped_column(Integer)
    elapsed_days: Mapped[float | None] = mapped_column(Float)
    due_after: Mapped[dt.datetime] = mapped_column(DateTime)
    reviewed_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    card: Mapped[ReviewCard] = relationship(back_populates="logs")


class ResourceProgress(Base):
    """A learner's mark on a catalogue resource: started or done (done ones are not recommended again)."""

    __tablename__ = "resource_progress"
    __table_args__ = (UniqueConstraint("learner_id", "resource_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id", ondelete="CASCADE"), index=True)
    resource_id: Mapped[str] = mapped_column(String(120))
    status: Mapped[str] = mapped_column(String(20))  # started | done
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
