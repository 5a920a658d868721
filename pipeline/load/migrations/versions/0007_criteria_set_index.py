"""The communes × criteria view per set: criteria by set, then document.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04

Frozen: later changes go in new revisions.
"""

from __future__ import annotations

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_criteria_set", "criteria", ["criteria_set", "document_id"])


def downgrade() -> None:
    op.drop_index("ix_criteria_set", table_name="criteria")
