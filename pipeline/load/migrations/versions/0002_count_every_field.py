"""The documents table counts every field's items: n_criteria_summaries.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-04

Frozen: later changes to the tables go in new revisions, never here.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("n_criteria_summaries", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.drop_column("n_criteria_summaries")
