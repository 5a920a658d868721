"""Targets side by side: for each indicator, one row per commune/document and a bar chart."""

from __future__ import annotations

from collections import defaultdict

from pipeline.report import labels
from pipeline.report.documents import Index
from pipeline.report.frames import records
from pipeline.report.html import esc, table, tag, text
from pipeline.report.svg import Bar, bar_chart

OPEN = 8  # indicators shown unfolded, the most compared first
HEADERS = ["commune / place", "document", "kind", "year", "value", "indicator as written", "text"]


def _place(row: dict, index: Index) -> str:
    return row.get("commune") or row.get("district") or row.get("province") or index.places.get(row["document"], "")


def _order(row: dict, index: Index) -> tuple:
    return (_place(row, index), row["document"], row.get("year") or 0, row.get("kind") or "", row.get("span_start") or 0)


def _row(row: dict, index: Index) -> list[str]:
    return [
        esc(_place(row, index)),
        index.doc_link(row["document"]),
        tag("span", esc(row.get("kind")), class_=f"kind {text(row.get('kind'))}"),
        esc(row.get("year")),
        esc(labels.target_value(row)),
        esc(row.get("indicator")),
        index.text_link(row["document"], "target", row.get("span_start"), row.get("span_end"), row.get("text")),
    ]


def _charts(rows: list[dict], indicator: str, index: Index) -> str:
    """One chart per unit: values in different units are never drawn on one axis."""
    by_unit: dict[str, list[Bar]] = defaultdict(list)
    for row in rows:
        canonical = row.get("value_canonical") is not None and row.get("unit_canonical") and row.get("value")
        value = row["value_canonical"] if canonical else row.get("value")
        if value is None:
            continue
        unit = row["unit_canonical"] if canonical else text(row.get("unit"))
        high = row.get("value_max")
        if high is not None and canonical:
            high = high * row["value_canonical"] / row["value"]
        by_unit[unit].append(Bar(
            label=f"{_place(row, index)} · {text(row.get('kind'))} {text(row.get('year'))}".strip(),
            value=float(value), kind=text(row.get("kind")),
            title=f"{_place(row, index)} ({row['document']}): {labels.target(row)}",
            href=index.item(row["document"], "target", row.get("span_start"), row.get("span_end")),
            high=float(high) if high is not None else None,
        ))
    return "".join(bar_chart(bars, unit, f"{indicator} ({unit})") for unit, bars in by_unit.items())


def targets(tables: dict, index: Index, as_of=None) -> str:  # as_of: every report section gets it
    rows = records(tables, "targets")
    if not rows:
        return tag("p", "No targets or results were extracted.", class_="empty")
    groups: dict[str, list[dict]] = defaultdict(list)
    unmapped: list[dict] = []
    for row in rows:
        (groups[row["indicator_id"]] if row.get("indicator_id") else unmapped).append(row)
    parts = [tag("p", tag("span", "target", class_="kind target") + " what a document aims for · "
                 + tag("span", "result", class_="kind result") + " what it reports as achieved. "
                 "Indicators reported by more documents come first.", class_="note")]
    ranked = sorted(groups.items(), key=lambda kv: (-len({r["document"] for r in kv[1]}), kv[0]))
    for rank, (indicator, group) in enumerate(ranked):
        group.sort(key=lambda r: _order(r, index))
        n_docs = len({r["document"] for r in group})
        summary = tag("code", esc(indicator)) + esc(f" — {len(group)} value(s) in {n_docs} document(s)")
        body = _charts(group, indicator, index) + table(HEADERS, [_row(r, index) for r in group], class_="targets")
        parts.append(tag("details", tag("summary", summary) + body, class_="indicator", open=n_docs > 1 and rank < OPEN,
                         data_indicator=indicator))
    if unmapped:
        unmapped.sort(key=lambda r: (text(r.get("indicator")), _order(r, index)))
        summary = esc(f"Indicators not in the indicator list — {len(unmapped)} value(s)")
        parts.append(tag("details", tag("summary", summary) + table(HEADERS, [_row(r, index) for r in unmapped],
                                                                   class_="targets"), class_="indicator unmapped"))
    return "".join(parts)
