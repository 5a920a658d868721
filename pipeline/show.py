"""Terminal views: one document's extraction (`ntm show`) and an evaluation report (`ntm eval`)."""

from __future__ import annotations

import json
from pathlib import Path

from rich.console import Console
from rich.table import Table

from pipeline.errors import InputError
from pipeline.evaluate import Report, score_names
from pipeline.extract.registry import item_fields
from pipeline.terminal import safe


def _table(title: str, *columns: str) -> Table:
    table = Table(title=title, title_justify="left", show_lines=False, header_style="bold")
    for column in columns:
        table.add_column(column, overflow="fold")
    return table


def _add(table: Table, *values: str) -> None:
    """A row of document text: shown as written, never read as rich markup or terminal controls."""
    table.add_row(*(safe(value) for value in values))


def _fmt(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def show(file: Path, console: Console | None = None) -> None:
    """`ntm show`: a readable summary of the document JSON `file` written by `ntm extract`."""
    try:
        data = json.loads(Path(file).read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        reason = str(e).splitlines()[0] if str(e) else type(e).__name__
        raise InputError(f"{file}: cannot read an extraction JSON ({reason})") from None
    try:
        render(data, console or Console())
    except (KeyError, TypeError, AttributeError, ValueError) as e:
        raise InputError(f"{file}: not an extraction JSON of ntm ({type(e).__name__}: {e})") from None


def render(data: dict, console: Console) -> None:
    meta = data.get("metadata") or {}
    source = data.get("source") or {}
    signer = meta.get("signer") or {}
    units = meta.get("admin_units") or {}
    head = _table(safe(f"{source.get('path', '?')}  ({source.get('format')}, {source.get('pages')} page(s))"),
                  "field", "value")
    rows = {
        "type": meta.get("doc_type"),
        "number / symbol": " / ".join(x for x in (meta.get("number"), meta.get("symbol")) if x),
        "issuer": meta.get("issuer"),
        "place, date": ", ".join(
            x for x in (meta.get("place"), meta.get("issued_date") or _partial_date(meta)) if x
        ),
        "subject": meta.get("subject"),
        "signer": " · ".join(x for x in (signer.get("authority"), signer.get("title"), signer.get("name")) if x),
        "commune / district / province": " / ".join(
            units.get(k) or "–" for k in ("commune", "district", "province")
        ),
        "recipients": "; ".join(meta.get("recipients") or []),
    }
    for key, value in rows.items():
        _add(head, key, _fmt(value))
    console.print(head)

    for f in item_fields():
        items = _table(f.label, *(header for header, _ in f.show))
        for item in data.get(f.name) or []:
            _add(items, *(_fmt(value(item)) for _, value in f.show))
        _print_if_rows(console, items)

    warnings = _table("Warnings", "code", "message")
    for w in data.get("warnings", []):
        _add(warnings, w["code"], w["message"])
    _print_if_rows(console, warnings)


def _partial_date(meta: dict) -> str | None:
    parts = [meta.get("issued_day"), meta.get("issued_month"), meta.get("issued_year")]
    if not any(parts):
        return None
    return "/".join("…" if p is None else str(p) for p in parts)


def _print_if_rows(console: Console, table: Table) -> None:
    if table.row_count:
        console.print(table)


def render_eval(report: Report, console: Console) -> None:
    table = _table("Evaluation (micro-averaged over documents)", "field", "tp", "fp", "fn", "precision", "recall", "F1")
    for name in score_names():
        s = report.totals[name]
        _add(table, name, str(s.tp), str(s.fp), str(s.fn), f"{s.precision:.3f}", f"{s.recall:.3f}", f"{s.f1:.3f}")
    console.print(table)
    if len(report.by_format) > 1:
        formats = sorted(report.by_format)
        by_format = _table("F1 by input format", "field", *formats)
        for name in score_names():
            _add(by_format, name, *(f"{report.by_format[k][name].f1:.3f}" for k in formats))
        console.print(by_format)
    if report.missing:
        console.print(f"[yellow]no prediction for:[/yellow] {safe(', '.join(report.missing))}")
