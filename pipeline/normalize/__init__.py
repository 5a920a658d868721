"""Normalization: raw pages → one clean text with a map back to (page, raw offset).

0. legacy encodings: paragraphs typed with TCVN3 (.VnTime) or VNI fonts, which read as mojibake
   ("NghÞ quyÕt"), converted to Unicode (legacy.py) — first, since step 1 drops U+00AD, TCVN3's "ư";
1. characters: invisible characters dropped, line ends unified, letters composed (NFC), tone
   marks in the modern place, every odd space or run of spaces made one space, or one tab
   between the cells of a table row (characters.py);
2. lines: page numbers and running headers/footers dropped (furniture.py), lines a hard wrap or
   a page break split re-joined (layout.py);
3. OCR repairs, on OCR'd pages only, where the evidence is strong (ocr_fix.py): what a digital
   text says is kept as written, typos included.

The result has one logical line (paragraph, heading, list item, header or signature line) per
"\\n", no blank lines, no page markers, no spaces at line ends; see layout.py. Every rewrite goes
through MappedText, so each character of the result maps back to the page and the offset in
that page's raw text it came from (`char_map`, `mapped.locate`).
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from itertools import pairwise

from pipeline.normalize.characters import clean_characters
from pipeline.normalize.furniture import drop_furniture
from pipeline.normalize.layout import Line, mark_full_lines, separators, split_lines
from pipeline.normalize.legacy import legacy_edits, unicode_only_letters
from pipeline.normalize.mapped import MappedText, char_map, page_offsets
from pipeline.schema import Document, NormalizedDocument, OcrCorrection, Page

PAGE_SEPARATOR = "\n\n"  # between pages in the raw text normalization starts from


def normalize_document(doc: Document, ocr_fix: bool = True) -> NormalizedDocument:
    """`ocr_fix=False` leaves OCR output as Tesseract read it (to measure what the repairs bring)."""
    texts = [p.text for p in doc.pages]
    starts = page_offsets(texts, PAGE_SEPARATOR)
    mapped = MappedText.from_raw(PAGE_SEPARATOR.join(texts))
    if may_be_legacy(mapped.text):
        # Only a text with no letter that Unicode alone can write (ơ, ư, đ, ạ ...) may be legacy: in a
        # Unicode document a soft hyphen is a soft hyphen, not TCVN3's "ư". (Mixed documents need
        # the font hint from ingest, not wired yet.)
        mapped = mapped.rewrite(legacy_edits(mapped.text))
    mapped = normalize_lines(clean_characters(mapped), doc.pages, starts)
    mapped, corrections = correct_ocr_pages(mapped, doc.pages, starts) if ocr_fix else (mapped, [])
    runs = char_map(mapped, starts, [p.number for p in doc.pages], [len(t) for t in texts])
    return NormalizedDocument(
        source=doc.source, sha256=doc.sha256, format=doc.format, pages=doc.pages,
        text=mapped.text, char_map=runs, ocr_corrections=corrections, warnings=list(doc.warnings),
    )


def correct_ocr_pages(
    mapped: MappedText, pages: list[Page], page_starts: list[int]
) -> tuple[MappedText, list[OcrCorrection]]:
    if not any(p.source == "ocr" for p in pages):
        return mapped, []
    from pipeline.normalize.ocr_fix import apply, ocr_edits, output_spans  # loads its lexicons on first use

    def on_ocr_page(offset: int) -> bool:
        return pages[max(bisect.bisect_right(page_starts, mapped.origin[offset]) - 1, 0)].source == "ocr"

    kept = [c for c in ocr_edits(mapped.text) if on_ocr_page(c.start)]
    corrected = apply(mapped, kept)
    return corrected, [
        OcrCorrection(span=span, text=corrected.text[span[0]:span[1]], before=c.before, reason=c.reason)
        for c, span in zip(kept, output_spans(kept), strict=True)
    ]


LEGACY_MIN_WORDS = 10  # fewer words cannot establish an encoding ("Bâ" reads as TCVN3 "Bõ" too)


def may_be_legacy(text: str) -> bool:
    """A text long enough to judge, with no letter only Unicode can write (ơ, ư, đ, ạ ...)."""
    return (len(re.findall(r"[^\W\d_]+", text)) >= LEGACY_MIN_WORDS
            and unicode_only_letters().isdisjoint(unicodedata.normalize("NFC", text)))


def normalize_lines(mapped: MappedText, pages: list[Page], page_starts: list[int]) -> MappedText:
    """Drop page furniture and join split lines; `mapped` holds the pages joined by PAGE_SEPARATOR."""
    page_ends = [start + len(p.text) for start, p in zip(page_starts, pages, strict=True)]

    def page_of(raw: int) -> int:
        return max(bisect.bisect_right(page_starts, raw) - 1, 0)

    def in_page(raw: int) -> bool:
        return raw < page_ends[page_of(raw)]

    lines = split_lines(mapped.text, lambda i: page_of(mapped.origin[i]))
    lines = drop_furniture(lines, pages)
    mark_full_lines(lines)
    return mapped.rewrite(_edits(mapped, lines, separators(lines), in_page))


def _edits(mapped: MappedText, lines: list[Line], seps: list[str], in_page):
    """Edits replacing what lies between kept lines (breaks, blank lines, dropped lines) by `seps`."""
    if not lines:
        yield 0, len(mapped), ""
        return
    yield 0, lines[0].start, ""
    for (a, b), sep in zip(pairwise(lines), seps, strict=True):
        yield from _gap(mapped, a.end, b.start, sep, in_page)
    yield lines[-1].end, len(mapped), ""


def _gap(mapped: MappedText, start: int, end: int, sep: str, in_page):
    """Replace text[start:end] by `sep`, mapping a produced space or break to a raw one in a page."""
    if sep:
        for i in range(start, end):
            if mapped.text[i].isspace() and in_page(mapped.origin[i]):
                yield start, i, ""
                yield i, i + 1, sep
                yield i + 1, end, ""
                return
    yield start, end, sep
