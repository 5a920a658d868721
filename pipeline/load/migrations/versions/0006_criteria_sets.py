"""Criteria and criteria counts record their set (models/criteria/sets/): criteria_set.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04

Frozen: later changes to the tables go in new revisions, never here.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

TABLES = ("criteria", "criteria_summaries")


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("criteria_set", sa.Text(), nullable=True))


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("criteria_set")
