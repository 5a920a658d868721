"""ntm: Vietnamese New Rural Development documents to structured, comparable data.

Per document: `ingest` (file → Document), `normalize` (Document → NormalizedDocument), `extract`
(NormalizedDocument → Extraction), and `process` for all three. Over files and folders, as the CLI
does (same names and parameters): `batch.normalize` (`ntm normalize`) and `batch.extract` (`ntm extract`).
spaCy and underthesea load on the first extraction, so `ntm load` or `ntm tables` never pay for them.
"""

from __future__ import annotations

from pathlib import Path

from pipeline import batch
from pipeline.errors import InputError, NtmError
from pipeline.extract import extract
from pipeline.ingest import ingest
from pipeline.normalize import normalize_document as normalize
from pipeline.schema import Document, Extraction, NormalizedDocument
from pipeline.version import PACKAGE_VERSION as __version__

__all__ = [
    "Document", "Extraction", "InputError", "NormalizedDocument", "NtmError",
    "__version__", "batch", "extract", "ingest", "normalize", "process", "spacy_nlp",
]


def process(path: str | Path) -> Extraction:
    """Read, normalize and extract one file."""
    return extract(normalize(ingest(path)))


def spacy_nlp(fields: list[str] | None = None):
    """ntm as a spaCy pipeline, for spaCy users: `nlp = pipeline.spacy_nlp(); doc = nlp(text)`.

    The tokenizer is underthesea's word segmenter; each field (all by default, or those named, with
    the fields they require) is a component `ntm_<field>` that puts its items' spans on
    `doc.spans["<field>"]` and its items in `doc._.ntm.found["<field>"]`. Components are spaCy
    factories with config (`spans_key`) and declared `requires`/`assigns`:
    `nlp.add_pipe("ntm_targets", config={"spans_key": "goals"})` works in any Vietnamese pipeline
    whose Doc has sentence starts. The text should be normalized first (`pipeline.normalize`).
    """
    from pipeline.extract.spacy_nlp import spacy_nlp as build

    return build(fields)
