"""Alembic migrations of the tracking database (env.py, versions/)."""
