"""openings (a role, its scenario, rubric and deadline); interviews belong to one, remember
their e-mailed invites and keep the summary figures for ranking

Revision ID: 0004_manager
Revises: 0003_scores
Create Date: 2026-11-28 10:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import app.db.tables

revision = "0004_manager"
down_revision = "0003_scores"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "openings",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("scenario_id", sa.String(length=100), nullable=False),
        sa.Column("rubric_id", sa.String(length=100), nullable=False),
        sa.Column("deadline", app.db.tables.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_at", app.db.tables.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["owner_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_openings_owner_id", "openings", ["owner_id"])
    op.create_index("ix_openings_created_at", "openings", ["created_at"])
    # Rows written before this revision get their summary figures on first read
    # (summary_version 0 is older than any app.flows.scores.SUMMARY_VERSION).
    with op.batch_alter_table("interviews") as batch:
        batch.add_column(sa.Column("opening_id", sa.String(length=32), nullable=True))
        batch.add_column(
            sa.Column("emailed_at", app.db.tables.UTCDateTime(timezone=True), nullable=True)
        )
        batch.add_column(sa.Column("reminders", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("applied", sa.Float(), nullable=True))
        batch.add_column(sa.Column("self_score", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("flags", sa.JSON(), nullable=True))
        batch.add_column(
            sa.Column("summary_version", sa.Integer(), nullable=False, server_default="0")
        )
        batch.create_index("ix_interviews_opening_id", ["opening_id"])
        batch.create_foreign_key(
            "fk_interviews_opening_id_openings", "openings", ["opening_id"], ["id"]
        )


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("interviews") as batch:
        batch.drop_constraint("fk_interviews_opening_id_openings", type_="foreignkey")
        batch.drop_index("ix_interviews_opening_id")
        for column in (
            "summary_version",
            "flags",
            "self_score",
            "applied",
            "reminders",
            "emailed_at",
            "opening_id",
        ):
            batch.drop_column(column)
    op.drop_index("ix_openings_created_at", table_name="openings")
    op.drop_index("ix_openings_owner_id", table_name="openings")
    op.drop_table("openings")
