"""The most cited decisions, and who cites them (each citing document links to the citation)."""

from __future__ import annotations

from collections import defaultdict

from pipeline.report.documents import Index
from pipeline.report.frames import records
from pipeline.report.html import esc, shorten, table, tag, text

SHOWN = 25  # the rest are folded away


def _key(row: dict) -> str | None:
    return row.get("code") or row.get("title")


def citations(tables: dict, index: Index, as_of=None) -> str:  # as_of: every report section gets it
    groups: dict[str, list[dict]] = defaultdict(list)
    for row in records(tables, "references"):
        if _key(row):
            groups[_key(row)].append(row)
    if not groups:
        return tag("p", "No citations were extracted.", class_="empty")
    ranked = sorted(groups.items(), key=lambda kv: (-len({r["document"] for r in kv[1]}),
                                                    -sum(max(1, r.get("n_mentions") or 0) for r in kv[1]), kv[0]))
    most = max(len({r["document"] for r in rows}) for _, rows in ranked)
    table_rows = [_row(key, rows, most, index) for key, rows in ranked]
    headers = ["decision", "documents", "citations", "date", "issuer", "subject", "cited by"]
    html = table(headers, table_rows[:SHOWN], class_="citations")
    if len(table_rows) > SHOWN:
        html += tag("details", tag("summary", esc(f"{len(table_rows) - SHOWN} more, cited less"))
                    + table(headers, table_rows[SHOWN:], class_="citations"))
    return html


def _first(rows: list[dict], column: str):
    return next((r[column] for r in rows if r.get(column)), None)


def _row(key: str, rows: list[dict], most: int, index: Index) -> list[str]:
    documents = sorted({r["document"] for r in rows}, key=lambda d: (index.places.get(d, d), d))
    mentions = sum(max(1, r.get("n_mentions") or 0) for r in rows)
    first_in = {}
    for r in rows:
        first_in.setdefault(r["document"], r)
    cited_by = ", ".join(
        index.text_link(d, "reference", first_in[d].get("span_start"), first_in[d].get("span_end"),
                        index.places.get(d, d))
        for d in documents
    )
    bar = tag("meter", "", class_="meter", value=len(documents), max=most)  # no style attribute: see assets.CSP
    issuer = " · ".join(text(v) for v in (_first(rows, "issuer"), _first(rows, "issuer_level")) if v)
    return [
        tag("strong", esc(key)) + tag("small", esc(" " + text(_first(rows, "doc_type")))),
        bar + esc(f" {len(documents)}"),
        esc(mentions),
        esc(_first(rows, "date") or _first(rows, "date_text")),
        esc(issuer),
        esc(shorten(text(_first(rows, "subject")), 100)),
        cited_by,
    ]
