"""Criteria and criteria counts name the commune a table row gives them to: unit_name.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04

Frozen: later changes to the tables go in new revisions, never here.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

TABLES = ("criteria", "criteria_summaries")


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("unit_name", sa.Text(), nullable=True))


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("unit_name")
