"""The tracking database's tables: the comparison tables, one row per document or item.

They are derived from the table columns (pipeline.export.tables.COLUMNS), so the database and
the files say the same thing. The migrations in `migrations/versions/` are the frozen history
of these definitions; a test checks that the migrated schema equals them, so a column added to
the tables needs a new revision.

`documents` is keyed by an integer id with a unique `source_key` (the source's resolved path at
extraction, or a key the batch gives; `source_path` is the path as typed); `sha256` is the source
file's digest (the extraction's doc_id) and `extraction_sha256` the digest of the JSON loaded,
which is how a load knows a document is unchanged. Item tables hold `document_id` and the
item's `position` in the JSON's list instead of the doc_id/document columns.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from pipeline.export.tables import COLUMNS, ITEM_FIELDS

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_name)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
SQL_TYPES = {"str": Text, "date": Date, "int": Integer, "float": Float, "bool": Boolean}

metadata = MetaData(naming_convention=NAMING)

# Columns of the files that the database holds differently.
DOCUMENT_RENAMED = {"doc_id": "sha256"}
ITEM_OMITTED = {"doc_id", "document"}

documents = Table(
    "documents", metadata,
    Column("id", Integer, primary_key=True),
    Column("source_path", Text, nullable=False),
    Column("document", Text, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("extraction_sha256", String(64), nullable=False),
    Column("pipeline_version", Text),
    Column("schema_version", Text),
    Column("loaded_at", DateTime(timezone=True), nullable=False),
    *(Column(name, SQL_TYPES[kind]) for name, kind in COLUMNS["documents"]
      if name not in {"doc_id", "document", "source_path"}),
    Column("source_key", Text, nullable=False),  # last: where migration 0005 added it
    UniqueConstraint("source_key"),
)


def _item_table(name: str) -> Table:
    return Table(
        name, metadata,
        Column("id", Integer, primary_key=True),
        Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        Column("position", Integer, nullable=False),
        *(Column(column, SQL_TYPES[kind]) for column, kind in COLUMNS[name] if column not in ITEM_OMITTED),
        UniqueConstraint("document_id", "position"),
    )


ITEM_TABLES: dict[str, Table] = {name: _item_table(name) for name in ITEM_FIELDS}


# ── review: what reviewers did (issue 13), kept apart from the machine's rows above ──
# A correction never changes an item row: it names the item it judges (field + span + text, and
# the item as the machine gave it), so a later load or re-extraction cannot lose it.

corrections = Table(
    "corrections", metadata,
    Column("id", Integer, primary_key=True),
    Column("document", Text, nullable=False, index=True),  # output name (OUT/documents/<document>.json)
    Column("doc_sha256", String(64), nullable=False),
    Column("field", Text, nullable=False),
    Column("action", String(16), nullable=False),  # accept, reject, edit, add
    Column("span_start", Integer, nullable=False),
    Column("span_end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("original", Text),  # the machine's item as JSON (null for an added item)
    Column("value", Text),  # JSON: the edited values, or the added item's values
    Column("user_name", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("pipeline_version", Text),  # of the extraction the reviewer saw
)

reviews = Table(
    "reviews", metadata,
    Column("document", Text, primary_key=True),
    Column("doc_sha256", String(64), nullable=False),
    Column("user_name", Text, nullable=False),
    Column("reviewed_at", DateTime(timezone=True), nullable=False),
    Column("pipeline_version", Text),
)

users = Table(
    "users", metadata,
    Column("name", Text, primary_key=True),
    Column("password_hash", Text, nullable=False),
    Column("role", String(16), nullable=False),  # reviewer or read-only
    Column("created_at", DateTime(timezone=True), nullable=False),
)

REVIEW_TABLES: dict[str, Table] = {"corrections": corrections, "reviews": reviews, "users": users}


# ── indexes for the tracking views of `ntm serve` (filters and orders over 10,000s of documents) ──

VIEW_INDEXES = (
    Index("ix_targets_indicator_id", ITEM_TABLES["targets"].c.indicator_id, ITEM_TABLES["targets"].c.document_id,
          ITEM_TABLES["targets"].c.position),
    Index("ix_deadlines_date", ITEM_TABLES["deadlines"].c.date),
    Index("ix_references_code", ITEM_TABLES["references"].c.code),
    Index("ix_documents_district", documents.c.district, documents.c.commune),
    Index("ix_criteria_set", ITEM_TABLES["criteria"].c.criteria_set, ITEM_TABLES["criteria"].c.document_id),
)
