"""A document is identified by a stable source key, not by its path as typed.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04

`source_key` is the source's resolved absolute path at extraction (or a key the batch gives), so
two communes' `in/bao_cao.txt` are two documents and one file reached by a relative and an absolute
path is one. Rows of an existing database keep their path as typed for key: it is all they know.
`source_path` stays, no longer unique. Frozen: later changes go in new revisions.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("source_key", sa.Text(), nullable=True))
    op.execute("UPDATE documents SET source_key = source_path")
    with op.batch_alter_table("documents") as batch:
        batch.alter_column("source_key", existing_type=sa.Text(), nullable=False)
        batch.drop_constraint("uq_documents_source_path", type_="unique")
        batch.create_unique_constraint("uq_documents_source_key", ["source_key"])


def downgrade() -> None:
    # Two rows with one path as typed cannot both stay under the old unique path: keep the latest.
    op.execute("DELETE FROM documents WHERE id NOT IN (SELECT MAX(id) FROM documents GROUP BY source_path)")
    with op.batch_alter_table("documents") as batch:
        batch.drop_constraint("uq_documents_source_key", type_="unique")
        batch.create_unique_constraint("uq_documents_source_path", ["source_path"])
        batch.drop_column("source_key")
