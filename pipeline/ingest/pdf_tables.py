"""Ruled tables of a digital PDF as rows: cells separated by tabs, one row per line.

pdfium gives a table's text line by line across cells, so a row whose cells wrap comes out as
several lines mixing the cells ("1 Xã Hoà | Quyết định số" / "Cư 318/QĐ-TTg"), and a citation
or a commune's criteria marks lose their row. pdfplumber's table finder (ruling lines) reads
the cells; it is 30-70x slower than pdfium, so it runs only on pages that draw a grid of line
segments (`is_ruled`). The table's lines in the page's text layer are
replaced by its rows, at the place the table stands; a cell's own line breaks become spaces.
Word tables are read the same way by docx.py; normalization keeps one tab between cells.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from pipeline.ingest.pdf_text import PageLines

RULED_MIN_ROWS, RULED_MIN_COLUMNS = 3, 2  # line segments a page must draw across and down to hold a grid
THIN, MIN_RULE = 2.0, 20.0  # points: a rule is thinner than THIN and longer than MIN_RULE
MIN_CELLS = 2  # cells a row must fill to count as a table row
MIN_FILLED_SHARE = 0.5  # of a table's rows; ruled boxes around paragraphs fill one cell a row


@dataclass(frozen=True)
class Table:
    bbox: tuple[float, float, float, float]  # x0, top, x1, bottom in pdfplumber's space (top-down)
    rows: list[str]  # cells joined by tabs


def is_ruled(page: pdfium.PdfPage) -> bool:
    """Does the page draw a grid: RULED_MIN_ROWS horizontal and RULED_MIN_COLUMNS vertical line segments?
    Filled boxes (highlights, backgrounds behind text) do not count: gazette pages draw dozens of them."""
    across = down = 0
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=2):
        left, bottom, right, top = obj.get_bounds()
        if top - bottom < THIN and right - left > MIN_RULE:
            across += 1
        elif right - left < THIN and top - bottom > MIN_RULE / 2:
            down += 1
        if across >= RULED_MIN_ROWS and down >= RULED_MIN_COLUMNS:
            return True
    return False


def find_tables(data: bytes, indices: list[int]) -> dict[int, list[Table]]:
    """The ruled tables of the given pages (0-based), found by pdfplumber."""
    if not indices:
        return {}
    import pdfplumber

    found: dict[int, list[Table]] = {}
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for i in indices:
            tables = []
            for table in pdf.pages[i].find_tables():
                rows = [_row(cells) for cells in table.extract()]
                rows = [r for r in rows if r.strip("\t ")]
                if is_table(rows):
                    tables.append(Table(table.bbox, rows))
            if tables:
                found[i] = tables
    return found


def with_tables(lines: PageLines, tables: list[Table], page_height: float) -> PageLines:
    """The page's lines with each table's lines replaced by its rows (where its first line stood)."""
    if lines.starts is None or not tables:
        return lines
    texts, starts, ends = [], [], []
    placed: set[int] = set()
    for text, (x, y), end in zip(lines.lines, lines.starts, lines.ends or [0.0] * len(lines.lines), strict=True):
        k = next((k for k, t in enumerate(tables) if _inside(x, page_height - y, t.bbox)), None)
        if k is None:
            texts.append(text)
            starts.append((x, y))
            ends.append(end)
            continue
        if k in placed:
            continue
        placed.add(k)
        x0, top, x1, _ = tables[k].bbox
        for n, row in enumerate(tables[k].rows):
            texts.append(row)
            starts.append((x0, page_height - top - n))  # one row under the other, all inside the table
            ends.append(x1)
    return PageLines(texts, starts, ends)


def is_table(rows: list[str]) -> bool:
    """Most rows fill two cells or more: a box around paragraphs (one filled cell a row) is no table."""
    filled = [sum(1 for cell in row.split("\t") if cell.strip()) >= MIN_CELLS for row in rows]
    return bool(rows) and sum(filled) >= MIN_FILLED_SHARE * len(rows)


def _inside(x: float, top: float, bbox: tuple[float, float, float, float]) -> bool:
    x0, t0, x1, b0 = bbox
    return x0 - 1 <= x <= x1 + 1 and t0 - 1 <= top <= b0 + 1


def _row(cells: list[str | None]) -> str:
    return "\t".join(" ".join((cell or "").split()) for cell in cells)
