"""Creating and upgrading the tracking database with the Alembic migrations shipped in this package.

No alembic.ini is needed: the configuration is built here and the open connection handed to
`migrations/env.py`, so an office's existing database is upgraded in place by `upgrade(url)`.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# Alembic keeps the running migration's context in module globals: one migration at a time per process
# (`ntm serve` loads from a batch thread while requests open the database).
_LOCK = threading.Lock()


MIGRATION_LOCK = 0x6E746D  # "ntm": PostgreSQL advisory lock id held while migrating


def upgrade_engine(engine: Engine, revision: str = "head") -> None:
    """Upgrade in one transaction, holding the database's write lock from the start, so that two
    loads starting at once migrate one after the other instead of both creating the tables."""
    with _LOCK, _migrating(engine) as connection:
        if connection.dialect.name == "postgresql":
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
        command.upgrade(_config(connection), revision)


def downgrade_engine(engine: Engine, revision: str) -> None:
    with _LOCK, _migrating(engine) as connection:
        command.downgrade(_config(connection), revision)


@contextmanager
def _migrating(engine: Engine) -> Iterator[Connection]:
    """A transaction to migrate in. On SQLite, foreign keys are off while it runs (a table rebuilt
    by a batch migration is dropped and recreated: with them on, the drop would delete every item
    row through ON DELETE CASCADE) and the write lock is taken at once; the pool's connections are
    replaced after, so that they come back with foreign keys on."""
    if engine.dialect.name != "sqlite":
        with engine.begin() as connection:
            yield connection
        return
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA foreign_keys = OFF")  # only outside a transaction
            connection.exec_driver_sql("BEGIN IMMEDIATE")  # the write lock now, not at the first CREATE
            yield connection
            connection.commit()
    finally:
        engine.dispose()


def _config(connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config
