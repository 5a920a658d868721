"""Deadlines in a table's time column: 'Nhiệm vụ | Cơ quan chủ trì | Thời gian hoàn thành' or 'Chỉ tiêu |
ĐVT | Mục tiêu năm 2025 | Thời hạn', one row per task or indicator.

The column is found by its heading (models/grammar/tables.json, kind 'deadline'); the task is the row's
own task or indicator cell. A cell is read only when it is one time expression of the one date grammar
(pipeline/extract/grammar/time_expressions.py), perhaps after 'trước', 'trong', 'đến hết', 'hoàn thành
trong' ('Quý IV/2025', 'Trước 30/6/2025', '2025'); anything else in the cell ('Thường xuyên', 'Hằng
năm', a sentence) gives nothing here. A time before the document (a report's dates of work done) is
no deadline.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from pipeline.extract.grammar.aligned import lower_aligned
from pipeline.extract.grammar.status_cues import status_cues
from pipeline.extract.grammar.tables import Cell, Column, Table, tables
from pipeline.extract.grammar.time_expressions import time_expressions

# the words a time cell may open with: an exclusive bound, or an inclusive one
_LEAD = re.compile(r"(?:(?:hoan\s+thanh|xong)\s+)?(?:(?P<exclusive>truoc(?:\s+ngay)?|cham\s+nhat(?:\s+(?:la|vao))?)"
                   r"|(?:trong|den\s+het|den|het|cuoi|vao|nam)(?:\s+nam(?=\s))?)?\s*")
_BARE_YEARS = re.compile(r"(?P<y1>(?:19|20)\d{2})(?:\s*[-–]\s*(?P<y2>(?:19|20)\d{2}))?")


@dataclass(frozen=True)
class TableDeadline:
    start: int
    end: int
    date: dt.date
    granularity: str
    inclusive: bool
    task: str


def deadline_tables(text: str) -> list[Table]:
    """The tables with one time column and a column saying whose time it is: a task or indicator, or a
    commune ('Tên xã | Dự kiến năm đạt chuẩn') when the heading or caption sets a goal."""
    return [t for t in tables(text) if len(t.of_kind("deadline")) == 1 and _task_column(text, t) is not None]


def _task_column(text: str, table: Table) -> Column | None:
    if table.of_kind("indicator"):
        return table.of_kind("indicator")[0]
    places = table.of_kind("place") or table.of_kind("unit_or_place")
    lowered = lower_aligned(text)
    if len(places) == 1 and status_cues().closest(lowered, table.above, table.header[-1].end) == "target":
        return places[0]
    return None


def table_deadlines(text: str, folded: str, year: int | None, issued: dt.date | None) -> Iterator[TableDeadline]:
    """Each time cell of a table with a time column and a task, indicator or commune column."""
    for table in deadline_tables(text):
        time, whose = table.of_kind("deadline")[0], _task_column(text, table)
        for row in table.rows:
            task, cell = row.cell(whose.index), row.cell(time.index)
            if task is None or cell is None or not re.search(r"[^\W\d_]{2,}", task.text) or not cell.text:
                continue
            found = _time_cell(folded, cell, year, issued)
            if found is None:
                continue
            start, end, date, granularity, inclusive = found
            past = date < issued if issued is not None else (year is not None and date.year < year)
            if past:
                continue  # a date of work done, not a time limit (as the prose rules: the issue date, else the year)
            name = " ".join(task.text.split())
            if whose.kind != "indicator":  # a commune's time: 'Xã Tân Lập: Dự kiến năm đạt chuẩn'
                name = f"{name}: {' '.join(time.heading.split())}"
            yield TableDeadline(start, end, date, granularity, inclusive, name)


def _time_cell(folded: str, cell: Cell, year: int | None, issued: dt.date | None):
    """(start, end, date, granularity, inclusive) of a cell that is one time, else None."""
    lead = _LEAD.match(folded, cell.start, cell.end)
    exclusive = bool(lead.group("exclusive"))
    body = lead.end()
    years = _BARE_YEARS.fullmatch(folded, body, cell.end)
    if years:
        last = int(years.group("y2") or years.group("y1")) - (1 if exclusive else 0)
        word = re.search(r"nam\s*$", folded[lead.start():body])  # 'Năm 2025': the word is part of the time
        return lead.start() + word.start() if word else body, cell.end, dt.date(last, 12, 31), "year", True
    exprs = time_expressions(folded[cell.start:cell.end], year, issued)  # offsets in the cell
    if len(exprs) != 1 or cell.start + exprs[0].end != cell.end or cell.start + exprs[0].start < body:
        return None
    expr = replace(exprs[0], start=cell.start + exprs[0].start, end=cell.end)
    if folded[body:expr.start].strip(" ,:"):
        return None  # more words than a time: a sentence, not a time cell
    if exclusive and expr.kind != "day":
        return expr.start, expr.end, expr.first - dt.timedelta(days=1), expr.granularity, True
    if exclusive:
        return expr.start, expr.end, expr.first, expr.granularity, False
    return expr.start, expr.end, expr.last, expr.granularity, True
