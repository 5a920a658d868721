"""The document's own metadata: type, number, issuer, place and date, subject, signer, recipients,
and the administrative units it belongs to; each filled field with the span it was read from."""

from __future__ import annotations

import calendar
import datetime as dt

from pipeline.extract.context import Context
from pipeline.extract.grammar.lines import is_upper
from pipeline.extract.metadata.admin_units import find_admin_units
from pipeline.extract.metadata.consolidated import read_consolidation
from pipeline.extract.metadata.header import Header, read_header
from pipeline.extract.metadata.signature import find_recipients, find_signer
from pipeline.schema import AdminUnits, Evidence, Metadata, Signer


def find_metadata(ctx: Context) -> Metadata:
    header = read_header(ctx)
    read_consolidation(ctx.text, header)
    meta = Metadata(
        doc_type=header.doc_type,
        number=header.code.number if header.code else None,
        symbol=header.code.symbol if header.code else None,
        code=header.code.canonical if header.code else None,
        issuer=header.issuer,
        place=header.place.text if header.place else None,
        subject=header.subject,
    )
    evidence = dict(header.evidence)
    if header.code is None:
        evidence.pop("number", None)
    elif header.code.symbol:
        evidence["symbol"] = evidence["code"] = evidence["number"]
    _set_issued(ctx, header, meta)

    signer = find_signer(ctx.text)
    if signer:
        meta.signer = Signer(**ctx.grounded(*signer.span), name=signer.name, title=signer.title,
                             authority=signer.authority)
        evidence["signer"] = signer.span
        if meta.issuer is None and signer.on_behalf_of:  # no issuer lines: "TM. UỶ BAN NHÂN DÂN XÃ"
            meta.issuer = signer.on_behalf_of.text
            evidence["issuer"] = (signer.on_behalf_of.start, signer.on_behalf_of.end)
    meta.recipients, recipient_spans = find_recipients(ctx.text)
    if "distribution" in recipient_spans:
        evidence["recipients"] = recipient_spans["distribution"]
    if "addressee" in recipient_spans:
        evidence["recipients" if "recipients" not in evidence else "addressees"] = recipient_spans["addressee"]

    units = find_admin_units(ctx.text, header.issuer_lines, [line for line in header.title_lines if is_upper(line.text)])
    meta.admin_units = AdminUnits(**{level: m.name for level, m in units.items()})
    evidence.update({level: m.span for level, m in units.items()})
    meta.evidence = {name: Evidence(**ctx.grounded(*span)) for name, span in evidence.items()}
    return meta


def _set_issued(ctx: Context, header: Header, meta: Metadata) -> None:
    """Year, month and day as written (a draft leaves the day blank); the ISO date only when whole and real.
    A month or day that cannot exist ("tháng 13", "ngày 0", "ngày 30 tháng 2") is left out, with a warning."""
    issued = header.issued
    if issued is None:
        return
    month_ok = issued.month is not None and 1 <= issued.month <= 12
    longest = calendar.monthrange(issued.year or 2000, issued.month)[1] if month_ok else 31  # 2000: leap
    meta.issued_year = issued.year
    meta.issued_month = issued.month if month_ok else None
    meta.issued_day = issued.day if issued.day is not None and 1 <= issued.day <= longest else None
    if (issued.month, issued.day) != (meta.issued_month, meta.issued_day):
        ctx.warn("invalid_date", "the document's own date does not exist", *issued.span)
    elif None not in (issued.year, issued.month, issued.day):
        meta.issued_date = dt.date(issued.year, issued.month, issued.day).isoformat()
