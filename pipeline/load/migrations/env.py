"""Alembic's entry point for ntm's tracking database.

Run programmatically by pipeline.load.migrate, which hands over an open connection in
`config.attributes["connection"]`; from the command line (`alembic -c pipeline/load/alembic.ini
-x url=sqlite:///out/ntm.sqlite upgrade head`) it connects to the `url` given with -x.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from pipeline.load.models import metadata

config = context.config


def run_with(connection) -> None:
    # Batch mode lets later revisions alter SQLite tables (which has no ALTER COLUMN).
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        run_with(connection)
        return
    url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option("sqlalchemy.url")
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            run_with(connection)
            connection.commit()
    finally:
        engine.dispose()


def run_offline() -> None:
    url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option("sqlalchemy.url")
    context.configure(url=url, target_metadata=metadata, literal_binds=True, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
