"""scorecards: each interview's scores, stored once with the scorer's version

Revision ID: 0003_scores
Revises: 0002_security
Create Date: 2026-11-27 10:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import app.db.tables

revision = "0003_scores"
down_revision = "0002_security"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    # Interviews that ended before this revision have no rows here: the service scores them
    # once on first read (or `coachable rescore --apply` does, all at once) and stores that.
    op.create_table(
        "scorecards",
        sa.Column("interview_id", sa.String(length=32), nullable=False),
        sa.Column("part", sa.String(length=24), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("scorer_version", sa.String(length=32), nullable=False),
        sa.Column("scored_at", app.db.tables.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["interview_id"], ["interviews.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("interview_id", "part"),
    )


def downgrade() -> None:
    """Revert this revision."""
    op.drop_table("scorecards")
