"""Create the tables: documents and one table per kind of item.

Revision ID: 0001
Revises:
Create Date: 2026-11-23

Frozen: later changes to the tables go in new revisions, never here.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

ITEM_TABLES = ["references", "criteria", "criteria_summaries", "targets", "deadlines", "warnings"]


def _text(*names: str) -> list[sa.Column]:
    return [sa.Column(name, sa.Text(), nullable=True) for name in names]


def _int(*names: str) -> list[sa.Column]:
    return [sa.Column(name, sa.Integer(), nullable=True) for name in names]


def _float(*names: str) -> list[sa.Column]:
    return [sa.Column(name, sa.Float(), nullable=True) for name in names]


def _date(*names: str) -> list[sa.Column]:
    return [sa.Column(name, sa.Date(), nullable=True) for name in names]


def _bool(*names: str) -> list[sa.Column]:
    return [sa.Column(name, sa.Boolean(), nullable=True) for name in names]


def _item_table(name: str, *columns: sa.Column) -> None:
    op.create_table(
        name,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        *columns,
        *_int("span_start", "span_end"), *_text("text"), *_int("page"),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"], ondelete="CASCADE",
                                name=op.f(f"fk_{name}_document_id_documents")),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{name}")),
        sa.UniqueConstraint("document_id", "position", name=op.f(f"uq_{name}_document_id")),
    )


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_path", sa.Text(), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("extraction_sha256", sa.String(length=64), nullable=False),
        *_text("pipeline_version", "schema_version"),
        sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),
        *_text("format"), *_int("pages", "ocr_pages"), *_float("ocr_confidence"),
        *_text("doc_type", "number", "symbol", "issuer", "place"), *_date("issued_date"),
        *_int("issued_year", "issued_month"),
        *_text("subject", "signer_name", "signer_title", "commune", "district", "province"),
        *_int("n_references", "n_criteria", "n_targets", "n_deadlines", "n_warnings"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_documents")),
        sa.UniqueConstraint("source_path", name=op.f("uq_documents_source_path")),
    )
    _item_table(
        "references",
        *_text("code", "doc_type", "number", "symbol"), *_date("date"),
        *_text("date_text", "issuer", "issuer_level", "subject", "title"), *_int("n_mentions"),
    )
    _item_table(
        "criteria",
        *_text("commune", "district", "province"), *_int("criterion"),
        *_text("criterion_name", "status"), *_int("as_of"),
    )
    _item_table(
        "criteria_summaries",
        *_float("achieved"), *_int("total"), *_text("unit", "status"), *_bool("average"),
    )
    _item_table(
        "targets",
        *_text("commune", "district", "province", "indicator", "indicator_id", "parent", "comparator"),
        *_float("value", "value_max"), *_text("unit"), *_float("value_canonical"),
        *_text("unit_canonical", "kind"), *_int("year"),
    )
    _item_table(
        "deadlines",
        *_date("date", "start"), *_text("granularity"), *_bool("inclusive"), *_text("task", "recurrence"),
    )
    _item_table("warnings", *_text("code", "message"))


def downgrade() -> None:
    for name in reversed(ITEM_TABLES):
        op.drop_table(name)
    op.drop_table("documents")
