"""Ingestion: a file path in, a `Document` (pages of raw text with their provenance) out."""

from __future__ import annotations

import hashlib
from pathlib import Path

from pipeline.errors import InputError, UnsupportedFormat
from pipeline.ingest import text as text_format
from pipeline.schema import Document

READERS = {
    ".txt": text_format.read,
    ".md": text_format.read,
}

SUPPORTED = tuple(sorted(READERS))


def ingest(path: str | Path) -> Document:
    """Read any supported file into a Document. Raises InputError with a one-line message."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a folder, not a file")
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise UnsupportedFormat(f"{path}: unsupported format {path.suffix or '(no extension)'!r}")
    try:
        data = path.read_bytes()
    except OSError as e:
        raise InputError(f"{path}: cannot read ({e.strerror})") from None
    doc = reader(path, data)
    doc.sha256 = hashlib.sha256(data).hexdigest()
    return doc
