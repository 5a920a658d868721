"""Tables in the normalized text: runs of rows, their header, and columns typed by their headings.

Ingestion writes a table row as one line with its cells separated by tabs (Word, ruled PDF tables,
OCR'd tables); normalization keeps an empty cell inside a row (two tabs) but strips a line's outer
ones, so a row may be shorter than its header: its cells are read from the left, and each reader
checks that a cell holds what its column should (a row shifted by a lost leading cell fails that).

A table's header is its first row whose headings name at least two kinds of column
(models/grammar/tables.json), perhaps under a title row; a merged heading ('Tiêu chí' over 19
columns, empty cells after it) takes the next row as its sub-headings ('1 | 2 | ... | 19'); a row
numbering the columns ('(1) | (2) | (3)') is skipped. Each field reads the columns it needs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache

from pipeline.extract.grammar.aligned import lower_aligned, phrase_alternation
from pipeline.models_dir import load_json

MAX_TITLE_ROWS = 2  # rows above the header (a table's title in its first row)
MIN_ROWS = 2  # a header and one row


@dataclass(frozen=True)
class Cell:
    start: int
    end: int
    text: str  # text[start:end]: the cell without its outer spaces ('' for an empty cell)


@dataclass(frozen=True)
class Row:
    start: int
    end: int
    cells: tuple[Cell, ...]

    def cell(self, column: int) -> Cell | None:
        """The cell under a column; None past the row's last written cell (an empty cell stripped)."""
        return self.cells[column] if column < len(self.cells) else None

    @property
    def filled(self) -> list[Cell]:
        return [c for c in self.cells if c.text]


@dataclass(frozen=True)
class Column:
    index: int
    heading: str  # the heading as written, a merged heading and its sub-heading joined by ' / '
    kind: str | None  # models/grammar/tables.json: number, indicator, unit, target, result, deadline, place, ...
    year: int | None  # the year the heading names ('Mục tiêu năm 2025')
    group: str | None = None  # the merged heading above a sub-heading ('Tiêu chí' above '1')
    sub: str | None = None  # the sub-heading itself ('1', 'Giao thông')


@dataclass(frozen=True)
class Table:
    start: int  # of the header's first row
    end: int
    above: int  # start of the line above the table (its caption), or the table's start
    header: tuple[Row, ...]
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]  # the body, below the header and any numbering row
    kinds: dict[str, list[Column]] = field(default_factory=dict, compare=False)

    def of_kind(self, kind: str) -> list[Column]:
        return [c for c in self.columns if c.kind == kind]


@lru_cache(maxsize=4)
def tables(text: str) -> tuple[Table, ...]:
    """Every table of the text with a header, in text order (several fields read them: computed once)."""
    return tuple(_tables(text))


@cache
def _rules() -> tuple[list[tuple[str, re.Pattern[str], re.Pattern[str] | None]], set[str]]:
    data = load_json("grammar/tables.json")
    kinds = []
    for entry in data["kinds"]:
        needs_year = entry.get("needs_year_after", [])
        plain = [p for p in entry["phrases"] if p not in needs_year]
        kinds.append((entry["kind"],
                      re.compile(rf"(?:{phrase_alternation(plain)})(?![^\W_])") if plain else None,
                      re.compile(rf"(?:{phrase_alternation(needs_year)})(?=\s*(?:19|20)\d{{2}})") if needs_year else None))
    grouped = {e["kind"] for e in data["kinds"] if e.get("needs_subcolumns")}
    return kinds, grouped


# what may follow a kind's phrase in its heading: years, time words, dates, a unit or a number in parentheses
_AFTER = re.compile(r"(?:[\s,:;.\-–/]+|(?:19|20)\d{2}(?!\d)|\d{1,2}(?=\s*tháng)|\d{1,2}/(?:\d{1,2}/)?(?=(?:19|20)\d{2})|\(\s*[^()]{0,30}\)"
                    r"|(?<![^\W_])(?:năm|đến|hết|tính|ngày|tháng|quý|giai đoạn|cuối|đầu|trước|sau|từ)(?![^\W_]))*")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


def heading_kind(heading: str) -> tuple[str | None, int | None]:
    """The kind of column a heading names, and the year it names (None, None for anything else)."""
    lowered = " ".join(lower_aligned(heading).split())
    if _YEAR.search(lowered) and _AFTER.fullmatch(lowered):  # '2025', 'Năm 2025', 'Giai đoạn 2021-2025'
        return "period", int(_YEAR.findall(lowered)[-1])
    kinds, _ = _rules()
    for kind, plain, with_year in kinds:
        for pattern in (with_year, plain):
            m = pattern.match(lowered) if pattern else None
            if m and _AFTER.fullmatch(lowered, m.end()):
                years = _YEAR.findall(lowered, m.end())
                return kind, int(years[-1]) if years else None
    return None, None


def _tables(text: str):
    for run in _runs(text):
        table = _table(text, run)
        if table is not None:
            yield table


def _runs(text: str) -> list[list[Row]]:
    """Consecutive lines with a tab, as rows."""
    runs: list[list[Row]] = []
    previous_end = -2
    for m in re.finditer(r"[^\n]+", text):
        if "\t" not in m.group():
            continue
        row = _row(text, m.start(), m.end())
        if runs and previous_end + 1 == m.start():
            runs[-1].append(row)
        else:
            runs.append([row])
        previous_end = m.end()
    return [r for r in runs if len(r) >= MIN_ROWS]


def _row(text: str, start: int, end: int) -> Row:
    cells, pos = [], start
    for piece in text[start:end].split("\t"):
        lead = len(piece) - len(piece.lstrip())
        stripped = piece.strip()
        cells.append(Cell(pos + lead, pos + lead + len(stripped), stripped))
        pos += len(piece) + 1
    return Row(start, end, tuple(cells))


def _table(text: str, rows: list[Row]) -> Table | None:
    for i, row in enumerate(rows[:MAX_TITLE_ROWS + 1]):
        typed = [heading_kind(c.text) for c in row.cells if c.text]
        if len({k for k, _ in typed if k}) < 2:
            continue
        header, columns = [row], _columns(row)
        body = rows[i + 1:]
        if body and (sub := _sub_columns(row, body[0], columns)) is not None:
            header.append(body[0])
            columns, body = sub, body[1:]
        if body and _numbering(body[0]):
            body = body[1:]
        if not body:
            return None
        above = text.rfind("\n", 0, max(0, rows[0].start - 1)) + 1 if rows[0].start > 0 else 0
        return Table(header[0].start, rows[-1].end, above, tuple(header), tuple(columns), tuple(body))
    return None


def _columns(row: Row) -> list[Column]:
    columns = []
    for i, c in enumerate(row.cells):
        kind, year = heading_kind(c.text)
        columns.append(Column(i, c.text, kind, year))
    return columns


def _sub_columns(row: Row, below: Row, columns: list[Column]) -> list[Column] | None:
    """The header with the row below as sub-headings, when merged headings of the row span them.

    A merged heading is followed by empty cells (its other columns), or is the row's last heading when the
    row below is wider. The row below lost its leading empty cells (the headings merged downwards on the
    left), so its cells fill the merged headings' columns in order, and must fill them exactly."""
    _, grouped = _rules()
    filled = [i for i, c in enumerate(row.cells) if c.text]
    groups = [(i, nxt - i) for i, nxt in zip(filled, filled[1:], strict=False) if nxt - i > 1]
    cells = below.cells[next(i for i, c in enumerate(below.cells) if c.text):] if below.filled else ()
    extra = len(cells) - sum(width for _, width in groups)
    if extra >= 2 and filled[-1] not in dict(groups):
        groups.append((filled[-1], extra))
    elif extra != 0:
        return None
    if not groups or not all(c.text for c in cells if columns[groups[0][0]].kind not in grouped) \
            or sum(1 for c in cells if c.text) < len(cells) - 1:
        return None  # one sub-heading lost by a scan may be left empty under a merged heading of criteria
    subs = iter(cells)
    out = {c.index: c for c in columns}
    for first, width in groups:
        group = columns[first]
        for k in range(width):
            cell = next(subs)
            kind, year = heading_kind(cell.text)
            if group.kind in grouped:
                kind = group.kind
            elif not (kind in ("target", "result") or (group.kind in ("target", "result") and _YEAR.fullmatch(cell.text))):
                return None  # under a heading of values, each sub-heading says what it holds, or its year
            out[first + k] = Column(first + k, f"{group.heading} / {cell.text}", kind, year or group.year,
                                    group.heading, cell.text)
    return [out[i] for i in sorted(out)]


_NUMBERING = re.compile(r"\(?(?:\d{1,2}|[a-zA-Z])\)?(?:\s*=\s*[\d()+\-*/x ]+)?")


def _numbering(row: Row) -> bool:
    """'(1) | (2) | (3)', 'A | B | 1 | 2 | 3=1+2': the header's column numbers."""
    filled = row.filled
    if len(filled) < 3 or not all(_NUMBERING.fullmatch(c.text) for c in filled):
        return False
    numbers = [int(n.group(1)) for c in filled if (n := re.match(r"\(?(\d+)", c.text))]
    return len(numbers) >= 3 and numbers == list(range(numbers[0], numbers[0] + len(numbers)))
