"""Deadlines on a timeline, one lane per document; 'upcoming' means on or after the as-of date."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from pipeline.report import labels
from pipeline.report.documents import Index
from pipeline.report.frames import records
from pipeline.report.html import esc, shorten, table, tag, text
from pipeline.report.svg import Event, Lane, timeline

DRAWN_YEARS = 15  # the timeline spans as-of ± this; a date further away is likely misread, and stays in the tables
HEADERS = ["due", "granularity", "commune / place", "document", "task", "text"]


def _day(value) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def default_as_of(tables: dict) -> date:
    """The newest document's date: deadlines after it were still ahead when the batch was written."""
    days = [d for d in (_day(r.get("issued_date")) for r in records(tables, "documents")) if d]
    return max(days) if days else date.today()


def _row(row: dict, index: Index) -> list[str]:
    return [
        esc(labels.deadline_when(row)),
        esc(" · ".join(text(row.get(k)) for k in ("granularity", "recurrence") if row.get(k))),
        esc(index.places.get(row["document"], "")),
        index.doc_link(row["document"]),
        esc(shorten(text(row.get("task")), 110)),
        index.text_link(row["document"], "deadline", row.get("span_start"), row.get("span_end"), row.get("text")),
    ]


def deadlines(tables: dict, index: Index, as_of: date) -> str:
    rows = records(tables, "deadlines")
    if not rows:
        return tag("p", "No deadlines were extracted.", class_="empty")
    dated = sorted((r for r in rows if _day(r.get("date"))), key=lambda r: (r["date"], index.places.get(r["document"], "")))
    upcoming = [r for r in dated if _day(r["date"]) >= as_of]
    past = [r for r in dated if _day(r["date"]) < as_of]
    recurring = [r for r in rows if not _day(r.get("date"))]
    note = tag("p", esc(f"As of {as_of.isoformat()}: {len(upcoming)} upcoming, {len(past)} past, "
                        f"{len(recurring)} recurring without a date."), class_="note")
    parts = [note, tag("div", _timeline(dated, index, as_of), class_="scroll") if dated else ""]
    parts.append(tag("h3", "Upcoming"))
    parts.append(table(HEADERS, [_row(r, index) for r in upcoming], class_="deadlines") if upcoming
                 else tag("p", "None after the as-of date.", class_="empty"))
    for title, group in (("Past", past), ("Recurring", recurring)):
        if group:
            parts.append(tag("details", tag("summary", esc(f"{title} — {len(group)}"))
                             + table(HEADERS, [_row(r, index) for r in group], class_="deadlines")))
    return "".join(parts)


def _timeline(rows: list[dict], index: Index, as_of: date) -> str:
    by_document: dict[str, list[Event]] = defaultdict(list)
    for row in rows:
        day = _day(row["date"])
        if abs(day.year - as_of.year) > DRAWN_YEARS:
            continue
        by_document[row["document"]].append(Event(
            day=day, upcoming=day >= as_of, start=_day(row.get("start")),
            title=f"{labels.deadline(row)} — {shorten(text(row.get('task') or row.get('text')), 140)}",
            href=index.item(row["document"], "deadline", row.get("span_start"), row.get("span_end")),
        ))
    lanes = [Lane(label=f"{index.places.get(d, d)}", events=events, href=index.section_ids.get(d))
             for d, events in sorted(by_document.items(), key=lambda kv: (index.places.get(kv[0], kv[0]), kv[0]))]
    return timeline(lanes, as_of, "deadlines by document") if lanes else ""
