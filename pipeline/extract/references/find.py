"""Cited documents: "Căn cứ Quyết định số 318/QĐ-TTg, ngày 08/3/2022 của Thủ tướng Chính phủ về ...".

Each distinct document becomes one Reference, keyed by its canonical code (or, for a law cited
by name and date, by its title), with every place it is cited in `mentions`. A citation is
read outward from its code: the type written before it ("Quyết định số"), then after it the
date, "của <issuer>", a date after the issuer, and the subject ("về việc ...").
"""

from __future__ import annotations

import re

from pipeline.extract.context import Context
from pipeline.extract.grammar import lexicon
from pipeline.extract.grammar.codes import Code, find_codes
from pipeline.extract.grammar.dates import match_date
from pipeline.extract.references.citation_parts import (
    LOOKBACK,
    NOT_A_CITATION,
    SO,
    Citation,
    Prefix,
    amendment_date,
    date_after,
    date_fields,
    issued_by_on,
    issuer_after,
    issuer_fields,
    subject_after,
    type_before,
)
from pipeline.extract.references.code_lists import listed_codes
from pipeline.extract.references.shared_dates import share_dates
from pipeline.extract.references.table_rows import date_in_row
from pipeline.extract.references.uncoded_citations import split_citations, titled_citations
from pipeline.normalize.vietnamese import fold
from pipeline.schema import Mention, Metadata, Reference

OWN_NUMBER = re.compile(r"(?:Số\s*:\s*|(?:^|\n)[ *]*Số\s+)$")  # the document's own "Số: 12/KH-UBND"
# "ban hành Quyết định số: 2400/QĐ-UBND": a type word before "số" cites a document, whatever the header reader took
CITED_NUMBER = re.compile(r"[^\W\d_]\s+số\s*:?\s*$")


def find_references(ctx: Context) -> list[Reference]:
    own = _own_code(ctx)
    codes = [c for c in find_codes(ctx.text) if not _is_own_number(ctx, c) and (own is None or c.canonical != own)]
    codes = sorted(codes + listed_codes(ctx.text, codes), key=lambda c: c.start)
    citations = []
    for i, code in enumerate(codes):
        citation = _coded_citation(ctx, code, codes[i + 1:])
        if citation:
            citations.append(citation)
    share_dates(ctx.text, citations)
    citations += split_citations(ctx, codes)
    citations += titled_citations(ctx)
    return _merge(ctx, sorted(citations, key=lambda c: c.start))


# ── a citation around a code ──────────────────────────────────────────────────


def _coded_citation(ctx: Context, code: Code, later: list[Code]) -> Citation | None:
    text = ctx.text
    next_start = later[0].start if later else len(text)
    prefix = type_before(text, code.start) or _bare_number_word(text, code.start)
    if prefix is NOT_A_CITATION:
        return None
    fields = {
        "doc_type": prefix.type_id or code.doc_type,
        "number": code.number,
        "symbol": code.symbol,
        "code": code.canonical,
        "title": prefix.title,
    }
    written, pos = date_after(text, code.end, next_start, code.year)
    date = date_in_row(text, code.start, code.end, written)  # in a table row, only an issue-date cell
    if date is not written:
        pos = code.end
    issuer, pos = (prefix.issuer, pos) if prefix.issuer else issuer_after(text, pos, next_start)
    if date is None and issuer:  # "Kế hoạch số 12/KH-UBND của UBND huyện ngày 05/3/2024"
        date, pos = date_after(text, pos, next_start, code.year)
    if date is None and not issuer:  # "Quyết định số 12/QĐ-UBND do UBND tỉnh ban hành ngày 05/3/2024"
        issuer, date, pos = issued_by_on(text, code.end, next_start)
    end = date.end if date and date.end <= pos else code.end  # not to a date column further along the row
    if date is None and later:  # "Quyết định số 318/QĐ-TTg và Quyết định số 319/QĐ-TTg cùng ngày 08/3/2022"
        date, issuer = _shared_with_next(text, code, later[0], issuer)
    fields["subject"] = subject_after(text, pos, later)
    date = date or amendment_date(text, pos, fields["subject"], later)
    fields.update(date_fields(ctx, date))
    fields.update(issuer_fields(issuer, code))
    return Citation(prefix.start, end, fold(code.canonical), fields, code_end=code.end, year=code.year,
                    typed=prefix.type_id is not None)


def _bare_number_word(text: str, pos: int) -> Prefix:
    """No type before the code: the citation still starts at a "số" before it ("và số 320/QĐ-TTg")."""
    m = re.search(rf"(?<![^\W\d_]){SO}$", text[max(0, pos - 8):pos])
    return Prefix(pos - len(m.group(0)) if m else pos, None)


def _shared_with_next(text: str, code: Code, following: Code, issuer: str | None):
    """The date (and issuer) of the next code when the two are cited together "cùng ngày"."""
    joined = re.fullmatch(rf"[\s,]*(?:và|,)\s*(?:(?:{lexicon.type_word_regex().pattern})\s+)?(?:{SO})?",
                          text[code.end:following.start])
    same_day = re.compile(r"[\s,]*cùng\s+(?=ngày)").match(text, following.end)
    if not (joined and same_day):
        return None, issuer
    date = match_date(text, same_day.end(), require_ngay=True)
    if date is None:
        return None, issuer
    return date, issuer or issuer_after(text, date.end, len(text))[0]


def _is_own_number(ctx: Context, code: Code) -> bool:
    """The document's own number ("Số: 12/KH-UBND" in its header) is not a citation."""
    if _cited_in_a_sentence(ctx.text, code.start):
        return False
    if OWN_NUMBER.search(ctx.text, max(0, code.start - 12), code.start):
        return True
    evidence = _own_number_evidence(ctx)
    return evidence is not None and evidence.span[0] <= code.start < evidence.span[1] and _own_code(ctx) is not None


def _own_code(ctx: Context) -> str | None:
    """The document's own code, which an appendix repeats ("Kèm theo Kế hoạch số 12/KH-UBND")."""
    evidence = _own_number_evidence(ctx)
    own = next(find_codes(evidence.text), None) if evidence else None
    if own is None or _cited_in_a_sentence(ctx.text, evidence.span[0] + own.start):
        return None
    return own.canonical


def _cited_in_a_sentence(text: str, pos: int) -> bool:
    """ "UBND tỉnh ban hành Quyết định số: 2400/QĐ-UBND": a type word and "số" before the code, and
    lower-case words before them on the line. A header's "Luật số: 51/2024/QH15" stands alone."""
    before = text[max(text.rfind("\n", max(0, pos - LOOKBACK), pos) + 1, pos - LOOKBACK):pos]  # bounded: long lines
    if not CITED_NUMBER.search(before):
        return False
    types = list(lexicon.type_word_regex().finditer(before))
    words = before[:types[-1].start()].split() if types else []
    return any(w.isalpha() and w.islower() for w in words)


def _own_number_evidence(ctx: Context):
    own: Metadata | None = ctx.found.get("metadata")
    return own.evidence.get("number") if own else None


# ── one Reference per document ────────────────────────────────────────────────


def _merge(ctx: Context, citations: list[Citation]) -> list[Reference]:
    """One Reference per key; later mentions fill the fields the first one lacked.

    Numbers restart every year, so a code without a year ("12/KH-UBND") cited with dates of
    two different years names two documents.
    """
    by_key: dict[str, Reference] = {}
    for c in citations:
        key = c.key
        if key in by_key and _years_differ(by_key[key].date, c.fields.get("date")):
            key = f"{key}@{c.fields['date'][:4]}"
        mention = Mention(**ctx.grounded(c.start, c.end))
        ref = by_key.get(key)
        if ref is None:
            by_key[key] = Reference(**ctx.grounded(c.start, c.end), mentions=[mention], **_clean(c.fields))
            continue
        ref.mentions.append(mention)
        for name, value in _clean(c.fields).items():
            if getattr(ref, name) is None:
                setattr(ref, name, value)
    return list(by_key.values())


def _years_differ(a: str | None, b: str | None) -> bool:
    return bool(a and b and a[:4] != b[:4])


def _clean(fields: dict) -> dict:
    return {k: v for k, v in fields.items() if v is not None}
