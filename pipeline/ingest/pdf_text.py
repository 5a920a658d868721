"""A PDF page's text layer as lines, with an empty line where a paragraph ends.

pdfium gives the page's text with a line break after every printed line, so a paragraph wrapped
over five lines and five one-line paragraphs look alike. The geometry tells them apart:
Vietnamese administrative documents (Decree 30/2020) set paragraphs apart with spacing (6 pt or
more) and a first-line indent. A new paragraph starts at a line whose baseline lies clearly
further below the previous one than the document's line pitch (the pitch inside paragraphs,
measured over the whole document, since a page of one-line list items has no wrapped line to
measure), at a first line set apart by its indentation (a first-line indent of 0.3-1.6 cm, or
the margin line of a hanging indent: see `_indent_rule`), and at a line that is not below the
previous one at all (a new column, a table cell). OCR marks paragraphs the same
way, with an empty line.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

PARAGRAPH_GAP = 1.2  # a pitch this many times the line pitch is paragraph spacing
MIN_INDENT_PT, MAX_INDENT_PT = 9.0, 45.0  # a first-line indent (0.3-1.6 cm); centred lines reach further
CENTRED_TOLERANCE_PT = 3.0  # a line as far from the left margin as from the right one is centred
LINE_BREAK = "\r\n"


@dataclass
class PageLines:
    lines: list[str]  # each printed line's text
    starts: list[tuple[float, float]] | None  # (x, y) origin of each line's first character, y upwards
    ends: list[float] | None = None  # right edge of each line's last character

    @property
    def pitches(self) -> list[float]:
        starts = self.starts or []
        return [a[1] - b[1] for a, b in zip(starts, starts[1:], strict=False)]

    @property
    def text(self) -> str:
        """The lines as pdfium gives them, without paragraph marks."""
        return "\n".join(self.lines)


def read_lines(textpage: pdfium.PdfTextPage) -> PageLines:
    count = textpage.count_chars()
    raw = textpage.get_text_range(0, count) if count > 0 else ""
    if len(raw) != count:  # characters outside the BMP shift indices: no geometry, one line per line
        return PageLines([line for line in clean(raw).split("\n") if line.strip()], None)
    spans = _line_spans(raw)
    return PageLines([clean(raw[s:e]) for s, e in spans], [_origin(textpage, s) for s, _ in spans],
                     [textpage.get_charbox(e - 1)[2] for _, e in spans])


def line_pitch(pages: list[PageLines]) -> float:
    """The pitch of lines inside a paragraph: a low quantile of all pitches, since most pitches
    between one-line items include paragraph spacing."""
    positive = sorted(p for page in pages for p in page.pitches if p > 0)
    return positive[len(positive) // 5] if positive else 0.0


def page_text(page: PageLines, pitch: float) -> str:
    """The page's lines joined by "\\n", with "\\n\\n" where a paragraph starts."""
    if page.starts is None:
        return page.text
    if not page.lines:
        return ""
    parts = [page.lines[0]]
    for line, paragraph in zip(page.lines[1:], paragraph_breaks(page.starts, page.ends, pitch), strict=True):
        parts += ["\n\n" if paragraph else "\n", line]
    return "".join(parts)


def paragraph_breaks(starts: list[tuple[float, float]], ends: list[float], pitch: float) -> list[bool]:
    """For each line after the first: does a paragraph start there?"""
    gaps = [a[1] - b[1] for a, b in zip(starts, starts[1:], strict=False)]
    starts_paragraph = _indent_rule(starts, ends)
    return [gap <= 0 or gap > PARAGRAPH_GAP * pitch or starts_paragraph(k) for k, gap in enumerate(gaps, start=1)]


def _indent_rule(starts: list[tuple[float, float]], ends: list[float]):
    """Which lines the page's indentation style makes first lines. With first-line indents
    (I 0 0 | I 0) a paragraph starts at a lone indented line followed by one at the margin; with
    hanging indents (0 I I | 0 I) at a lone margin line followed by an indented one. Both patterns
    read the same over two-line paragraphs, so the page's unambiguous three-line runs pick the style."""
    lefts = sorted(x for x, _ in starts)
    margin = lefts[len(lefts) // 10] if lefts else 0.0  # a low quantile: a stray line further left is no margin
    right = max(ends, default=0.0)

    def kind(x: float, end: float) -> str:
        indent = x - margin
        if abs(indent) < MIN_INDENT_PT:
            return "0"
        centred = abs(indent - (right - end)) < CENTRED_TOLERANCE_PT
        return "I" if 0 < indent <= MAX_INDENT_PT and not centred else "C"  # C: centred, far right or left

    kinds = [kind(x, end) for (x, _), end in zip(starts, ends, strict=True)]
    runs = ["".join(kinds[k:k + 3]) for k in range(len(kinds) - 2)]
    first_line, hanging = runs.count("I00"), runs.count("0II")
    lead = "I" if first_line > hanging else "0" if hanging > first_line else None
    follow = {"I": "0", "0": "I"}.get(lead)

    def starts_paragraph(k: int) -> bool:
        return (lead is not None and kinds[k] == lead and k + 1 < len(kinds) and kinds[k + 1] == follow
                and kinds[k - 1] != lead)

    return starts_paragraph


def clean(text: str) -> str:
    """pdfium's text: CRLF line ends; U+0002 / U+FFFE where a line-end hyphen stood; NUL at the end."""
    return (text.replace("\r\n", "\n").replace("\r", "\n").replace("\x02", "-").replace("\ufffe", "-")
            .replace("\x00", ""))


def _line_spans(raw: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    while (end := raw.find(LINE_BREAK, start)) != -1:
        spans.append((start, end))
        start = end + len(LINE_BREAK)
    spans.append((start, len(raw)))
    return [(s, e) for s, e in spans if raw[s:e].strip()]


def _origin(textpage: pdfium.PdfTextPage, index: int) -> tuple[float, float]:
    x, y = ctypes.c_double(), ctypes.c_double()
    pdfium_c.FPDFText_GetCharOrigin(textpage, index, x, y)
    return x.value, y.value


def char_boxes(textpage: pdfium.PdfTextPage) -> list[tuple[str, float, float, float, float]]:
    """Every character of the text layer with its box (left, bottom, right, top) in PDF points, y upwards."""
    count = textpage.count_chars()
    raw = textpage.get_text_range(0, count) if count > 0 else ""
    if len(raw) != count:  # characters outside the BMP shift indices: no reliable geometry
        return []
    return [(raw[i], *textpage.get_charbox(i)) for i in range(count)]
