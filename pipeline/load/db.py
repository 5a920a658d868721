"""Loading a batch's extractions into the tracking database, idempotently.

Each document is loaded in its own transaction, committed before the next: if the process dies,
every document is either fully loaded or not at all, and a re-run finishes the job. A document
is identified by its source key: the source's resolved path at extraction (so one file reached by a
relative and an absolute path is one document, and two communes' `in/bao_cao.txt` are two), with
its content hash (`sha256`) telling versions apart. The same extraction loaded again changes nothing (it is
recognised by the digest of its JSON before the JSON is even parsed); a changed one (a new
source sha256, or a new extraction of the same source) has its rows replaced in one transaction.
Rows go in with one executemany per table, never one ORM object at a time.
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from alembic.util.exc import CommandError
from sqlalchemy import Connection, Engine, create_engine, delete, event, insert, select, update
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DataError, IntegrityError, NoSuchModuleError, OperationalError

from pipeline.errors import NtmError
from pipeline.export.tables import COLUMNS, extraction_files, rows_of
from pipeline.load.migrate import upgrade_engine
from pipeline.load.models import DOCUMENT_RENAMED, ITEM_OMITTED, ITEM_TABLES, documents

# A document that cannot be loaded is reported and skipped; anything else (no connection) stops the load.
DOCUMENT_ERRORS = (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError, IntegrityError, DataError,
                   OperationalError)


class DatabaseError(NtmError):
    code = "database_error"


@dataclass
class LoadSummary:
    db_url: str  # password hidden
    inserted: int = 0
    replaced: int = 0
    unchanged: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return (f"{self.inserted} inserted, {self.replaced} replaced, {self.unchanged} unchanged, "
                f"{self.failed} failed → {self.db_url}")


def default_url(out_dir: Path) -> str:
    return URL.create("sqlite", database=str((Path(out_dir) / "ntm.sqlite").resolve())).render_as_string()


def make_engine(db_url: str) -> Engine:
    """An engine for a SQLAlchemy URL; 'postgresql://' means psycopg 3, the driver ntm ships with."""
    try:
        url = make_url(db_url)
        if url.drivername == "postgresql":
            url = url.set(drivername="postgresql+psycopg")
        if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url)
    except (ArgumentError, NoSuchModuleError, ModuleNotFoundError) as e:
        raise DatabaseError(f"{db_url}: not a usable database URL ({e})") from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_foreign_keys)
    return engine


def _sqlite_foreign_keys(dbapi_connection, _record) -> None:
    dbapi_connection.execute("PRAGMA foreign_keys = ON")


def upgrade(db_url: str, revision: str = "head") -> None:
    """Create the tables, or bring an existing database up to this version's schema."""
    engine = make_engine(db_url)
    try:
        _upgrade(engine, revision)
    finally:
        engine.dispose()


def _upgrade(engine: Engine, revision: str = "head") -> None:
    shown = engine.url.render_as_string(hide_password=True)
    try:
        upgrade_engine(engine, revision)
    except OperationalError as e:
        raise DatabaseError(f"{shown}: cannot open the database ({_first_line(e.orig or e)})") from None
    except CommandError as e:  # e.g. a database migrated by a newer ntm
        raise DatabaseError(f"{shown}: cannot migrate the database ({_first_line(e)})") from None


def load(out: Path, db: str | None = None, reviewed_only: bool = False,
         review_db: str | None = None) -> LoadSummary:
    """Load every `OUT/documents/*.json` into the database (default: `OUT/ntm.sqlite`).

    A document reviewed in `ntm serve` (its review and corrections are in this database) is loaded
    with the reviewer's corrections applied; `reviewed_only` loads the reviewed documents alone.
    Reviews are read from `review_db` when given (the app's database, loading into another one)."""
    engine = make_engine(db or default_url(out))
    summary = LoadSummary(engine.url.render_as_string(hide_password=True))
    sqlite = engine.dialect.name == "sqlite"
    if sqlite:
        event.listen(engine, "connect", _sqlite_write_ahead)
    try:
        _upgrade(engine)
        with engine.connect() as connection:
            known = set(connection.execute(select(documents.c.extraction_sha256)).scalars())
        corrected = _corrected(out, engine, review_db)
        for path in extraction_files(out):
            if path.stem in corrected:
                _load_corrected(engine, path, corrected[path.stem], known, summary)
            elif not reviewed_only:
                _load_file(engine, path, known, summary)
    finally:
        engine.dispose()
    if sqlite:
        _sqlite_single_file(engine)
    return summary


def _sqlite_write_ahead(dbapi_connection, _record) -> None:
    # A commit per document would fsync the rollback journal each time (tens of ms); in WAL mode
    # with synchronous=NORMAL a commit is atomic and survives a crash of the process without one.
    dbapi_connection.execute("PRAGMA journal_mode = WAL")
    dbapi_connection.execute("PRAGMA synchronous = NORMAL")


def _sqlite_single_file(engine: Engine) -> None:
    """Back to a rollback journal, so the database at rest is one file that can be copied alone."""
    event.remove(engine, "connect", _sqlite_write_ahead)
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA journal_mode = DELETE")
    except OperationalError:
        pass  # another program has the database open: it stays in WAL mode, which is just as valid
    finally:
        engine.dispose()


RETRIES = 5  # a document another load is writing at the same moment is tried again


def _load_file(engine: Engine, path: Path, known: set[str], summary: LoadSummary) -> None:
    try:
        data = path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        if digest in known:
            summary.unchanged += 1
            return
        extraction = json.loads(data)
        if not isinstance(extraction, dict):
            raise ValueError("not an extraction (a JSON object is expected)")
        outcome = _with_retries(lambda: load_document(engine, path.stem, extraction, digest))
    except DOCUMENT_ERRORS as e:
        summary.failed += 1
        reason = "not valid JSON" if isinstance(e, json.JSONDecodeError) else "cannot be loaded"
        summary.errors.append(f"{path}: {reason} ({type(e).__name__}: {_first_line(e)})")
        return
    known.add(digest)
    setattr(summary, outcome, getattr(summary, outcome) + 1)


def _with_retries(load_one):
    """Two loads into one database at once (two offices, or a rerun while one runs) can collide on
    the same document: the second insert breaks the unique key, or SQLite says the database is
    busy. The transaction was rolled back whole, so trying again sees the other load's row."""
    for attempt in range(RETRIES):
        try:
            return load_one()
        except (IntegrityError, OperationalError) as e:
            transient = isinstance(e, IntegrityError) or any(
                word in str(e.orig).lower() for word in ("locked", "busy", "deadlock", "serializ"))
            if not transient or attempt == RETRIES - 1:
                raise
            time.sleep(0.05 * 2**attempt)
    raise AssertionError("unreachable")


def _corrected(out_dir: Path, engine: Engine, review_db: str | None) -> dict:
    """Reviewed document name → a function giving its corrected extraction (pipeline.serve.store)."""
    from pipeline.serve.store import corrected_loader

    if review_db is None:
        return corrected_loader(Path(out_dir), engine)
    reviews = make_engine(review_db)
    try:
        _upgrade(reviews)
        return corrected_loader(Path(out_dir), reviews)
    finally:
        reviews.dispose()


def _load_corrected(engine: Engine, path: Path, corrected, known: set[str], summary: LoadSummary) -> None:
    try:
        extraction, digest = corrected()
        if digest in known:
            summary.unchanged += 1
            return
        outcome = _with_retries(lambda: load_document(engine, path.stem, extraction, digest))
    except DOCUMENT_ERRORS as e:
        summary.failed += 1
        summary.errors.append(f"{path}: cannot be loaded with its corrections ({type(e).__name__}: {_first_line(e)})")
        return
    known.add(digest)
    setattr(summary, outcome, getattr(summary, outcome) + 1)


def load_document(engine: Engine, name: str, extraction: dict, digest: str) -> str:
    """Insert or replace one document and its items in one transaction: 'inserted', 'replaced' or 'unchanged'."""
    rows = rows_of(name, extraction)
    document = _document_values(rows["documents"][0], extraction, digest)
    items = {table: [_item_values(table, position, row) for position, row in enumerate(rows[table])]
             for table in ITEM_TABLES}
    with engine.begin() as connection:
        existing = connection.execute(
            select(documents.c.id, documents.c.extraction_sha256)
            .where(documents.c.source_key == document["source_key"])
        ).first()
        if existing is None and document["source_key"] != document["source_path"]:
            # A row loaded before documents had keys (migration 0005 keyed it by its path as typed):
            # the same path and the same source bytes are this document.
            existing = connection.execute(
                select(documents.c.id, documents.c.extraction_sha256)
                .where(documents.c.source_key == document["source_path"], documents.c.sha256 == document["sha256"])
            ).first()
        if existing is not None and existing.extraction_sha256 == digest:
            return "unchanged"
        if existing is None:
            document_id = connection.execute(insert(documents), document).inserted_primary_key[0]
        else:
            document_id = existing.id
            _delete_items(connection, document_id)
            connection.execute(update(documents).where(documents.c.id == document_id), document)
        _insert_items(connection, document_id, items)
    return "inserted" if existing is None else "replaced"


def _delete_items(connection: Connection, document_id: int) -> None:
    for table in ITEM_TABLES.values():
        connection.execute(delete(table).where(table.c.document_id == document_id))


def _insert_items(connection: Connection, document_id: int, items: dict[str, list[dict]]) -> None:
    for table, values in items.items():
        if values:
            connection.execute(insert(ITEM_TABLES[table]), [{**row, "document_id": document_id} for row in values])


def source_key(extraction: dict) -> str:
    """What identifies a document's source across loads: the key the batch recorded (its resolved
    path), else the path as typed (an extraction made outside a batch)."""
    source = extraction["source"]
    return source.get("key") or source["path"]


def _document_values(row: dict, extraction: dict, digest: str) -> dict:
    values = {DOCUMENT_RENAMED.get(name, name): _sql_value(kind, row[name]) for name, kind in COLUMNS["documents"]}
    return {
        **values,
        "source_key": source_key(extraction),
        "extraction_sha256": digest,
        "pipeline_version": extraction.get("pipeline_version"),
        "schema_version": extraction.get("schema_version"),
        "loaded_at": datetime.now(UTC),
    }


def _item_values(table: str, position: int, row: dict) -> dict:
    values = {name: _sql_value(kind, row[name]) for name, kind in COLUMNS[table] if name not in ITEM_OMITTED}
    values["position"] = position
    return values


def _sql_value(kind: str, value):
    if kind == "date" and value is not None:
        return date.fromisoformat(value)
    return value


def _first_line(error: BaseException) -> str:
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__
