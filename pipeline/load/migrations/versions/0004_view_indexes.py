"""Indexes for the tracking views of `ntm serve`: targets by indicator, deadlines by date,
references by code, documents by district.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04

Frozen: later changes go in new revisions.
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_targets_indicator_id", "targets", ["indicator_id", "document_id", "position"])
    op.create_index("ix_deadlines_date", "deadlines", ["date"])
    op.create_index("ix_references_code", "references", ["code"])
    op.create_index("ix_documents_district", "documents", ["district", "commune"])


def downgrade() -> None:
    op.drop_index("ix_documents_district", table_name="documents")
    op.drop_index("ix_references_code", table_name="references")
    op.drop_index("ix_deadlines_date", table_name="deadlines")
    op.drop_index("ix_targets_indicator_id", table_name="targets")
