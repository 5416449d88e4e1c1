"""spaced review (FSRS cards and review logs), resource progress, review settings per learner

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("learners", schema=None) as batch_op:
        batch_op.add_column(sa.Column("desired_retention", sa.Float(), server_default="0.9", nullable=False))
        batch_op.add_column(sa.Column("daily_new_reviews", sa.Integer(), server_default="20", nullable=False))
    op.create_table(
        "review_cards",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.String(length=120), nullable=False),
        sa.Column("area", sa.String(length=120), nullable=False),
        sa.Column("topic", sa.String(length=120), nullable=False),
        sa.Column("source_response_id", sa.Integer(), nullable=True),
        sa.Column("state", sa.JSON(), nullable=False),
        sa.Column("due", sa.DateTime(), nullable=False),
        sa.Column("reviews", sa.Integer(), server_default="0", nullable=False),
        sa.Column("suspended", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["learner_id"], ["learners.id"], name=op.f("fk_review_cards_learner_id_learners"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["source_response_id"], ["responses.id"],
                                name=op.f("fk_review_cards_source_response_id_responses"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_cards")),
        sa.UniqueConstraint("learner_id", "question_id", name=op.f("uq_review_cards_learner_id")),
    )
    with op.batch_alter_table("review_cards", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_review_cards_learner_id"), ["learner_id"], unique=False)
        batch_op.create_index("ix_review_cards_learner_id_due", ["learner_id", "due"], unique=False)
    op.create_table(
        "review_logs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("card_id", sa.Integer(), nullable=False),
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.String(length=120), nullable=False),
        sa.Column("rating", sa.Integer(), nullable=False),
        sa.Column("correct", sa.Boolean(), nullable=False),
        sa.Column("confidence", sa.String(length=10), nullable=True),
        sa.Column("latency_ms", sa.Integer(), nullable=False),
        sa.Column("state_before", sa.Integer(), nullable=False),
        sa.Column("elapsed_days", sa.Float(), nullable=True),
        sa.Column("due_after", sa.DateTime(), nullable=False),
        sa.Column("reviewed_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["card_id"], ["review_cards.id"], name=op.f("fk_review_logs_card_id_review_cards"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["learner_id"], ["learners.id"], name=op.f("fk_review_logs_learner_id_learners"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_logs")),
    )
    with op.batch_alter_table("review_logs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_review_logs_card_id"), ["card_id"], unique=False)
        batch_op.create_index("ix_review_logs_learner_id_reviewed_at", ["learner_id", "reviewed_at"], unique=False)
    op.create_table(
        "resource_progress",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("resource_id", sa.String(length=120), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["learner_id"], ["learners.id"],
                                name=op.f("fk_resource_progress_learner_id_learners"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_resource_progress")),
        sa.UniqueConstraint("learner_id", "resource_id", name=op.f("uq_resource_progress_learner_id")),
    )
    with op.batch_alter_table("resource_progress", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_resource_progress_learner_id"), ["learner_id"], unique=False)


def downgrade() -> None:
    op.drop_table("resource_progress")
    op.drop_table("review_logs")
    op.drop_table("review_cards")
    with op.batch_alter_table("learners", schema=None) as batch_op:
        batch_op.drop_column("daily_new_reviews")
        batch_op.drop_column("desired_retention")
