"""judge_results: the optional LLM judge's second opinion, one row per interview part

Revision ID: 0006_judge
Revises: 0005_prospect
Create Date: 2026-12-05 12:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import app.db.tables

revision = "0006_judge"
down_revision = "0005_prospect"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "judge_results",
        sa.Column("interview_id", sa.String(length=32), nullable=False),
        sa.Column("part", sa.String(length=24), nullable=False),
        sa.Column("model", sa.String(length=200), nullable=False),
        sa.Column("prompt_version", sa.String(length=32), nullable=False),
        sa.Column("scorer_version", sa.String(length=32), nullable=False),
        sa.Column("failed", sa.Boolean(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("judged_at", app.db.tables.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["interview_id"], ["interviews.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("interview_id", "part"),
    )


def downgrade() -> None:
    """Revert this revision."""
    op.drop_table("judge_results")
