"""The tracking database on SQLite and on a real PostgreSQL server: migrations, idempotent loads,
replaced documents, and a load killed part-way then re-run."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, select

from pipeline.export.tables import COLUMNS, ITEM_FIELDS, read_extractions, rows_of
from pipeline.load import DatabaseError, default_url, load, make_engine, upgrade
from pipeline.load.migrate import downgrade_engine
from pipeline.load.models import ITEM_TABLES, REVIEW_TABLES, documents, metadata
from tests.batches import copy_batch, extracted_batch
from tests.helpers import REPO
from tests.pg import postgres_server, postgres_url  # noqa: F401  (fixtures)

ALL_TABLES = {"documents", *ITEM_FIELDS, *REVIEW_TABLES}


@pytest.fixture(scope="module")
def batch_dir(tmp_path_factory) -> Path:
    return extracted_batch(tmp_path_factory)


@pytest.fixture
def out_dir(batch_dir, tmp_path) -> Path:
    return copy_batch(batch_dir, tmp_path / "out")


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'ntm.sqlite'}"
    return request.getfixturevalue("postgres_url")


# ── reading the database back ─────────────────────────────────────────────────


def contents(url: str) -> dict[str, list[tuple]]:
    """Every table's rows without the database's own ids and times, in document and item order."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            docs = {row.id: row for row in connection.execute(select(documents))}
            path = {doc_id: row.source_path for doc_id, row in docs.items()}
            result = {"documents": sorted(
                tuple(v for k, v in row._mapping.items() if k not in ("id", "loaded_at")) for row in docs.values()
            )}
            for name, table in ITEM_TABLES.items():
                rows = connection.execute(select(table)).mappings()
                result[name] = sorted(
                    (path[row["document_id"]], *(v for k, v in row.items() if k not in ("id", "document_id")))
                    for row in rows
                )
        return result
    finally:
        engine.dispose()


def snapshot(url: str) -> dict[str, list[tuple]]:
    """Everything, ids and load times included: what a load that changes nothing leaves alone."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return {name: sorted(tuple(row) for row in connection.execute(select(table)))
                    for name, table in [("documents", documents), *ITEM_TABLES.items()]}
    finally:
        engine.dispose()


def expected_contents(out_dir: Path) -> dict[str, list[tuple]]:
    """What `contents` should read after loading `out_dir`: the comparison tables' rows."""
    result: dict[str, list[tuple]] = {"documents": [], **{name: [] for name in ITEM_TABLES}}
    for name, extraction in read_extractions(out_dir):
        rows = rows_of(name, extraction)
        digest = hashlib.sha256((out_dir / "documents" / f"{name}.json").read_bytes()).hexdigest()
        result["documents"].append(_expected_document(rows["documents"][0], extraction, digest))
        for table in ITEM_TABLES:
            result[table] += [_expected_item(table, row, position, extraction["source"]["path"])
                              for position, row in enumerate(rows[table])]
    return {table: sorted(rows) for table, rows in result.items()}


def _sql(table: str, row: dict) -> dict:
    """A table row's values as the database returns them: dates as dates."""
    return {name: date.fromisoformat(row[name]) if kind == "date" and row[name] else row[name]
            for name, kind in COLUMNS[table]}


def _expected_document(row: dict, extraction: dict, digest: str) -> tuple:
    values = _sql("documents", row) | {
        "source_key": extraction["source"].get("key") or extraction["source"]["path"],
        "sha256": extraction["doc_id"],
        "extraction_sha256": digest,
        "pipeline_version": extraction.get("pipeline_version"),
        "schema_version": extraction.get("schema_version"),
    }
    return tuple(values[c.name] for c in documents.columns if c.name not in ("id", "loaded_at"))


def _expected_item(table: str, row: dict, position: int, source_path: str) -> tuple:
    values = _sql(table, row) | {"position": position}
    return (source_path, *(values[c.name] for c in ITEM_TABLES[table].columns if c.name not in ("id", "document_id")))


def json_files(out_dir: Path) -> list[Path]:
    return sorted((out_dir / "documents").glob("*.json"))


# ── migrations ────────────────────────────────────────────────────────────────


def schema_differences(url: str) -> list:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return compare_metadata(MigrationContext.configure(connection), metadata)
    finally:
        engine.dispose()


def table_names(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_migrations_create_the_tables_drop_them_and_create_them_again(db_url):
    upgrade(db_url)
    assert table_names(db_url) == ALL_TABLES | {"alembic_version"}
    assert schema_differences(db_url) == []  # the migrations build exactly the tables of models.py

    engine = make_engine(db_url)
    try:
        downgrade_engine(engine, "base")
    finally:
        engine.dispose()
    assert table_names(db_url) == {"alembic_version"}

    upgrade(db_url)
    assert schema_differences(db_url) == []


# ── loading ───────────────────────────────────────────────────────────────────


def test_a_load_holds_every_row_of_the_comparison_tables(db_url, out_dir):
    summary = load(out_dir, db_url)
    n = len(json_files(out_dir))
    assert (summary.inserted, summary.replaced, summary.unchanged, summary.failed) == (n, 0, 0, 0)
    assert contents(db_url) == expected_contents(out_dir)


def test_loading_twice_changes_nothing(db_url, out_dir):
    load(out_dir, db_url)
    before = snapshot(db_url)
    summary = load(out_dir, db_url)
    assert (summary.inserted, summary.replaced, summary.unchanged) == (0, 0, len(json_files(out_dir)))
    assert snapshot(db_url) == before  # same ids, same loaded_at, no new rows


def test_sqlite_and_postgresql_hold_the_same_rows(out_dir, tmp_path, postgres_url):  # noqa: F811 (fixture)
    sqlite_url = f"sqlite:///{tmp_path / 'same.sqlite'}"
    for _ in range(2):
        load(out_dir, sqlite_url)
        load(out_dir, postgres_url)
        assert contents(sqlite_url) == contents(postgres_url)


def test_a_changed_document_replaces_its_rows(db_url, out_dir):
    load(out_dir, db_url)
    before = snapshot(db_url)
    path = max(json_files(out_dir), key=lambda p: len(json.loads(p.read_text(encoding="utf-8"))["targets"]))
    extraction = json.loads(path.read_text(encoding="utf-8"))
    extraction["doc_id"] = "f" * 64  # the source file was edited
    extraction["targets"] = extraction["targets"][1:]
    extraction["targets"][0]["value"] += 1
    path.write_text(json.dumps(extraction, ensure_ascii=False), encoding="utf-8")

    summary = load(out_dir, db_url)
    assert (summary.inserted, summary.replaced, summary.unchanged) == (0, 1, len(json_files(out_dir)) - 1)
    assert contents(db_url) == expected_contents(out_dir)
    after = snapshot(db_url)
    changed = next(row for row in after["documents"] if row.count("f" * 64))
    unchanged_before = [row for row in before["documents"] if row[0] != changed[0]]
    assert unchanged_before == [row for row in after["documents"] if row[0] != changed[0]]
    assert changed[0] in {row[0] for row in before["documents"]}  # the same document, updated in place


# ── a load killed part-way ────────────────────────────────────────────────────

# Loads in a child process that SIGKILLs itself while document number KILL_AT (1-based) is
# half-written: its item rows are inserted but its transaction is not committed.
KILLED_LOAD = """
import os, signal, sys
from pathlib import Path
from pipeline.load import db

kill_at = int(sys.argv[3])
insert_items = db._insert_items
started = 0

def insert_then_die(connection, document_id, items):
    global started
    started += 1
    insert_items(connection, document_id, items)
    if started == kill_at:
        os.kill(os.getpid(), signal.SIGKILL)

db._insert_items = insert_then_die
db.load(Path(sys.argv[1]), sys.argv[2])
"""


def killed_load(out_dir: Path, url: str, kill_at: int) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    result = subprocess.run([sys.executable, "-c", KILLED_LOAD, str(out_dir), url, str(kill_at)],
                            capture_output=True, text=True, timeout=120, env=env, cwd=REPO)
    assert result.returncode == -signal.SIGKILL, result.stderr


def test_a_load_killed_part_way_then_rerun_loses_nothing_and_duplicates_nothing(db_url, out_dir):
    killed_load(out_dir, db_url, kill_at=4)
    partial = contents(db_url)
    expected = expected_contents(out_dir)
    loaded = {row[0] for row in partial["documents"]}  # every row starts with its document's source path
    assert len(loaded) == 3
    for table, rows in partial.items():  # the three committed documents are whole; the fourth left nothing
        assert rows == [row for row in expected[table] if row[0] in loaded], table

    summary = load(out_dir, db_url)
    assert (summary.inserted, summary.unchanged) == (len(json_files(out_dir)) - 3, 3)
    assert contents(db_url) == expected


def test_a_load_killed_while_replacing_keeps_the_old_rows_of_the_unfinished_document(db_url, out_dir):
    load(out_dir, db_url)
    old = contents(db_url)
    files = json_files(out_dir)
    for path in files:  # every source edited: each document's rows will be replaced
        extraction = json.loads(path.read_text(encoding="utf-8"))
        extraction["doc_id"] = extraction["doc_id"][::-1]
        extraction["deadlines"] = extraction["deadlines"][:-1]
        path.write_text(json.dumps(extraction, ensure_ascii=False), encoding="utf-8")

    killed_load(out_dir, db_url, kill_at=2)
    partial = contents(db_url)
    new = expected_contents(out_dir)
    first = {row[0] for row in partial["documents"] if row[2] != _old_sha(old, row[0])}
    assert len(first) == 1  # only the first replacement committed
    for table in ITEM_TABLES:
        assert partial[table] == sorted(
            [row for row in new[table] if row[0] in first] + [row for row in old[table] if row[0] not in first]
        ), table

    summary = load(out_dir, db_url)
    assert (summary.replaced, summary.unchanged) == (len(files) - 1, 1)
    assert contents(db_url) == new


def _old_sha(old: dict[str, list[tuple]], source_path: str) -> str:
    return next(row[2] for row in old["documents"] if row[0] == source_path)  # (source_path, document, sha256, ...)


# ── defaults and errors ───────────────────────────────────────────────────────


def test_the_default_database_is_a_single_sqlite_file_in_the_output_folder(out_dir):
    summary = load(out_dir)
    assert summary.inserted == len(json_files(out_dir))
    assert summary.db_url == default_url(out_dir)
    assert sorted(p.name for p in out_dir.iterdir() if p.name.startswith("ntm.sqlite")) == ["ntm.sqlite"]
    assert contents(default_url(out_dir)) == expected_contents(out_dir)


def test_a_broken_json_is_reported_and_the_others_load(out_dir, tmp_path):
    (out_dir / "documents" / "broken.json").write_text('{"doc_id": ', encoding="utf-8")
    summary = load(out_dir, f"sqlite:///{tmp_path / 'x.sqlite'}")
    assert (summary.failed, summary.inserted) == (1, len(json_files(out_dir)) - 1)
    assert "broken.json" in summary.errors[0]


def test_an_unusable_url_is_one_clear_error(tmp_path):
    with pytest.raises(DatabaseError, match="not a usable database URL"):
        load(tmp_path, "nosuchdb://x")
    with pytest.raises(DatabaseError, match="cannot open"):
        upgrade("postgresql://nobody@127.0.0.1:1/none")
