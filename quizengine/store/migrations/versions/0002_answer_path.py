"""answer path: per-response item parameters and engine version; attempt counters

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("attempts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("answered_count", sa.Integer(), server_default="0", nullable=False))
        batch_op.add_column(sa.Column("correct_count", sa.Integer(), server_default="0", nullable=False))
        batch_op.create_index("ix_attempts_learner_id_id", ["learner_id", "id"], unique=False)
    with op.batch_alter_table("responses", schema=None) as batch_op:
        batch_op.add_column(sa.Column("item_a", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("item_b", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("item_c", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("engine_version", sa.String(length=20), nullable=True))
    # Existing attempts: count what is already stored.
    op.execute(
        "UPDATE attempts SET "
        "answered_count = (SELECT COUNT(*) FROM responses WHERE responses.attempt_id = attempts.id), "
        "correct_count = (SELECT COUNT(*) FROM responses WHERE responses.attempt_id = attempts.id "
        "AND responses.correct)"
    )


def downgrade() -> None:
    with op.batch_alter_table("responses", schema=None) as batch_op:
        batch_op.drop_column("engine_version")
        batch_op.drop_column("item_c")
        batch_op.drop_column("item_b")
        batch_op.drop_column("item_a")
    with op.batch_alter_table("attempts", schema=None) as batch_op:
        batch_op.drop_index("ix_attempts_learner_id_id")
        batch_op.drop_column("correct_count")
        batch_op.drop_column("answered_count")
