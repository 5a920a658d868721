"""Page furniture: running page numbers, headers and footers of multi-page documents.

Both are looked for only among the first and last EDGE_LINES lines of each page.
- A page number ("2", "- 2 -", "Trang 2/5", "2/5") is dropped when it agrees with the page it is
  on: "x/N" with N the page count, the same offset from the page's position on two pages or
  more, or, alone, the page's own number or the one before it (an unnumbered cover page).
- A header or footer is a line found, digits aside, on the same edge (top or bottom) of at least
  two pages and of most pages after the first (RUNNING_SHARE). The national motto and the like are never furniture:
  documents bundled in one file each begin with them.
- In the flow of a text with no page breaks (a print-out saved as text, a page holding several
  printed pages), a running line is a short line with a number or date in it, not ending like a
  sentence or list item, found, digits
  aside, FLOW_MIN_REPEATS times or more, each time at least FLOW_PAGE_LINES lines after the last and
  set apart by a blank line or a page number;
  and a gazette's running head
  ("CÔNG BÁO/Số 216/Ngày 15-04-2026", models/layout.json `gazette_head`) even once. A lone page
  number next to one goes with it.
- An e-signature stamp ("Ký bởi: ..." / "Cơ quan: ..." / "Ngày ký: ...", models/layout.json
  `signature_stamp`) wherever it stands: its date is the day of signing, not the document's.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from itertools import pairwise

from pipeline.normalize.layout import Line
from pipeline.normalize.rules import rules
from pipeline.schema import Page

EDGE_LINES = 2
RUNNING_SHARE = 0.6
FLOW_MIN_REPEATS = 3
FLOW_PAGE_LINES = 15  # a printed page holds more lines than this: repeats closer together are content
FLOW_MAX_CHARS = 80  # running heads are short; a repeated wrapped sentence line is not one
NEAR_RUNNING = 2  # a lone page number this many lines from a running line is its page number


def drop_furniture(lines: list[Line], pages: list[Page]) -> list[Line]:
    """The lines without page numbers, running headers and footers and e-signature stamps."""
    dropped = set()
    if len(pages) >= 2:
        dropped = page_number_lines(lines, pages)
        dropped |= running_lines(lines, len(pages), dropped)
    dropped |= flow_running_lines(lines, dropped)
    dropped |= stamp_lines(lines)
    kept = []
    for i, line in enumerate(lines):
        if i in dropped:
            continue
        if i > 0 and i - 1 in dropped and kept and kept[-1].page == line.page:
            line.blank_before = False  # the blank lines framed the furniture, not a paragraph
        kept.append(line)
    return kept


def edge_lines(lines: list[Line], skip: set[int] = frozenset()) -> dict[tuple[int, str], list[int]]:
    """(page index, "top" or "bottom") → indices of the page's first or last EDGE_LINES lines."""
    by_page: dict[int, list[int]] = defaultdict(list)
    for i, line in enumerate(lines):
        if i not in skip:
            by_page[line.page].append(i)
    edges = {}
    for page, indices in by_page.items():
        edges[page, "top"] = indices[:EDGE_LINES]
        edges[page, "bottom"] = indices[-EDGE_LINES:]
    return edges


def page_number_lines(lines: list[Line], pages: list[Page]) -> set[int]:
    candidates = {}  # line index → (printed number - page number, printed page count or None)
    for (page, _), indices in edge_lines(lines).items():
        for i in indices:
            m = rules().page_number.match(lines[i].text)
            if m:
                candidates[i] = (int(m[1]) - pages[page].number, int(m[2]) if m[2] else None)
    offsets = Counter(offset for offset, _ in candidates.values())
    return {
        i for i, (offset, total) in candidates.items()
        if total == len(pages) or (total is None and (offsets[offset] >= 2 or offset in (0, -1)))
    }


def running_lines(lines: list[Line], page_count: int, skip: set[int]) -> set[int]:
    """Lines repeated, digits aside, on the same edge (top or bottom) of enough pages."""
    pages_with: dict[tuple[str, str], set[int]] = defaultdict(set)  # (edge, key) → pages
    where: dict[tuple[str, str], list[int]] = defaultdict(list)  # (edge, key) → line indices
    for (page, edge), indices in edge_lines(lines, skip).items():
        for i in indices:
            key = _key(lines[i].text)
            if key and not rules().never_running_head.search(lines[i].text):
                pages_with[edge, key].add(page)
                where[edge, key].append(i)
    needed = max(2, math.ceil(RUNNING_SHARE * (page_count - 1)))
    return {i for k, found in pages_with.items() if len(found) >= needed for i in where[k]}


def _key(text: str) -> str | None:
    """The line with digits and case ignored; None for lines too short to tell furniture by."""
    key = re.sub(r"\d+", "#", text.casefold())
    return key if sum(c.isalpha() for c in key) >= 3 else None


def flow_running_lines(lines: list[Line], skip: set[int]) -> set[int]:
    """Running lines in the flow of the text (see the module's doc), with the lone page numbers next to them."""
    where: dict[str, list[int]] = defaultdict(list)
    for i, line in enumerate(lines):
        if i in skip or not _may_run(line.text) or not _set_apart(lines, i):
            continue
        key = _key(line.text)
        if key and not rules().never_running_head.search(line.text) and not rules().block_start.match(line.text):
            where[key].append(i)
    running = {i for i, line in enumerate(lines) if i not in skip and rules().gazette_head.match(line.text)}
    for found in where.values():
        if len(found) >= FLOW_MIN_REPEATS and all(b - a >= FLOW_PAGE_LINES for a, b in pairwise(found)):
            running.update(found)
    numbers = {
        j for i in running for j in range(i - NEAR_RUNNING, i + NEAR_RUNNING + 1)
        if 0 <= j < len(lines) and j not in running and lines[j].page == lines[i].page
        and rules().page_number.match(lines[j].text)
    }
    return running | numbers


def _set_apart(lines: list[Line], i: int) -> bool:
    """A blank line or a lone page number before or after it: print-outs set their running lines apart
    (and normalized text has neither, so normalizing twice drops nothing more)."""
    near = [lines[j] for j in (i - 1, i + 1) if 0 <= j < len(lines) and lines[j].page == lines[i].page]
    return (lines[i].blank_before or (i + 1 < len(lines) and lines[i + 1].blank_before)
            or any(rules().page_number.match(line.text) for line in near))


def _may_run(text: str) -> bool:
    """A short line with a number or date in it that is no sentence or list item (those end with
    punctuation or carry on in lower case) and no table row."""
    return (len(text) <= FLOW_MAX_CHARS and any(c.isdigit() for c in text) and not text[0].islower()
            and text[-1] not in ".;:,…" and "\t" not in text)


def stamp_lines(lines: list[Line]) -> set[int]:
    """The lines of e-signature stamps: a "Ký bởi:" line and the stamp's field lines right after it."""
    stamp = rules().signature_stamp
    dropped = set()
    for i, line in enumerate(lines):
        if stamp.match(line.text) and (i - 1 in dropped or _opens_stamp(line.text)):
            dropped.add(i)
    return dropped


def _opens_stamp(text: str) -> bool:
    return text.casefold().startswith(("ký bởi", "người ký"))
