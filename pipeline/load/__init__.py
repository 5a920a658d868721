"""The tracking database: a batch's comparison tables in SQLite (default) or PostgreSQL.

`load(out, db)` creates or upgrades the schema with the Alembic migrations shipped in
this package, then loads `OUT/documents/*.json` idempotently; `upgrade(db_url)` only migrates.
"""

from __future__ import annotations

from pipeline.load.db import DatabaseError, LoadSummary, default_url, load, make_engine, upgrade

__all__ = ["DatabaseError", "LoadSummary", "default_url", "load", "make_engine", "upgrade"]
