"""A real batch for the export and database tests, extracted once per test session.

The batch is the project's corpus texts plus the shared real documents (when ../shared is
beside the repository), run through the same batch runner and pipeline as `ntm extract`.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from pipeline import batch, process
from pipeline.schema import AdminUnits, CharRun, Extraction, Metadata, Source
from tests.helpers import CORPUS, SHARED_DOCS

_extracted: dict[str, Path] = {}


def batch_inputs() -> list[Path]:
    inputs: list[Path] = sorted((CORPUS / "documents").glob("*.txt"))
    if SHARED_DOCS.is_dir():
        inputs.append(SHARED_DOCS)
    return inputs


def extracted_batch(tmp_path_factory) -> Path:
    """An OUT folder holding documents/*.json named and written as `ntm extract` does; made on the first call."""
    if "out" not in _extracted:
        out = tmp_path_factory.mktemp("batch")
        files, missing = batch.discover(batch_inputs())
        assert not missing, missing
        for item in batch.name_outputs(files):
            result = process(item.path)
            batch.write_atomic(out / "documents" / f"{item.name}.json", result.model_dump_json(indent=1))
        _extracted["out"] = out
    return _extracted["out"]


def copy_batch(source: Path, destination: Path) -> Path:
    """A private copy of a batch's documents/ that a test may change."""
    shutil.copytree(source / "documents", destination / "documents")
    return destination


def grounded(text: str, phrase: str, after: int = 0) -> dict:
    """span/text/page of `phrase` (its first occurrence at or after `after`) in `text`."""
    start = text.index(phrase, after)
    return {"span": (start, start + len(phrase)), "text": phrase, "page": 1}


def handmade(text: str, path: str = "in/hoa_an.txt", doc_id: str = "a" * 64, **items) -> Extraction:
    """A one-page extraction of `text` written by hand; `items` are the item lists (targets=[...], ...)."""
    return Extraction(
        doc_id=doc_id,
        source=Source(path=path, format="txt", pages=1, page_sources=["plain"]),
        metadata=Metadata(admin_units=AdminUnits(commune="Hoà An", district="Chiêm Hoá", province="Tuyên Quang")),
        normalized_text=text,
        char_map=[CharRun(start=0, length=len(text), page=1, raw_start=0)],
        **items,
    )


def write_extraction(out_dir: Path, name: str, extraction: Extraction) -> Path:
    path = out_dir / "documents" / f"{name}.json"
    batch.write_atomic(path, extraction.model_dump_json(indent=1))
    return path
