"""profile evidence: how many measuring answers each ability snapshot rests on, across attempts

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("ability_snapshots", schema=None) as batch_op:
        batch_op.add_column(sa.Column("evidence_items", sa.Integer(), server_default="0", nullable=False))
    # Snapshots from before profiles rest on their own attempt's answers only.
    op.execute("UPDATE ability_snapshots SET evidence_items = n_items")


def downgrade() -> None:
    with op.batch_alter_table("ability_snapshots", schema=None) as batch_op:
        batch_op.drop_column("evidence_items")
