"""The batch at a glance (one row per document) and the warnings a reviewer should look at."""

from __future__ import annotations

from collections import Counter

from pipeline.extract.registry import item_fields
from pipeline.report.documents import Index
from pipeline.report.frames import records
from pipeline.report.html import esc, table, tag, text

COUNTS = [*(f"n_{f.name}" for f in item_fields()), "n_warnings"]


def documents(tables: dict, index: Index) -> str:
    rows = records(tables, "documents")
    if not rows:
        return tag("p", "No documents.", class_="empty")
    headers = ["document", "type", "number", "date", "commune", "district", "province", "pages",
               *(f.name.replace("_", " ") for f in item_fields()), "warnings"]
    body = []
    for row in sorted(rows, key=lambda r: r["document"]):
        code = "/".join(text(row.get(k)) for k in ("number", "symbol") if row.get(k))
        pages = text(row.get("pages")) + (f" ({text(row.get('ocr_pages'))} OCR)" if row.get("ocr_pages") else "")
        body.append([index.doc_link(row["document"]), esc(row.get("doc_type")), esc(code),
                     esc(row.get("issued_date") or row.get("issued_year")),
                     esc(row.get("commune")), esc(row.get("district")), esc(row.get("province")), esc(pages)]
                    + [esc(row.get(k)) for k in COUNTS])
    return table(headers, body, class_="overview")


def warnings(tables: dict, index: Index) -> str:
    rows = records(tables, "warnings")
    if not rows:
        return tag("p", "No warnings.", class_="empty")
    counts = Counter(r.get("code") for r in rows)
    summary = tag("p", ", ".join(f"{esc(code)}: {n}" for code, n in counts.most_common()), class_="note")
    rows.sort(key=lambda r: (r["document"], r.get("span_start") if r.get("span_start") is not None else -1))
    body = [[index.doc_link(r["document"]), tag("code", esc(r.get("code"))), esc(r.get("message")),
             index.text_link(r["document"], "warning", r.get("span_start"), r.get("span_end"), r.get("text"))]
            for r in rows]
    return summary + table(["document", "code", "message", "text"], body, class_="warnings")
