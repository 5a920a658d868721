"""Where a statement about the document's own work can be: not in citations, not in the header.

The text already claimed, computed once per document and kept in the Context: `item_spans` is what
earlier fields found (targets skip the numbers in references and criteria counts); `cited_spans` covers what the references step found (each reference and every mention of it),
lines that cite ("Căn cứ ..."), each citation with its date, issuer and subject ("Nghị quyết số
74-NQ/ĐU ngày 20/12/2023 của ... về ..."), and the place-and-date line of the header. `document_year` is the year the document
is about: the issue year, or the latest year its title mentions.
"""

from __future__ import annotations

import bisect
import re

from pipeline.extract.context import Context
from pipeline.extract.grammar.aligned import fold_aligned
from pipeline.extract.grammar.dates import YEAR_MENTION

_CITING_LINE = re.compile(r"^[\s*_#>\-+•]*(?:can\s+cu|xet\s+de\s+nghi|theo\s+de\s+nghi)(?![^\W_])[^\n]*", re.M)
_CODE_AND_DATE = re.compile(
    r"(?<![^\W_])so\s*:?\s*\d+[^\s,;()]*/[^\s,;()]+(?:\s*,?\s*(?:ban\s+hanh\s+)?ngay\s*\d{1,2}\s*[/.\-]\s*\d{1,2}"
    r"\s*[/.\-]\s*\d{4}|\s*,?\s*ngay\s*\d{1,2}\s*thang\s*\d{1,2}\s*nam\s*\d{4})?")
_CLAUSE_END = re.compile(r"[.;\n]")
_SUBJECT = re.compile(r"(?<![^\W_])(?:ve|v/v)(?![^\W_])")
_BARE_COMMA = re.compile(r",(?!\s*(?:ngay|ban\s+hanh)(?![^\W_]))")
_PLACE_DATE_LINE = re.compile(r"^[^\n,]{0,60},\s*ngay\b[^\n]{0,30}\d{4}[\s*_.]*$", re.M)
# Where the title block ends: the first citation, or the first numbered section.
_BODY_START = re.compile(r"^[\s*_#]*(?:can\s+cu|thuc\s+hien|[ivx]+\s*[.\-–]|\d+\s*[.\-–)]|phan\s+)", re.M)


class Spans:
    """Sorted, merged (start, end) intervals with a fast `covers`."""

    def __init__(self, spans: list[tuple[int, int]]):
        merged: list[list[int]] = []
        for s, e in sorted(spans):
            if merged and s <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], e)
            else:
                merged.append([s, e])
        self._starts = [s for s, _ in merged]
        self._spans = merged

    def covers(self, start: int, end: int | None = None) -> bool:
        end = start + 1 if end is None else end
        i = bisect.bisect_right(self._starts, start) - 1
        return i >= 0 and self._spans[i][1] >= end

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self._starts, end) - 1  # the last span starting before `end`
        return i >= 0 and self._spans[i][1] > start

    @property
    def spans(self) -> list[tuple[int, int]]:
        return [(s, e) for s, e in self._spans]


def cited_spans(ctx: Context, citing_lines: bool = True) -> Spans:
    """What is cited; with `citing_lines`, also every line that opens with 'Căn cứ' (deadlines skip them;
    a status may be stated there: 'Căn cứ kết quả thẩm định, xã đạt 19/19 tiêu chí').

    Computed once per document (kept in the Context): every field after references asks for it.
    """
    key = ("cited_spans", citing_lines)
    if key not in ctx.memo:
        ctx.memo[key] = _cited_spans(ctx, citing_lines)
    return ctx.memo[key]


def item_spans(ctx: Context, *fields: str) -> Spans:
    """The spans of what earlier fields found (a reference with every mention of it), computed once."""
    key = ("item_spans", fields)
    if key not in ctx.memo:
        spans = []
        for name in fields:
            for item in ctx.found.get(name) or []:
                spans += [tuple(m.span) for m in (item, *getattr(item, "mentions", ()))]
        ctx.memo[key] = Spans(spans)
    return ctx.memo[key]


def _cited_spans(ctx: Context, citing_lines: bool) -> Spans:
    folded = fold_aligned(ctx.text)
    spans = [(start, citation_end(ctx.text, folded, end)) for start, end in item_spans(ctx, "references").spans]
    for regex in (_CITING_LINE, _CODE_AND_DATE, _PLACE_DATE_LINE)[0 if citing_lines else 1:]:
        spans.extend(m.span() for m in regex.finditer(folded))
    return Spans(spans)


def _clause_end(text: str, folded: str, pos: int) -> int:
    """The next '.', ';' or line end, not counting a line wrapped inside a sentence ('Trung\\nương Đảng')."""
    for m in _CLAUSE_END.finditer(folded, pos):
        if m.group(0) != "\n" or not text[m.end():m.end() + 1].islower():
            return m.start()
    return len(folded)


def citation_end(text: str, folded: str, pos: int) -> int:
    """Where a citation whose code (and date) ends at `pos` stops: the end of its clause when it states a
    subject ('... ngày 10/12/2019 của HĐND tỉnh về chính sách ..., giai đoạn 2020 - 2025;'), else the first
    comma that does not open its date ('Thực hiện Hướng dẫn số 12/HD-VPĐP, hoàn thành ... trước ngày ...')."""
    end = _clause_end(text, folded, pos)
    subject = _SUBJECT.search(folded, pos, end)
    comma = _BARE_COMMA.search(folded, pos, end)
    if comma and not (subject and subject.start() < comma.start()):
        end = comma.start()
    return max(end, pos)


def document_year(ctx: Context) -> int | None:
    """The issue year (metadata) or the latest year in the title block, whichever is later."""
    years = []
    metadata = ctx.found.get("metadata")
    if metadata is not None and getattr(metadata, "issued_year", None):
        years.append(metadata.issued_year)
    folded = fold_aligned(ctx.text)
    body = _BODY_START.search(folded)
    end = min(body.start() if body else len(folded), 1500)
    years.extend(int(m.group(1)) for m in YEAR_MENTION.finditer(folded, 0, end))
    return max(years) if years else None
