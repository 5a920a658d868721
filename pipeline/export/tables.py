"""Comparison tables: every document's extraction flattened into one row per item.

`read_extractions` streams `OUT/documents/*.json`; `rows_of` turns one extraction into plain
rows (dicts of Python values), the single mapping from JSON to tables that the file writers
and the database loader both use; `build_tables` collects the rows of a batch into DataFrames.

Column dtypes: text is pandas' string dtype with NaN for missing (the default `str` of pandas 3),
integers are nullable `Int64` (<NA> for missing, so a year never shows as 2024.0), floats are
float64 (NaN), flags are bool; `pandas.isna` tests every kind of missing value. Dates stay ISO
strings, as in the JSON. Rows keep the JSON's order: documents by name, items as listed.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np
import pandas as pd

from pipeline.errors import NtmError
from pipeline.extract.criteria.lexicon import criteria_sets
from pipeline.extract.field import ADMIN as FIELD_ADMIN
from pipeline.extract.field import copy_columns
from pipeline.extract.registry import item_fields
from pipeline.normalize.mapped import locate
from pipeline.schema import CharRun

# The matrix's columns: every criterion number of the sets (models/criteria/sets/), as text.
CRITERIA = [str(n) for n in sorted({n for s in criteria_sets().values() for n in s.entries})]

# Column kinds: str, int, float, bool, date (an ISO string here, a DATE in the database).
IDENTITY = [("doc_id", "str"), ("document", "str")]
SPAN = [("span_start", "int"), ("span_end", "int"), ("text", "str"), ("page", "int")]
ADMIN = list(FIELD_ADMIN)

# The fields with a table, in registry order, and the warnings every document may carry.
ITEM_TABLES = [f for f in item_fields() if f.columns]
WARNINGS = (("code", "str"), ("message", "str"))

DOCUMENT_COLUMNS = [
    *IDENTITY, ("source_path", "str"), ("format", "str"), ("pages", "int"), ("ocr_pages", "int"),
    ("ocr_confidence", "float"), ("doc_type", "str"), ("number", "str"), ("symbol", "str"),
    ("issuer", "str"), ("place", "str"), ("issued_date", "date"), ("issued_year", "int"),
    ("issued_month", "int"), ("subject", "str"), ("signer_name", "str"), ("signer_title", "str"),
    *ADMIN, *((f"n_{f.name}", "int") for f in ITEM_TABLES), ("n_warnings", "int"),
]

# Each item table's own columns, between the identity and the span columns.
ITEM_FIELDS: dict[str, list[tuple[str, str]]] = {
    **{f.name: list(f.columns) for f in ITEM_TABLES},
    "warnings": list(WARNINGS),
}

COLUMNS: dict[str, list[tuple[str, str]]] = {
    "documents": DOCUMENT_COLUMNS,
    **{table: [*IDENTITY, *fields, *SPAN] for table, fields in ITEM_FIELDS.items()},
    "criteria_matrix": [("document", "str"), ("doc_id", "str"), *ADMIN, ("criteria_set", "str"),
                        *((n, "str") for n in CRITERIA), ("unit_name", "str")],
}
# The order tables are written in (sheets of the workbook): documents first, the matrix beside criteria.
TABLES = ["documents", *(f.name for f in ITEM_TABLES), "warnings"]
TABLES.insert(TABLES.index("criteria") + 1, "criteria_matrix")

TEXT = pd.StringDtype(na_value=np.nan)
PANDAS_DTYPES = {"str": TEXT, "date": TEXT, "int": "Int64", "float": "float64", "bool": "bool"}


def read_extractions(out_dir: Path) -> Iterator[tuple[str, dict]]:
    """(output name, extraction JSON) for every `OUT/documents/*.json`, sorted by name, one at a time."""
    for path in extraction_files(out_dir):
        try:
            extraction = json.loads(path.read_bytes())
        except ValueError as e:
            raise NtmError(f"{path}: not valid JSON ({e}); rerun `ntm extract` or remove it") from None
        yield path.stem, extraction


def extraction_files(out_dir: Path) -> list[Path]:
    folder = Path(out_dir) / "documents"
    if not folder.is_dir():
        raise NtmError(f"{folder}: no such folder (write it with `ntm extract ... --out {out_dir}`)")
    return sorted(p for p in folder.glob("*.json") if not p.name.startswith("."))


def batch_errors(out_dir: Path) -> list[dict]:
    """Rows of the warnings table for the inputs the batches could not read (`OUT/errors.jsonl`).

    The log is append-only across runs: each source's latest entry counts, and a source that has
    an extraction now (it was fixed and rerun) is no longer listed."""
    log = Path(out_dir) / "errors.jsonl"
    if not log.is_file():
        return []
    latest: dict[str, dict] = {}
    for line in log.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            entry = json.loads(line)
        except ValueError:  # a line cut by a kill or a full disk
            continue
        if isinstance(entry, dict):
            latest[str(entry.get("source"))] = entry
    if latest:
        for _name, extraction in read_extractions(out_dir) if (Path(out_dir) / "documents").is_dir() else []:
            latest.pop(str((extraction.get("source") or {}).get("path")), None)
    return [{"document": e.get("source"), "code": e.get("code"), "message": e.get("message")} for e in latest.values()]


def build_tables(extractions: Iterable[tuple[str, dict]]) -> dict[str, pd.DataFrame]:
    rows: dict[str, list[dict]] = {table: [] for table in TABLES}
    for name, extraction in extractions:
        for table, table_rows in rows_of(name, extraction).items():
            rows[table].extend(table_rows)
    return {table: frame(table, rows[table]) for table in TABLES}


def frame(table: str, rows: list[dict]) -> pd.DataFrame:
    columns = COLUMNS[table]
    df = pd.DataFrame.from_records(rows, columns=[name for name, _ in columns])
    return df.astype({name: PANDAS_DTYPES[kind] for name, kind in columns})


def rows_of(name: str, extraction: dict) -> dict[str, list[dict]]:
    """Every table's rows for one document."""
    rows = {"documents": [document_row(name, extraction)],
            "criteria_matrix": matrix_rows(name, extraction)}
    pages = _PageFinder(extraction)
    for f in ITEM_TABLES:
        rows[f.name] = [
            {"doc_id": extraction["doc_id"], "document": name, **f.table_row(item, extraction), **_span(item, pages)}
            for item in extraction.get(f.name) or []
        ]
    rows["warnings"] = [
        {"doc_id": extraction["doc_id"], "document": name, **copy_columns(WARNINGS, item, extraction),
         **_span(item, pages)}
        for item in extraction.get("warnings") or []
    ]
    return rows


def document_row(name: str, extraction: dict) -> dict:
    source = extraction["source"]
    meta = extraction.get("metadata") or {}
    signer = meta.get("signer") or {}
    return {
        "doc_id": extraction["doc_id"],
        "document": name,
        "source_path": source["path"],
        "format": source.get("format"),
        "pages": source.get("pages"),
        "ocr_pages": sum(1 for s in source.get("page_sources") or [] if s == "ocr"),
        "ocr_confidence": source.get("ocr_confidence"),
        **{key: meta.get(key) for key in ("doc_type", "number", "symbol", "issuer", "place", "issued_date",
                                          "issued_year", "issued_month", "subject")},
        "signer_name": signer.get("name"),
        "signer_title": signer.get("title"),
        **_admin(extraction),
        **{f"n_{key}": len(extraction.get(key) or [])
           for key in (*(f.name for f in ITEM_TABLES), "warnings")},
    }


def matrix_rows(name: str, extraction: dict) -> list[dict]:
    """The document's own row, then one row per commune a table of it reports on (`unit_name`, which is
    also the row's commune)."""
    items = extraction.get("criteria") or []
    units = list(dict.fromkeys(item["unit_name"] for item in items if item.get("unit_name")))
    own = matrix_row(name, extraction, [item for item in items if not item.get("unit_name")])
    return [own, *({**matrix_row(name, extraction, [item for item in items if item.get("unit_name") == unit]),
                    "commune": unit, "unit_name": unit} for unit in units)]


def matrix_row(name: str, extraction: dict, items: list[dict] | None = None) -> dict:
    """One document's status per criterion of its set; when listed twice, the later mention wins."""
    statuses: dict[str, str | None] = dict.fromkeys(CRITERIA)
    items = sorted(extraction.get("criteria") or [] if items is None else items, key=lambda c: tuple(c["span"]))
    for item in items:
        statuses[str(item["criterion"])] = item["status"]
    sets = Counter(item.get("criteria_set") for item in items if item.get("criteria_set"))
    criteria_set = sets.most_common(1)[0][0] if sets else None
    return {"document": name, "doc_id": extraction["doc_id"], **_admin(extraction), "criteria_set": criteria_set,
            **statuses, "unit_name": None}


def _admin(extraction: dict) -> dict:
    units = (extraction.get("metadata") or {}).get("admin_units") or {}
    return {key: units.get(key) for key in ("commune", "district", "province")}


def _span(item: dict, pages: _PageFinder) -> dict:
    span = item.get("span")
    start, end = (span[0], span[1]) if span else (None, None)
    page = item.get("page")
    if page is None and start is not None:
        page = pages.at(start)  # warnings carry a span but no page
    return {"span_start": start, "span_end": end, "text": item.get("text"), "page": page}


class _PageFinder:
    """The page a normalized offset falls on, read from the char map (parsed on first use)."""

    def __init__(self, extraction: dict):
        self._raw = extraction.get("char_map") or []
        self._runs: list[CharRun] | None = None

    def at(self, offset: int) -> int | None:
        if not self._raw:
            return None
        if self._runs is None:
            self._runs = [CharRun.model_validate(run) for run in self._raw]
        return locate(self._runs, offset)[0]
