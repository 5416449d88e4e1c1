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
