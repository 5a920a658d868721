"""Page furniture: running page numbers, headers and footers of multi-page documents.

Both are looked for only among the first and last EDGE_LINES lines of each page.
- A page number ("2", "- 2 -", "Trang 2/5", "2/5") is dropped when it agrees with the page it is
  on: "x/N" with N the page count, the same offset from the page's position on two pages or
  more, or, alone, the page's own number or the one before it (an unnumbered cover page).
- A header or footer is a line found, digits aside, on the same edge (top or bottom) of at least
  two pages and of most pages after the first (RUNNING_SHARE). The national motto and the like are never furniture:
  documents bundled in one file each begin with them.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict

from pipeline.normalize.layout import Line
from pipeline.normalize.rules import rules
from pipeline.schema import Page

EDGE_LINES = 2
RUNNING_SHARE = 0.6


def drop_furniture(lines: list[Line], pages: list[Page]) -> list[Line]:
    """The lines without page numbers and running headers and footers (multi-page documents only)."""
    if len(pages) < 2:
        return lines
    dropped = page_number_lines(lines, pages)
    dropped |= running_lines(lines, len(pages), dropped)
    return [line for i, line in enumerate(lines) if i not in dropped]


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
