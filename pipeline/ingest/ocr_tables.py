"""Ruled tables on an OCR'd page as rows: cells separated by tabs, one row per line (as pdf_tables.py).

Tesseract reads a scanned table line by line across its cells, or column by column, so a commune's
row loses its criteria marks and an indicator its target. The rules of a ruled table are found with
OpenCV: on the binarized page, a morphological opening with a long horizontal (vertical) kernel
keeps only the horizontal (vertical) rules; the cells are the regions the rules enclose. A cheap
check comes first (~10-25 ms on a page reduced to ~75 dpi): pages without three horizontal and three
vertical rules pay nothing more. Where a grid stands, the page's Tesseract pass reads the page with
its tables whitened, and each table is read in a pass of its own (`--psm 6`, one block of lines) over
the table without its rules, where cells of several lines are moved out below the table so that
their lines do not mix with the row's other cells. On the page, Tesseract's layout analysis drops
most one-character cells ("x", "1") and mixes the lines of neighbouring cells: reusing the page's
one pass with the words put in cells reads 55 % of cells against 67 % (81.9 % with "X" for "x")
(bench/scan_tables.py, `make bench` section 10), for ~0.4-0.6 s more per table page. The words'
boxes are put back where they stand on the page and each word goes to the cell its centre lies in.
The rows go into the page's TSV before the first word below the table's top; the text outside the
table keeps Tesseract's order, and every word's box goes with it (word_boxes.py finds each word in
the text in TSV order).

Rows and columns come from the cells' edges (deskewed by the rules' slope), so a merged cell spans
several columns or rows: its text stands in its first cell and the cells it covers read "" (as
pdfplumber reads a PDF's merged cells). A box around a paragraph is no table: most rows must fill two
cells (pdf_tables.is_table).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image

from pipeline.ingest.pdf_tables import is_table

WORK_WIDTH = 1240  # px: pages are reduced to about this width (A4 at 150 dpi) to find rules
MIN_RULES = 3  # horizontal and vertical rules a page must hold to be searched for a grid
H_RULE, V_RULE = 1 / 12, 1 / 50  # shortest rule as a share of the page's width (horizontal), height (vertical)
MIN_CELL = 6  # px at the working scale: a region narrower or lower than this is a rule's gap, not a cell
EDGE_TOLERANCE = 5  # px at the working scale: cell edges this close are one row or column boundary


@dataclass(frozen=True)
class Cell:
    label: int  # its region in Grid.labels
    row: int
    column: int
    rows: int = 1  # rows and columns it spans
    columns: int = 1
    box: tuple[int, int, int, int] = (0, 0, 0, 0)  # its upright box in page pixels


@dataclass
class Grid:
    """One ruled table: its cells, and the regions map that tells which cell a point lies in."""

    box: tuple[int, int, int, int]  # left, top, right, bottom in page pixels
    scale: int  # page pixels per working pixel
    labels: np.ndarray  # working-scale region labels over `box` (0: rules and outside)
    cells: dict[int, Cell]
    shape: tuple[int, int]  # rows, columns

    def cell_at(self, x: float, y: float) -> Cell | None:
        """The cell holding the page point (x, y), None outside the table or on a rule."""
        u, v = int((x - self.box[0]) / self.scale), int((y - self.box[1]) / self.scale)
        if not (0 <= v < self.labels.shape[0] and 0 <= u < self.labels.shape[1]):
            return None
        return self.cells.get(int(self.labels[v, u]))


@dataclass
class Found:
    grids: list[Grid]
    rules: np.ndarray | None  # page-size mask of the rules (to whiten), None when no grid

    def __bool__(self) -> bool:
        return bool(self.grids)


NOTHING = Found([], None)


# ── finding grids ─────────────────────────────────────────────────────────────


def find(image: Image.Image) -> Found:
    """The ruled tables of a grayscale page image (NOTHING on most pages, after a cheap check)."""
    gray = np.asarray(image)
    if gray.ndim != 2 or min(gray.shape) < 100:
        return NOTHING
    scale = max(1, round(gray.shape[1] / WORK_WIDTH))
    if not _has_rules(_ink(gray, 2 * scale)):  # the check: at half the working scale
        return NOTHING
    try:
        return _found(gray, scale)
    except (cv2.error, ValueError, np.linalg.LinAlgError):  # an odd page's geometry: read it as text, as before
        return NOTHING


def _found(gray: np.ndarray, scale: int) -> Found:
    ink = _ink(gray, scale)
    horizontal, vertical = _rules(ink)
    rules = cv2.bitwise_or(horizontal, vertical)
    grids = []
    count, labels, stats, _ = cv2.connectedComponentsWithStats(rules, connectivity=8)
    for k in range(1, count):
        x, y, w, h, _ = stats[k]
        if w < H_RULE * ink.shape[1] or h < 3 * MIN_CELL:
            continue
        grid = _grid((labels[y:y + h, x:x + w] == k).astype(np.uint8), horizontal[y:y + h, x:x + w], (x, y), scale)
        if grid is not None:
            grids.append(grid)
    if not grids:
        return NOTHING
    mask = cv2.resize(rules, (gray.shape[1] // scale * scale, gray.shape[0] // scale * scale),
                      interpolation=cv2.INTER_NEAREST)
    mask = cv2.copyMakeBorder(mask, 0, gray.shape[0] - mask.shape[0], 0, gray.shape[1] - mask.shape[1],
                              cv2.BORDER_CONSTANT, value=0)
    return Found(grids, cv2.dilate(mask, np.ones((3, 3), np.uint8)) > 0)


def _has_rules(ink: np.ndarray) -> bool:
    horizontal, vertical = _rules(ink)
    return _count(horizontal) >= MIN_RULES and _count(vertical) >= MIN_RULES


def without_rules(image: Image.Image, found: Found) -> Image.Image:
    """The page with its tables' rules painted paper-white (Tesseract reads rules as letters)."""
    if not found:
        return image
    pixels = np.array(image)
    pixels[found.rules] = 255
    return Image.fromarray(pixels, mode="L")


def without_tables(image: Image.Image, found: Found) -> Image.Image:
    """The page with its tables (rules and cells, not the corners of a skewed table's box) painted
    paper-white: the page's pass reads the text around them only, and no time goes to the tables twice."""
    if not found:
        return image
    pixels = np.array(image)
    pixels[found.rules] = 255
    for grid in found.grids:
        x0, y0, x1, y1 = (int(v) for v in grid.box)
        cells = cv2.resize((grid.labels > 0).astype(np.uint8), (x1 - x0, y1 - y0), interpolation=cv2.INTER_NEAREST)
        pixels[y0:y1, x0:x1][cells > 0] = 255
    return Image.fromarray(pixels, mode="L")


def _ink(gray: np.ndarray, scale: int) -> np.ndarray:
    """Dark pixels at the working scale; min-pooling keeps a 1-px rule whole when the page is reduced."""
    if scale > 1:
        gray = cv2.erode(gray, np.ones((scale, scale), np.uint8), anchor=(0, 0))[::scale, ::scale]
    _, ink = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    return ink


def _rules(ink: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Horizontal and vertical rules: the ink a long thin kernel's opening keeps. The ink is first thickened
    across the rule's direction, so a rule skewed by a degree still holds long straight runs."""
    h, w = ink.shape
    across = max(8, round(H_RULE * w))
    down = max(8, round(V_RULE * h))
    horizontal = cv2.morphologyEx(cv2.dilate(ink, np.ones((3, 1), np.uint8)), cv2.MORPH_OPEN,
                                  np.ones((1, across), np.uint8))
    vertical = cv2.morphologyEx(cv2.dilate(ink, np.ones((1, 3), np.uint8)), cv2.MORPH_OPEN,
                                np.ones((down, 1), np.uint8))
    # bridge small breaks in a scanned rule so that neighbouring cells stay apart
    horizontal = cv2.dilate(horizontal, np.ones((1, 5), np.uint8))
    vertical = cv2.dilate(vertical, np.ones((5, 1), np.uint8))
    return horizontal, vertical


def _count(mask: np.ndarray) -> int:
    return cv2.connectedComponents(mask, connectivity=8)[0] - 1


def _grid(rules: np.ndarray, horizontal: np.ndarray, origin: tuple[int, int], scale: int) -> Grid | None:
    """The grid of one connected set of rules: its cells (regions enclosed by rules) placed on rows and columns."""
    h, w = rules.shape
    _close_sides(rules, horizontal & (rules * 255))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(1 - rules, connectivity=4)
    slope = _slope(horizontal & (rules * 255))
    boxes = {}
    for k in range(1, count):
        x, y, bw, bh, area = stats[k]
        if y == 0 or y + bh >= h or (x == 0 and x + bw >= w):  # outside the table's frame
            continue  # (a region at its left or right edge only is a cell of a table without side rules)
        if bw < MIN_CELL or bh < MIN_CELL:
            continue
        # the cell turned level: its centre deskewed, its size without what the skew adds to its upright box
        cx, cy = x + bw / 2, y + bh / 2
        dx, dy = cx + slope * cy, cy - slope * cx
        tw, th = max(bw - abs(slope) * bh, 1), max(bh - abs(slope) * bw, 1)
        boxes[k] = (dx - tw / 2, dy - th / 2, dx + tw / 2, dy + th / 2)
    if len(boxes) < 4:
        return None
    columns = _boundaries([b[0] for b in boxes.values()] + [b[2] for b in boxes.values()])
    rows = _boundaries([b[1] for b in boxes.values()] + [b[3] for b in boxes.values()])
    if len(columns) < 3 or len(rows) < 3:
        return None
    cells = {}
    for k, (x0, y0, x1, y1) in boxes.items():
        c0, c1 = _nearest(columns, x0), _nearest(columns, x1)
        r0, r1 = _nearest(rows, y0), _nearest(rows, y1)
        if c1 > c0 and r1 > r0:
            x, y, bw, bh, _ = stats[k]
            box = ((origin[0] + x) * scale, (origin[1] + y) * scale, (origin[0] + x + bw) * scale,
                   (origin[1] + y + bh) * scale)
            cells[k] = Cell(k, r0, c0, r1 - r0, c1 - c0, box)
    labels[~np.isin(labels, list(cells))] = 0
    x, y = origin
    return Grid((x * scale, y * scale, (x + w) * scale, (y + h) * scale), scale, labels, cells,
                (len(rows) - 1, len(columns) - 1))


def _close_sides(rules: np.ndarray, horizontal: np.ndarray) -> None:
    """Join the ends of the long horizontal rules on a side that has no rule down it: a table drawn without
    side rules gets its edge columns' cells closed (a framed table is left as it is)."""
    count, labels, stats, _ = cv2.connectedComponentsWithStats(horizontal, connectivity=8)
    ends = []
    for k in range(1, count):
        x, y, bw, bh, _ = stats[k]
        if bw >= 0.9 * rules.shape[1]:  # a rule across the whole table (not one under a merged heading)
            ys = np.nonzero(labels[y:y + bh, x:x + bw] == k)[0]
            ends.append((y + int(np.median(ys)), x, x + bw - 1))
    if len(ends) < 2:
        return
    ends.sort()
    down = (rules > 0) & (horizontal == 0)
    top, bottom = ends[0][0], ends[-1][0]
    for side in (1, 2):
        near = [e[side] for e in ends]
        lo, hi = (min(near), max(near) + 2 * MIN_CELL) if side == 1 else (min(near) - 2 * MIN_CELL, max(near) + 1)
        if down[top:bottom, max(lo, 0):hi].any(axis=1).mean() > 0.5:  # a side rule is drawn
            continue
        for (y0, *a), (y1, *b) in zip(ends, ends[1:], strict=False):
            cv2.line(rules, (a[side - 1], y0), (b[side - 1], y1), 1, 1)


def _slope(horizontal: np.ndarray) -> float:
    """The rules' skew (dy/dx), from the longest horizontal rule's pixels; 0 when unclear."""
    count, labels, stats, _ = cv2.connectedComponentsWithStats(horizontal, connectivity=8)
    if count < 2:
        return 0.0
    k = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_WIDTH]))
    ys, xs = np.nonzero(labels == k)
    if np.ptp(xs) < 50:
        return 0.0
    return float(np.polyfit(xs, ys, 1)[0])


def _boundaries(edges: list[float]) -> list[float]:
    """Edges clustered into boundaries: the left edge of a cell and the right edge of its neighbour are one."""
    edges = sorted(edges)
    groups: list[list[float]] = [[edges[0]]]
    for e in edges[1:]:
        if e - groups[-1][-1] <= EDGE_TOLERANCE:
            groups[-1].append(e)
        else:
            groups.append([e])
    return [float(np.mean(g)) for g in groups]


def _nearest(boundaries: list[float], value: float) -> int:
    return int(np.argmin([abs(b - value) for b in boundaries]))


# ── the table's words as rows ─────────────────────────────────────────────────

TABLE_PSM = "--psm 6"  # the cells' strip read as one block of lines: lone marks and numbers are kept
# (on the page, layout analysis drops most one-character cells: see bench/ocr_tables.py)
RULE_NOISE = "|[]{}_¬`~‘’“”„"  # what rule remnants and specks make of a word's ends
END_NOISE = ".:;,'\""  # ... and of a cell's ends ("Đạt.", "'Tiên Phong")
MIN_WORD_HEIGHT = 0.4  # of the table's median word height: a lower letter or digit is a speck or a rule's remnant
MIN_INK = 12
ROW_NUMBER = re.compile(r"(?:\d{1,3}|[IVXLC]{1,6}|[a-zđ])[.)]?")  # what a row's first cell numbers it with  # dark pixels (at the working scale) a cell must hold to be read


def with_rows(tsv: str, found: Found, image: Image.Image, read: Callable[[Image.Image], str]) -> str:
    """The page's TSV (read with the tables whitened: `without_tables`) with each table's rows put before the
    first word of the page that stands below the table's top (the end of the page if none); a stray word of
    the page's pass inside a table is dropped. The text outside is left as it was.

    `read` gives a table image's TSV (Tesseract with TABLE_PSM). Table words are ordered row, cell, line and
    marked with their place: block "T<table>", paragraph 1, line = row, word number = column, and a 13th
    field: the tabs text_from_tsv puts before the word (one per cell boundary since the row's previous
    word; 0 inside a cell)."""
    if not found:
        return tsv
    lines = tsv.splitlines()
    header, rows = lines[:1], [row for row in lines[1:] if not _inside(row.split("\t"), found)]
    inserts = sorted(((_first_below(rows, grid.box[1]), t) for t, grid in enumerate(found.grids)), reverse=True)
    clean = without_rules(image, found)
    for at, t in inserts:
        rows[at:at] = _table_rows(found.grids[t], _read_cells(clean, found.grids[t], read), t)
    return "\n".join(header + rows)


def _read_cells(clean: Image.Image, grid: Grid, read: Callable[[Image.Image], str]) -> dict[Cell, list[list[str]]]:
    """Each cell's words, from one Tesseract run over the table without its rules, where the cells of several
    lines are moved out below the table (beside one-line cells, their lines and the row's mix into one
    line); a row's one-line cells stay side by side, so marks and numbers are read with the row's context.
    Words are put back where they stand on the page and assigned to the cell their centre lies in."""
    x0, y0, x1, y1 = grid.box
    table = np.array(clean.crop(grid.box))
    inset = grid.scale + 1
    inks = {}  # cell → its ink's box in table pixels
    one_glyph = set()  # cells whose ink is a single mark ("x", "1")
    for cell in grid.cells.values():
        cx0, cy0, cx1, cy1 = (v - o for v, o in zip(cell.box, (x0, y0, x0, y0), strict=True))
        ink = table[cy0 + inset:cy1 - inset, cx0 + inset:cx1 - inset] < 128
        if ink.sum() >= MIN_INK * grid.scale ** 2:
            areas = cv2.connectedComponentsWithStats(ink.astype(np.uint8), connectivity=8)[2][1:, cv2.CC_STAT_AREA]
            if (areas >= MIN_INK * grid.scale ** 2 / 4).sum() == 1:
                one_glyph.add(cell)
            ys, xs = np.nonzero(ink)
            inks[cell] = (cx0 + inset + int(xs.min()), cy0 + inset + int(ys.min()),
                          cx0 + inset + int(xs.max()) + 1, cy0 + inset + int(ys.max()) + 1)
    if not inks:
        return {}
    line = float(np.median([b[3] - b[1] for b in inks.values()]))
    tall = [(cell, box) for cell, box in inks.items() if box[3] - box[1] > 1.5 * line]
    gap = round(line) + 4
    sheet = np.full((table.shape[0] + sum(b[3] - b[1] + gap for _, b in tall) + gap, table.shape[1]), 255, np.uint8)
    sheet[:table.shape[0]] = table
    moved = []  # (top on the sheet, bottom, cell, dy from the sheet back to the table)
    y = table.shape[0] + gap
    for cell, (bx0, by0, bx1, by1) in sorted(tall, key=lambda cb: (cb[0].row, cb[0].column)):
        sheet[y:y + by1 - by0, bx0:bx1] = table[by0:by1, bx0:bx1]
        sheet[by0:by1, bx0:bx1] = 255
        moved.append((y, y + by1 - by0, cell, by0 - y))
        y += by1 - by0 + gap
    words: dict[Cell, list[list[str]]] = {}
    for row in read(Image.fromarray(sheet, mode="L")).splitlines()[1:]:
        fields = row.split("\t")
        if len(fields) < 12 or fields[0] != "5" or not fields[11].strip():
            continue
        middle = int(fields[7]) + int(fields[9]) / 2
        cell, dy = None, 0
        if middle >= table.shape[0]:
            cell, dy = next(((c, d) for top, bottom, c, d in moved if top - gap / 2 <= middle < bottom + gap / 2),
                            (None, 0))
        fields[6], fields[7] = str(int(fields[6]) + x0), str(int(fields[7]) + dy + y0)
        cell = cell or _cell_of(grid, fields)
        if cell is not None:
            words.setdefault(cell, []).append(fields)
    for cell in one_glyph & words.keys():
        _one_character(words[cell])
    return words


def _one_character(words: list[list[str]]) -> None:
    """A lone mark read as its letter twice or with a stroke beside it ("Xx", "xXx", "X—" for one "x":
    Tesseract's line model does that to an isolated glyph): one character, as the ink shows. Other readings
    (two different letters, no letter) are left as they are."""
    letters = [c for c in words[0][11] if c.isalnum()] if len(words) == 1 else []
    if letters and len({c.casefold() for c in letters}) == 1:
        words[0][11] = letters[0]


def _cell_of(grid: Grid, fields: list[str]) -> Cell | None:
    """The cell a word's centre lies in (or, for a word centred on a rule, the cell of a point beside it)."""
    left, top, width, height = (int(v) for v in fields[6:10])
    cx, cy = left + width / 2, top + height / 2
    for x, y in ((cx, cy), (left + width / 4, cy), (left + 3 * width / 4, cy), (cx, top + height / 4),
                 (cx, top + 3 * height / 4)):
        cell = grid.cell_at(x, y)
        if cell is not None:
            return cell
    return None


def _inside(fields: list[str], found: Found) -> bool:
    """Is this a word whose centre lies in a table's cells or on its rules (the part of the page whitened for
    the page's pass: what stands there is read by the table's own pass)?"""
    if len(fields) < 12 or fields[0] != "5":
        return False
    left, top, width, height = (int(v) for v in fields[6:10])
    x, y = left + width / 2, top + height / 2
    on_rule = 0 <= int(y) < found.rules.shape[0] and 0 <= int(x) < found.rules.shape[1] and found.rules[int(y), int(x)]
    return bool(on_rule) or any(g.cell_at(x, y) is not None for g in found.grids)


def _first_below(rows: list[str], top: int) -> int:
    for i, row in enumerate(rows):
        fields = row.split("\t")
        if len(fields) >= 12 and fields[0] == "5" and fields[11].strip() and int(fields[7]) > top:
            return i
    return len(rows)


def _table_rows(grid: Grid, words: dict[Cell, list[list[str]]], t: int) -> list[str]:
    """One table's words as marked TSV rows in row, cell, line order; the words in reading order, unmarked,
    when they do not make a table (most rows fill fewer than two cells)."""
    heights = [int(w[9]) for ws in words.values() for w in ws]
    low = MIN_WORD_HEIGHT * float(np.median(heights)) if heights else 0
    texts = {cell: _cleaned([w for w in ws if int(w[9]) >= low or not any(c.isalnum() for c in w[11])], t)
             for cell, ws in words.items()}
    texts = {cell: ws for cell, ws in texts.items() if ws}
    rows = [sorted((c for c in texts if c.row == r), key=lambda c: c.column) for r in range(grid.shape[0])]
    rows = [sub for cells in rows if cells for sub in _unruled_rows(cells, texts)]
    if not is_table(["\t".join(" ".join(w[11] for w in ws) for _, ws in cells) for cells in rows]):
        return ["\t".join(w) for cells in rows for _, ws in cells for w in ws]
    out = []
    for n, cells in enumerate(rows):
        previous = 0
        for column, ws in cells:
            for i, fields in enumerate(ws):
                tabs = column - previous if i == 0 else 0  # empty cells before this one stay empty
                out.append("\t".join([*fields[:2], f"T{t}", "1", str(n), str(column), *fields[6:12], str(tabs)]))
            previous = column
    return out


def _unruled_rows(cells: list[Cell], texts: dict[Cell, list[list[str]]]) -> list[list[tuple[int, list[list[str]]]]]:
    """A ruled row as (column, words) cells; split into several rows when its first cell holds several
    numbers one under the other ("1", "2", "3"): a body whose rows are not ruled (only its columns and
    header are). Each row then starts a little above its number's line; no ruled row numbers itself twice."""
    whole = [[(c.column, texts[c]) for c in cells]]
    first = cells[0]
    lines: dict[tuple[str, ...], list[list[str]]] = {}
    for w in texts[first]:
        lines.setdefault(tuple(w[2:5]), []).append(w)
    numbers = sorted(lines.values(), key=lambda ws: int(ws[0][7]))
    if first.column != 0 or len(numbers) < 2 or not all(
            ROW_NUMBER.fullmatch(" ".join(w[11] for w in ws)) for ws in numbers):
        return whole
    height = float(np.median([int(w[9]) for ws in numbers for w in ws]))
    starts = [-np.inf] + [min(int(w[7]) for w in ws) - 0.5 * height for ws in numbers[1:]]
    split: list[list[tuple[int, list[list[str]]]]] = [[] for _ in starts]
    for cell in cells:
        parts: list[list[list[str]]] = [[] for _ in starts]
        for w in texts[cell]:
            middle = int(w[7]) + int(w[9]) / 2
            parts[max(k for k, start in enumerate(starts) if middle >= start)].append(w)
        for k, part in enumerate(parts):
            if part:
                split[k].append((cell.column, part))
    return [row for row in split if row]


def _cleaned(words: list[list[str]], t: int) -> list[list[str]]:
    """A cell's words in reading order (lines top-down, each left to right), what rule remnants and specks
    add at the cell's ends (stray quotes, dots, bars) taken off, words that were only that dropped."""
    lines: dict[tuple[str, ...], list[list[str]]] = {}
    for w in words:
        lines.setdefault(tuple(w[2:5]), []).append(w)
    ordered = sorted(lines.values(), key=lambda ws: min(int(w[7]) for w in ws))
    kept = []
    for w in (w for line in ordered for w in sorted(line, key=lambda w: int(w[6]))):
        text = w[11].strip().strip(RULE_NOISE)
        if text:
            kept.append([*w[:2], f"G{t}.{w[2]}", *w[3:11], text])
    while kept and not kept[0][11].lstrip(END_NOISE):  # a speck read as a word of its own
        kept.pop(0)
    while kept and not kept[-1][11].rstrip(END_NOISE):
        kept.pop()
    if kept:
        kept[0][11] = kept[0][11].lstrip(END_NOISE)
        kept[-1][11] = kept[-1][11].rstrip(END_NOISE)
    return kept


