"""Full-text search over the documents' normalized text: SQLite FTS5, or PostgreSQL's full-text search.

The index lives beside the tracking tables but is the app's own cache, rebuilt from OUT/documents
whenever a document's text changes (keyed by the file's size and time), so it needs no migration:
`search_texts(document, file_key, body)`, plus `search_fts` (FTS5) on SQLite or a GIN index on
`to_tsvector('simple', body)` on PostgreSQL.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from sqlalchemy import Engine, text

from pipeline.export.tables import extraction_files


def _ensure(connection) -> None:
    connection.execute(text("CREATE TABLE IF NOT EXISTS search_texts "
                            "(document TEXT PRIMARY KEY, file_key TEXT NOT NULL, body TEXT NOT NULL)"))
    if connection.dialect.name == "sqlite":
        connection.execute(text("CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5"
                                "(document UNINDEXED, body, tokenize = 'unicode61 remove_diacritics 2')"))
    else:
        connection.execute(text("CREATE INDEX IF NOT EXISTS ix_search_texts_body ON search_texts "
                                "USING gin (to_tsvector('simple', body))"))


def index(engine: Engine, out: Path) -> int:
    """Index every document whose file changed since it was last indexed; returns how many."""
    with engine.begin() as c:
        _ensure(c)
        known = dict(c.execute(text("SELECT document, file_key FROM search_texts")).all())
    changed = 0
    for path in extraction_files(out):
        stat = path.stat()
        key = f"{stat.st_size}-{stat.st_mtime_ns}"
        if known.get(path.stem) == key:
            continue
        try:
            body = json.loads(path.read_bytes()).get("normalized_text") or ""
        except (OSError, ValueError, AttributeError):
            continue  # a broken file: `ntm load` reports it; the others are indexed
        with engine.begin() as c:
            c.execute(text("DELETE FROM search_texts WHERE document = :d"), {"d": path.stem})
            c.execute(text("INSERT INTO search_texts VALUES (:d, :s, :b)"), {"d": path.stem, "s": key, "b": body})
            if c.dialect.name == "sqlite":
                c.execute(text("DELETE FROM search_fts WHERE document = :d"), {"d": path.stem})
                c.execute(text("INSERT INTO search_fts (document, body) VALUES (:d, :b)"), {"d": path.stem, "b": body})
        changed += 1
    return changed


def query(engine: Engine, words: str, limit: int = 50, offset: int = 0) -> tuple[list[tuple[str, str]], int]:
    """(document, snippet) of documents holding every word, best first; and how many there are."""
    terms = re.findall(r"\w+", words)[:20]
    if not terms:
        return [], 0
    with engine.begin() as c:
        _ensure(c)
        if c.dialect.name == "sqlite":
            match = " ".join(f'"{t}"' for t in terms)
            total = c.execute(text("SELECT count(*) FROM search_fts WHERE search_fts MATCH :q"), {"q": match}).scalar()
            rows = c.execute(text(
                "SELECT document, snippet(search_fts, 1, '[', ']', ' … ', 16) FROM search_fts "
                "WHERE search_fts MATCH :q ORDER BY rank LIMIT :l OFFSET :o"), {"q": match, "l": limit, "o": offset})
        else:
            q = " & ".join(terms)
            where = "to_tsvector('simple', body) @@ to_tsquery('simple', :q)"
            total = c.execute(text(f"SELECT count(*) FROM search_texts WHERE {where}"), {"q": q}).scalar()
            rows = c.execute(text(
                f"SELECT document, ts_headline('simple', body, to_tsquery('simple', :q), "
                f"'StartSel=[, StopSel=], MaxWords=24, MinWords=8') FROM search_texts WHERE {where} "
                f"ORDER BY ts_rank(to_tsvector('simple', body), to_tsquery('simple', :q)) DESC "
                f"LIMIT :l OFFSET :o"), {"q": q, "l": limit, "o": offset})
        return [tuple(r) for r in rows], int(total or 0)
