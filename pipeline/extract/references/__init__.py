"""The references field: documents the text cites ("Quyết định số 318/QĐ-TTg ngày 08/3/2022 ...")."""

from pipeline.evaluate import score_references
from pipeline.extract.field import Field, copy_columns
from pipeline.extract.references.find import find_references
from pipeline.schema import Reference

COLUMNS = (
    ("code", "str"), ("doc_type", "str"), ("number", "str"), ("symbol", "str"), ("date", "date"),
    ("date_text", "str"), ("issuer", "str"), ("issuer_level", "str"), ("subject", "str"),
    ("title", "str"), ("n_mentions", "int"),
)


def _row(item: dict, extraction: dict) -> dict:
    return {**copy_columns(COLUMNS, item, extraction), "n_mentions": len(item.get("mentions") or [])}


def _or(*values):
    return next((v for v in values if v), None)


FIELD = Field(
    name="references", item=Reference, find=find_references, label="References", kind="reference",
    requires=("metadata",), columns=COLUMNS, row=_row, score=score_references,
    scores=("references", "reference_dates"), describe="pipeline.report.labels:reference",
    show=(("code", lambda r: _or(r.get("code"), r.get("title"), "")), ("type", lambda r: r.get("doc_type")),
          ("date", lambda r: _or(r.get("date"), r.get("date_text"))), ("issuer", lambda r: r.get("issuer")),
          ("level", lambda r: r.get("issuer_level")), ("cited", lambda r: max(1, len(r.get("mentions") or [])))),
    section="pipeline.report.citations:citations", section_title="Most cited decisions",
)

__all__ = ["FIELD", "find_references"]
