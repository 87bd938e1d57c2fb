"""interviews.engine_model: the language model that played the prospect

Revision ID: 0005_prospect
Revises: 0004_manager
Create Date: 2026-12-05 12:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_prospect"
down_revision = "0004_manager"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("interviews") as batch:
        batch.add_column(
            sa.Column("engine_model", sa.String(length=200), nullable=False, server_default="")
        )


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("interviews") as batch:
        batch.drop_column("engine_model")
