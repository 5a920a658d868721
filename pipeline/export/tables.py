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
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import numpy as np
import pandas as pd

from pipeline.errors import NtmError
from pipeline.normalize.mapped import locate
from pipeline.schema import CharRun

CRITERIA = [str(n) for n in range(1, 20)]

# Column kinds: str, int, float, bool, date (an ISO string here, a DATE in the database).
IDENTITY = [("doc_id", "str"), ("document", "str")]
SPAN = [("span_start", "int"), ("span_end", "int"), ("text", "str"), ("page", "int")]
ADMIN = [("commune", "str"), ("district", "str"), ("province", "str")]

DOCUMENT_COLUMNS = [
    *IDENTITY, ("source_path", "str"), ("format", "str"), ("pages", "int"), ("ocr_pages", "int"),
    ("ocr_confidence", "float"), ("doc_type", "str"), ("number", "str"), ("symbol", "str"),
    ("issuer", "str"), ("place", "str"), ("issued_date", "date"), ("issued_year", "int"),
    ("issued_month", "int"), ("subject", "str"), ("signer_name", "str"), ("signer_title", "str"),
    *ADMIN, ("n_references", "int"), ("n_criteria", "int"), ("n_targets", "int"),
    ("n_deadlines", "int"), ("n_warnings", "int"),
]

# Each item table's own columns, between the identity and the span columns.
ITEM_FIELDS: dict[str, list[tuple[str, str]]] = {
    "references": [
        ("code", "str"), ("doc_type", "str"), ("number", "str"), ("symbol", "str"), ("date", "date"),
        ("date_text", "str"), ("issuer", "str"), ("issuer_level", "str"), ("subject", "str"),
        ("title", "str"), ("n_mentions", "int"),
    ],
    "criteria": [
        *ADMIN, ("criterion", "int"), ("criterion_name", "str"), ("status", "str"), ("as_of", "int"),
    ],
    "criteria_summaries": [
        ("achieved", "float"), ("total", "int"), ("unit", "str"), ("status", "str"), ("average", "bool"),
    ],
    "targets": [
        *ADMIN, ("indicator", "str"), ("indicator_id", "str"), ("parent", "str"), ("comparator", "str"),
        ("value", "float"), ("value_max", "float"), ("unit", "str"), ("value_canonical", "float"),
        ("unit_canonical", "str"), ("kind", "str"), ("year", "int"),
    ],
    "deadlines": [
        ("date", "date"), ("start", "date"), ("granularity", "str"), ("inclusive", "bool"),
        ("task", "str"), ("recurrence", "str"),
    ],
    "warnings": [("code", "str"), ("message", "str")],
}

COLUMNS: dict[str, list[tuple[str, str]]] = {
    "documents": DOCUMENT_COLUMNS,
    **{table: [*IDENTITY, *fields, *SPAN] for table, fields in ITEM_FIELDS.items()},
    "criteria_matrix": [("document", "str"), ("doc_id", "str"), *ADMIN, *((n, "str") for n in CRITERIA)],
}
# The order tables are written in (sheets of the workbook): documents first, the matrix beside criteria.
TABLES = ["documents", "references", "criteria", "criteria_matrix", "criteria_summaries",
          "targets", "deadlines", "warnings"]

TEXT = pd.StringDtype(na_value=np.nan)
PANDAS_DTYPES = {"str": TEXT, "date": TEXT, "int": "Int64", "float": "float64", "bool": "bool"}


def read_extractions(out_dir: Path) -> Iterator[tuple[str, dict]]:
    """(output name, extraction JSON) for every `OUT/documents/*.json`, sorted by name, one at a time."""
    for path in extraction_files(out_dir):
        yield path.stem, json.loads(path.read_bytes())


def extraction_files(out_dir: Path) -> list[Path]:
    folder = Path(out_dir) / "documents"
    if not folder.is_dir():
        raise NtmError(f"{folder}: no such folder (write it with `ntm extract ... --out {out_dir}`)")
    return sorted(p for p in folder.glob("*.json") if not p.name.startswith("."))


def batch_errors(out_dir: Path) -> list[dict]:
    """Rows of the warnings table for the inputs a batch could not read (`OUT/errors.jsonl`)."""
    log = Path(out_dir) / "errors.jsonl"
    if not log.is_file():
        return []
    entries = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [{"document": e.get("source"), "code": e.get("code"), "message": e.get("message")} for e in entries]


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
            "criteria_matrix": [matrix_row(name, extraction)]}
    pages = _PageFinder(extraction)
    for table, (key, fields) in ITEM_ROWS.items():
        rows[table] = [
            {"doc_id": extraction["doc_id"], "document": name, **fields(item, extraction), **_span(item, pages)}
            for item in extraction.get(key) or []
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
           for key in ("references", "criteria", "targets", "deadlines", "warnings")},
    }


def matrix_row(name: str, extraction: dict) -> dict:
    """One document's status per national criterion; when listed twice, the later mention wins."""
    statuses: dict[str, str | None] = dict.fromkeys(CRITERIA)
    for item in sorted(extraction.get("criteria") or [], key=lambda c: tuple(c["span"])):
        statuses[str(item["criterion"])] = item["status"]
    return {"document": name, "doc_id": extraction["doc_id"], **_admin(extraction), **statuses}


def _admin(extraction: dict) -> dict:
    units = (extraction.get("metadata") or {}).get("admin_units") or {}
    return {key: units.get(key) for key in ("commune", "district", "province")}


def _copy(table: str, renamed: dict[str, str] | None = None) -> Callable[[dict, dict], dict]:
    """Row fields read from the item's fields of the same name (or the `renamed` one)."""
    renamed = renamed or {}
    names = [name for name, _ in ITEM_FIELDS[table] if name not in ("commune", "district", "province")]
    with_admin = any(name == "commune" for name, _ in ITEM_FIELDS[table])

    def fields(item: dict, extraction: dict) -> dict:
        row = _admin(extraction) if with_admin else {}
        row.update({name: item.get(renamed.get(name, name)) for name in names})
        return row

    return fields


def _reference(item: dict, extraction: dict) -> dict:
    row = _reference_fields(item, extraction)
    row["n_mentions"] = len(item.get("mentions") or [])
    return row


_reference_fields = _copy("references")

# table → (the extraction's list of items, the item's own fields)
ITEM_ROWS: dict[str, tuple[str, Callable[[dict, dict], dict]]] = {
    "references": ("references", _reference),
    "criteria": ("criteria", _copy("criteria", {"criterion_name": "name"})),
    "criteria_summaries": ("criteria_summaries", _copy("criteria_summaries")),
    "targets": ("targets", _copy("targets")),
    "deadlines": ("deadlines", _copy("deadlines")),
    "warnings": ("warnings", _copy("warnings")),
}


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
