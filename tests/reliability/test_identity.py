"""Identity in the tracking database: a document is its stable source key (the resolved path at
extraction), not its path as typed. Two communes' `in/bao_cao.txt` are two documents; one file
reached by a relative and an absolute path is one; an existing database migrates with its rows."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime

import pytest
from sqlalchemy import insert

from pipeline.load import load
from pipeline.load.db import make_engine, upgrade
from pipeline.load.models import ITEM_TABLES, documents
from tests.pg import postgres_server, postgres_url  # noqa: F401
from tests.reliability.common import GOOD, cli, good

pytestmark = pytest.mark.timeout(300)


def _rows(db) -> list[tuple]:
    with sqlite3.connect(db) as c:
        return c.execute("select source_path, source_key, sha256 from documents order by id").fetchall()


def test_two_communes_with_the_same_relative_path_are_two_documents(tmp_path):
    db = tmp_path / "db.sqlite"
    for commune, text in (("xa_a", GOOD), ("xa_b", GOOD.replace("TÂN LẬP", "HOÀ AN").replace("17/19", "15/19"))):
        good(tmp_path / commune / "in", "bao_cao.txt", text)
        proc = cli(["extract", "in/bao_cao.txt", "--out", "out", "--workers", "1", "--db", f"sqlite:///{db}"],
                   tmp_path / commune)
        assert proc.returncode == 0, proc.stderr
    rows = _rows(db)
    assert [r[0] for r in rows] == ["in/bao_cao.txt", "in/bao_cao.txt"]
    assert {r[1] for r in rows} == {str(tmp_path / c / "in" / "bao_cao.txt") for c in ("xa_a", "xa_b")}


def test_one_file_by_a_relative_and_an_absolute_path_is_one_document(tmp_path):
    db = tmp_path / "db.sqlite"
    path = good(tmp_path / "in", "bao_cao.txt")
    for given, out in (("in/bao_cao.txt", "o1"), (str(path), "o2")):
        proc = cli(["extract", given, "--out", out, "--workers", "1", "--db", f"sqlite:///{db}"], tmp_path)
        assert proc.returncode == 0, proc.stderr
    [row] = _rows(db)
    assert row[1] == str(path)


def test_a_key_is_the_resolved_path_through_symlinks(tmp_path):
    path = good(tmp_path / "that", "bao_cao.txt")
    (tmp_path / "link").symlink_to(tmp_path / "that", target_is_directory=True)
    proc = cli(["extract", "link/bao_cao.txt", "--out", "out", "--workers", "1"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    [document] = (tmp_path / "out" / "documents").glob("*.json")
    source = json.loads(document.read_text(encoding="utf-8"))["source"]
    assert source["path"] == "link/bao_cao.txt" and source["key"] == str(path)


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_an_existing_database_migrates_keeping_its_rows_and_adopts_them(tmp_path, backend, request):
    url = f"sqlite:///{tmp_path / 'old.sqlite'}" if backend == "sqlite" else request.getfixturevalue("postgres_url")
    upgrade(url, "0004")  # a database of the previous version, with one document and one item
    good(tmp_path / "in", "bao_cao.txt")
    proc = cli(["extract", "in/bao_cao.txt", "--out", "out", "--workers", "1"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    [document] = (tmp_path / "out" / "documents").glob("*.json")
    extraction = json.loads(document.read_text(encoding="utf-8"))
    engine = make_engine(url)
    old_columns = {c.name for c in documents.columns} - {"source_key", "id"}
    with engine.begin() as connection:
        values = {name: None for name in old_columns} | {
            "source_path": "in/bao_cao.txt", "document": "bao_cao", "sha256": extraction["doc_id"],
            "extraction_sha256": "0" * 64, "loaded_at": datetime.now(UTC)}
        doc_id = connection.execute(insert(_old_documents()).values(values)).inserted_primary_key[0]
        connection.execute(insert(ITEM_TABLES["warnings"]).values(document_id=doc_id, position=0, code="x",
                                                                   message="kept"))
    engine.dispose()

    upgrade(url)  # 0004 → head: the item row survives the rebuilt documents table
    engine = make_engine(url)
    with engine.connect() as connection:
        assert connection.exec_driver_sql("select source_key from documents").scalars().all() == ["in/bao_cao.txt"]
        assert connection.exec_driver_sql("select message from warnings").scalars().all() == ["kept"]
    engine.dispose()

    summary = load(tmp_path / "out", url)  # the same file, now with its resolved key: the same document
    assert (summary.inserted, summary.replaced) == (0, 1), summary
    engine = make_engine(url)
    with engine.connect() as connection:
        assert connection.exec_driver_sql("select source_key from documents").scalars().all() == [
            str(tmp_path / "in" / "bao_cao.txt")]
    engine.dispose()


def _old_documents():
    """The documents table as revision 0004 has it (no source_key)."""
    from sqlalchemy import Column, MetaData, Table

    return Table("documents", MetaData(), *(Column(c.name, c.type, primary_key=c.primary_key)
                                            for c in documents.columns if c.name != "source_key"))
