"""Identity in the tracking database: a document is its stable source key (the resolved path at
extraction), not its path as typed. Two communes' `in/bao_cao.txt` are two documents; one file
reached by a relative and an absolute path is one; an existing database migrates with its rows."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime

import pytest
from sqlalchemy import insert

from pipeline import batch
from pipeline.load import load
from pipeline.load.db import make_engine, upgrade
from pipeline.load.models import ITEM_TABLES, documents
from tests.pg import postgres_server, postgres_url  # noqa: F401
from tests.reliability.common import GOOD, cli, error_lines, good, read_errors

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


# ── a batch-given key: --key-prefix NAME (and --source-root DIR) ──


def _keys(url: str) -> list[str]:
    engine = make_engine(url)
    with engine.connect() as connection:
        keys = connection.exec_driver_sql("select source_key from documents order by source_key").scalars().all()
    engine.dispose()
    return keys


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_two_machines_with_the_same_path_under_two_batch_keys_are_two_documents(tmp_path, backend, request):
    """The same absolute path on two machines (here: one folder, its file replaced between runs)
    resolves to one path; the batch key keeps their documents apart."""
    url = f"sqlite:///{tmp_path / 'db.sqlite'}" if backend == "sqlite" else request.getfixturevalue("postgres_url")
    folder = tmp_path / "in"
    for machine, text in (("may-a", GOOD), ("may_b", GOOD.replace("TÂN LẬP", "HOÀ AN").replace("17/19", "15/19"))):
        good(folder, "bao_cao.txt", text)
        summary = batch.extract([folder], tmp_path / machine, workers=1, db=url, key_prefix=machine)
        assert (summary.ok, summary.failed) == (1, 0), summary
    assert _keys(url) == ["may-a:bao_cao.txt", "may_b:bao_cao.txt"]
    summary = batch.extract([folder], tmp_path / "may_b", workers=1, db=url, key_prefix="may_b")
    assert summary.skipped == 1 and summary.database.unchanged == 1  # a rerun is the same document


def test_one_file_by_relative_and_absolute_path_and_by_its_folder_is_one_keyed_document(tmp_path):
    db = tmp_path / "db.sqlite"
    path = good(tmp_path / "in", "bao_cao.txt")
    for given, out in (("in/bao_cao.txt", "o1"), (str(path), "o2"), ("in", "o3"), (str(tmp_path / "in"), "o4")):
        proc = cli(["extract", given, "--out", out, "--workers", "1", "--db", f"sqlite:///{db}",
                    "--key-prefix", "xa_tan_lap"], tmp_path)
        assert proc.returncode == 0, proc.stderr
    assert _keys(f"sqlite:///{db}") == ["xa_tan_lap:bao_cao.txt"]
    [document] = (tmp_path / "o1" / "documents").glob("*.json")
    assert json.loads(document.read_text(encoding="utf-8"))["source"]["key"] == "xa_tan_lap:bao_cao.txt"


def test_a_source_root_keys_a_subfolder_run_as_the_whole_tree_does(tmp_path):
    root = tmp_path / "nop"
    good(root / "huyen_x" / "xa_a", "bao_cao.txt")
    outside = good(tmp_path / "khac", "bao_cao.txt")
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    echoed: list[str] = []
    whole = batch.extract([root], tmp_path / "o1", workers=1, db=url, key_prefix="tinh", source_root=root)
    part = batch.extract([root / "huyen_x" / "xa_a", outside], tmp_path / "o2", workers=1, db=url,
                         key_prefix="tinh", source_root=root, echo=echoed.append)
    assert (whole.ok, part.ok, part.failed) == (1, 1, 1), (whole, part)
    assert _keys(url) == ["tinh:huyen_x/xa_a/bao_cao.txt"]
    [error] = read_errors(tmp_path / "o2")
    assert error["source"] == str(outside) and "outside --source-root" in error["message"]
    assert echoed == [error["message"]]


def test_a_new_batch_key_redoes_the_document_with_it(tmp_path):
    good(tmp_path / "in", "bao_cao.txt")
    first = batch.extract([tmp_path / "in"], tmp_path / "out", workers=1)
    again = batch.extract([tmp_path / "in"], tmp_path / "out", workers=1, key_prefix="xa")
    assert (first.ok, again.ok, again.skipped) == (1, 1, 0)
    [document] = (tmp_path / "out" / "documents").glob("*.json")
    assert json.loads(document.read_text(encoding="utf-8"))["source"]["key"] == "xa:bao_cao.txt"
    assert batch.extract([tmp_path / "in"], tmp_path / "out", workers=1, key_prefix="xa").skipped == 1


@pytest.mark.parametrize("args, fragment", [
    (["--key-prefix", "xa:a"], "key prefix 'xa:a'"),
    (["--key-prefix", "/tmp"], "key prefix '/tmp'"),
    (["--source-root", "in"], "--source-root needs --key-prefix"),
    (["--key-prefix", "xa", "--source-root", "khong_co"], "khong_co: --source-root is not a folder"),
])
def test_a_bad_batch_key_is_one_line(tmp_path, args, fragment):
    good(tmp_path / "in", "bao_cao.txt")
    proc = cli(["extract", "in", "--out", "out", "--workers", "1", *args], tmp_path)
    assert proc.returncode == 2 and [fragment in line for line in error_lines(proc.stderr)] == [True], proc.stderr
    assert not (tmp_path / "out" / "documents").exists()
