"""Targets and results in tables: rows of 'TT | Chỉ tiêu | ĐVT | Kế hoạch 2024 | Thực hiện 2024 | ...'.

The table and its columns come from the shared reader (pipeline/extract/grammar/tables.py): the
indicator, the unit, and value columns whose headings say whether they hold the plan ('Kế hoạch',
'KH', 'Mục tiêu năm 2025') or what was achieved ('Thực hiện', 'TH', 'Ước TH'), or only a year ('Năm
2024': the section decides), and for which year; comparison columns ('So sánh (%)', 'TH/KH') and
money or note columns are not levels. A row is read only where it lines up with the header: the
cells before the indicator are row numbers, the indicator cell has words and the unit cell is a
unit; an empty or '-' value cell gives nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.extract.grammar.aligned import lower_aligned
from pipeline.extract.grammar.numbers import NUMBER, parse_number
from pipeline.extract.grammar.tables import Cell, Column, Row, Table, tables
from pipeline.extract.grammar.units import Unit, unit_after

VALUE_CELL = re.compile(
    rf"\s*(?P<cmp><=|>=|≤|≥|<|>|trên|dưới|tối thiểu|tối đa)?\s*(?P<low>{NUMBER})"
    rf"(?:\s*[-–]\s*(?P<high>{NUMBER}))?\s*%?\s*$"
)
CELL_COMPARATORS = {"<=": "<=", ">=": ">=", "≤": "<=", "≥": ">=", "<": "<", ">": ">", "trên": ">", "dưới": "<",
                    "tối thiểu": ">=", "tối đa": "<="}
VALUE_KINDS = {"target": "target", "result": "result", "period": None}  # column kind → item kind (None: the section)
_UNIT_IN_NAME = re.compile(r"\(\s*([^()]{1,30}?)\s*\)\s*$")  # 'Tỷ lệ hộ nghèo (%)', 'Thu nhập (triệu đồng/người)'
_ROW_NUMBER = re.compile(r"(?:\d{1,3}(?:\.\d{1,2})*|[ivxlc]{1,5}|[a-zđ])[.)]?|[-+*•]", re.I)


@dataclass(frozen=True)
class Header:
    indicator: Column
    unit: Column | None  # None: each indicator names its unit ('Tỷ lệ hộ nghèo (%)')
    values: list[Column]


@dataclass(frozen=True)
class TableValue:
    """One value of a table: the row's indicator and unit, the column's kind and year."""

    indicator: str
    parent: str | None
    cell: Cell
    value: float
    value_max: float | None
    comparator: str
    unit: Unit
    kind: str | None
    year: int | None


def is_table_row(line: str) -> bool:
    """A line of cells: ingestion separates a row's cells with tabs."""
    return "\t" in line


def indicator_header(table: Table) -> Header | None:
    """The indicator, unit and value columns of a table of indicators, if it is one."""
    indicators = table.of_kind("indicator")
    units = table.of_kind("unit") or table.of_kind("unit_or_place")
    values = [c for c in table.columns if c.kind in VALUE_KINDS and not re.search(r"[/%]", _own(c))
              and indicators and c.index > indicators[0].index]
    if not indicators or len(units) > 1 or not values:
        return None
    return Header(indicators[0], units[0] if units else None, values)


def _own(column: Column) -> str:
    return column.sub if column.sub is not None else column.heading


def row_values(row: Row, head: Header, parent: str | None) -> list[TableValue]:
    """The values of a row that lines up with its header."""
    indicator = row.cell(head.indicator.index)
    unit_cell = row.cell(head.unit.index) if head.unit is not None else None
    if indicator is None or not re.search(r"[^\W\d_]", indicator.text):
        return []
    if any(c.text and not _ROW_NUMBER.fullmatch(c.text) for c in row.cells[:head.indicator.index]):
        return []  # a cell lost before the indicator: the row does not line up
    named = _UNIT_IN_NAME.search(indicator.text)
    if unit_cell is not None and unit_cell.text:
        unit, name = _unit(unit_cell.text), indicator.text
    elif head.unit is None or unit_cell is not None:  # no unit column, or an empty unit cell
        unit, name = (_unit(named.group(1)), indicator.text[:named.start()].rstrip(" ,:-–")) if named else (None, "")
    else:
        return []
    if unit is None or not name:
        return []
    found = []
    for column in head.values:
        cell = row.cell(column.index)
        m = VALUE_CELL.fullmatch(lower_aligned(cell.text)) if cell is not None and cell.text else None
        if not m:
            continue
        low, high = parse_number(m.group("low")), m.group("high") and parse_number(m.group("high"))
        ranged = high is not None and high > low
        comparator = "range" if ranged else CELL_COMPARATORS.get(re.sub(r"\s+", " ", m.group("cmp") or ""), "=")
        found.append(TableValue(
            indicator=name, parent=parent, cell=cell, value=low if ranged else (high or low),
            value_max=high if ranged else None, comparator=comparator, unit=unit, kind=VALUE_KINDS[column.kind],
            year=column.year,
        ))
    return found


def _unit(cell_text: str) -> Unit | None:
    """The unit a unit cell names ('Triệu đồng', 'Tr.đồng/người', '%'), if the cell is nothing else."""
    text = lower_aligned(cell_text.strip())
    m = unit_after(text, 0)
    return m.unit if m and not text[m.end:].strip() else None


def table_values(text: str, lines: list[tuple[int, int]]) -> list[TableValue] | None:
    """The values of the table standing on these lines (start, end), read under its header.

    None when the lines hold no table of indicators: the caller reads them as prose.
    """
    table = next((t for t in tables(text) if lines[0][0] <= t.start < lines[-1][1]), None)
    head = indicator_header(table) if table is not None else None
    if head is None:
        return None
    parent, found = None, []
    for row in table.rows:
        values = row_values(row, head, parent)
        if values:
            found += values
        elif _is_group_row(row):
            parent = row.filled[-1].text
    return found


def _is_group_row(row: Row) -> bool:
    """A row naming the group of rows below it ('I | Chỉ tiêu về kinh tế'): words, no amounts."""
    filled = row.filled
    words = [c.text for c in filled if re.search(r"[^\W\d_]{2,}", c.text)]
    return len(words) == 1 and not any(re.search(r"\d", c.text) for c in filled[1:])
