"""Reading a text as ntm reads a .txt file (ingest → normalize → extract), for the tables tests: a table's
rows must reach the fields as normalization leaves them (outer tabs stripped, empty cells kept inside)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from pipeline import extract, ingest, normalize
from pipeline.schema import Extraction


def read(text: str) -> Extraction:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "document.txt"
        path.write_text(text, encoding="utf-8")
        result = extract(normalize(ingest(path)))
    for field in ("criteria", "criteria_summaries", "targets", "deadlines"):
        for item in getattr(result, field):
            assert result.normalized_text[item.span[0]:item.span[1]] == item.text, (field, item)
    return result


def rows(*cells: tuple[str, ...]) -> str:
    """Table rows as ingestion writes them: one a line, cells joined by tabs."""
    return "\n".join("\t".join(row) for row in cells)
