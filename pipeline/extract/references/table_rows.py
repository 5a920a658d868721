"""Citations in table rows: a list of documents set out as a table (tab-separated cells in the
normalized text), one document per row: "1 | Quyết định | 12/2015/QĐ-UBND | 15/5/2015 | Về việc ...".

A row's date cell is the document's date only when the row cites that one document in a cell of
its own, and the column is an issue date: a date cell right after the code's cell, or one under a
header naming the issue date ("Ngày ban hành", "Ngày ký"). A column headed as a deadline or an
effective date ("Thời hạn hoàn thành", "Ngày có hiệu lực") never dates the document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.extract.grammar import lexicon
from pipeline.extract.grammar.codes import find_codes
from pipeline.extract.grammar.dates import DateValue, match_date
from pipeline.normalize.vietnamese import fold

ISSUE_HEADER = re.compile(r"ban hanh|ngay ky|ky ngay|ngay,? thang,? nam|ngay van ban")
NOT_ISSUE_HEADER = re.compile(r"hieu luc|thoi han|hoan thanh|het han|han chot")
OTHER_DATE_HEADER = re.compile(r"thoi gian|tien do")  # "Thời gian thực hiện"; "Thời gian ban hành" is an issue date
MAX_HEADER_LINES_UP = 60  # a table longer than this is read without its header


@dataclass(frozen=True)
class Cell:
    start: int
    end: int
    column: int


def row_cells(text: str, pos: int) -> list[Cell] | None:
    """The cells of the tab-separated row holding pos, or None outside a table."""
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    end = len(text) if end < 0 else end
    return _cells(text, start, end) if "\t" in text[start:end] else None


def date_in_row(text: str, code_start: int, code_end: int, next_cell_date: DateValue | None) -> DateValue | None:
    """The document's date in its row: the date cell after its code's cell, or the issue-date column."""
    cells = row_cells(text, code_start)
    if cells is None:
        return next_cell_date
    own = next(c for c in cells if c.start <= code_start < c.end)
    if not _citation_cell(text, own, code_start, code_end):  # "Triển khai Kế hoạch số 12/KH-UBND | 30/6/2024"
        return next_cell_date if next_cell_date is not None and next_cell_date.start < own.end else None
    header = _header(text, cells)
    dated = [(c, d) for c in cells if (d := _date_cell(text, c)) is not None]
    if next_cell_date is not None:
        column = next((c.column for c, d in dated if d.start == next_cell_date.start), None)
        heading = header[column] if header and column is not None else ""
        return None if _other_date(heading) else next_cell_date
    if not header or len(list(find_codes(text, cells[0].start, cells[-1].end))) > 1:
        return None  # no issue-date column, or several documents in the row
    issue = [d for c, d in dated if _issue_date(header[c.column])]
    return issue[0] if len(issue) == 1 else None


def _issue_date(heading: str) -> bool:
    return ISSUE_HEADER.search(heading) is not None and NOT_ISSUE_HEADER.search(heading) is None


def _other_date(heading: str) -> bool:
    """A deadline or effective-date column: never a cited document's date."""
    return not _issue_date(heading) and (NOT_ISSUE_HEADER.search(heading) or OTHER_DATE_HEADER.search(heading)) is not None


def _cells(text: str, start: int, end: int) -> list[Cell]:
    cells, pos = [], start
    for i, piece in enumerate(text[start:end].split("\t")):
        cells.append(Cell(pos, pos + len(piece), i))
        pos += len(piece) + 1
    return cells


def _citation_cell(text: str, cell: Cell, code_start: int, code_end: int) -> bool:
    """A cell that only cites: "[Quyết định] [số] 12/2015/QĐ-UBND [ngày 15/5/2015]"."""
    before = text[cell.start:code_start].strip()
    after = text[code_end:cell.end].strip(" ,;.")
    type_words = lexicon.type_word_regex().pattern
    if before and not re.fullmatch(rf"(?:{type_words})?\s*(?:[Ss]ố|SỐ)?\s*:?", before):
        return False
    date = match_date(after, 0, require_ngay=True) if after else None
    return not after or (date is not None and date.end == len(after))


def _date_cell(text: str, cell: Cell) -> DateValue | None:
    """A cell that is one whole date ("15/5/2015", "ngày 15/5/2015")."""
    content = text[cell.start:cell.end]
    stripped = content.strip()
    offset = cell.start + len(content) - len(content.lstrip())
    date = match_date(stripped, 0)
    if date is None or date.end != len(stripped) or date.iso is None:
        return None
    return DateValue(offset + date.start, offset + date.end, date.text, date.year, date.month, date.day)


def _header(text: str, row: list[Cell]) -> list[str] | None:
    """The folded headings of the row's table: its first row, when it has as many cells and no date or code."""
    line_start = row[0].start
    top = line_start
    for _ in range(MAX_HEADER_LINES_UP):
        previous = text.rfind("\n", 0, max(0, top - 1)) + 1
        if top == 0 or "\t" not in text[previous:top - 1]:
            break
        top = previous
    end = text.find("\n", top)
    cells = _cells(text, top, len(text) if end < 0 else end)
    headings = [fold(text[c.start:c.end]) for c in cells]
    if top == line_start or len(cells) != len(row) or any(re.search(r"\d", h) for h in headings):
        return None
    return headings
