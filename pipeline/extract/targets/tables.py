"""Targets and results in tables: rows of 'TT | Chỉ tiêu | ĐVT | Kế hoạch 2024 | Thực hiện 2024 | ...'.

Ingestion writes a table row as one line with its cells separated by tabs. A header row names the
columns: the indicator, the unit, and value columns whose words say whether they hold the plan
('Kế hoạch', 'KH', 'Mục tiêu') or what was achieved ('Thực hiện', 'TH', 'Ước TH'), and for which
year; comparison columns ('So sánh (%)', 'TH/KH') are not levels. A row whose cells do not line up
with the header (an empty cell lost on the way) gives no values rather than misplaced ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from pipeline.extract.grammar.aligned import lower_aligned, word_pattern
from pipeline.extract.grammar.dates import YEAR_RE
from pipeline.extract.grammar.numbers import NUMBER, parse_number
from pipeline.extract.grammar.units import Unit, unit_after
from pipeline.extract.targets.cues import rules

CELL = re.compile(r"[^\t]+")
MAX_HEADER_ROW = 2  # a title row or two may stand above the header
VALUE_CELL = re.compile(
    rf"\s*(?P<cmp><=|>=|≤|≥|<|>|trên|dưới|tối thiểu|tối đa)?\s*(?P<low>{NUMBER})"
    rf"(?:\s*[-–]\s*(?P<high>{NUMBER}))?\s*%?\s*$"
)
CELL_COMPARATORS = {"<=": "<=", ">=": ">=", "≤": "<=", "≥": ">=", "<": "<", ">": ">", "trên": ">", "dưới": "<",
                    "tối thiểu": ">=", "tối đa": "<="}


@dataclass(frozen=True)
class Cell:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Column:
    kind: str | None  # 'target', 'result', or None when the section decides
    year: int | None


@dataclass(frozen=True)
class Header:
    cells: int
    indicator: int  # column index
    unit: int | None
    values: dict[int, Column]  # column index → what its values are


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


def cells(text: str, start: int, end: int) -> list[Cell]:
    return [Cell(start + m.start(), start + m.end(), m.group().strip()) for m in CELL.finditer(text[start:end])
            if m.group().strip()]


@cache
def _columns() -> dict[str, tuple[str, ...]]:
    return {k: tuple(v) for k, v in rules()["tables"].items() if isinstance(v, list)}


def header(row: list[Cell]) -> Header | None:
    """The header a row is, if it names an indicator column and at least one column of values."""
    words = _columns()
    indicator = next((i for i, c in enumerate(row) if _names(c.text, words["indicator_column"])), None)
    if indicator is None:
        return None
    unit = next((i for i, c in enumerate(row) if _names(c.text, words["unit_column"])), None)
    values = {}
    for i, c in enumerate(row[indicator + 1:], start=indicator + 1):
        if i == unit or _names(c.text, words["comparison_column"]) or "/" in c.text or "%" in c.text:
            continue
        kind = "result" if _names(c.text, words["result_column"]) else (
            "target" if _names(c.text, words["target_column"]) else None)
        years = YEAR_RE.findall(c.text)
        if kind or years:
            values[i] = Column(kind=kind, year=int(years[-1]) if years else None)
    return Header(cells=len(row), indicator=indicator, unit=unit, values=values) if values else None


def _names(cell_text: str, phrases: tuple[str, ...]) -> bool:
    return re.search(word_pattern(phrases), lower_aligned(cell_text)) is not None


def row_values(text: str, row: list[Cell], head: Header, parent: str | None) -> list[TableValue]:
    """The values of a row that lines up with its header."""
    if len(row) != head.cells or head.unit is None:
        return []
    unit = _unit(row[head.unit].text)
    indicator = row[head.indicator].text
    if unit is None or not re.search(r"[^\W\d_]", indicator):
        return []
    found = []
    for i, column in head.values.items():
        m = VALUE_CELL.fullmatch(lower_aligned(row[i].text))
        if not m:
            continue
        low, high = parse_number(m.group("low")), m.group("high") and parse_number(m.group("high"))
        ranged = high is not None and high > low
        comparator = "range" if ranged else CELL_COMPARATORS.get(re.sub(r"\s+", " ", m.group("cmp") or ""), "=")
        found.append(TableValue(
            indicator=indicator, parent=parent, cell=row[i], value=low if ranged else (high or low),
            value_max=high if ranged else None, comparator=comparator, unit=unit, kind=column.kind, year=column.year,
        ))
    return found


def _unit(cell_text: str) -> Unit | None:
    """The unit a unit cell names ('Triệu đồng', 'Tr.đồng/người', '%'), if the cell is nothing else."""
    text = lower_aligned(cell_text.strip())
    m = unit_after(text, 0)
    return m.unit if m and not text[m.end:].strip() else None


def table_values(text: str, lines: list[tuple[int, int]]) -> list[TableValue] | None:
    """The values of a table given as its lines (start, end), read under its header row.

    None when no row is a header: the lines are not a table of indicators (the caller reads them
    as prose).
    """
    heads = [(i, h) for i, (start, end) in enumerate(lines[:MAX_HEADER_ROW + 1])
             if (h := header(cells(text, start, end)))]
    if not heads:
        return None
    first, head = heads[0]
    parent, found = None, []
    for start, end in lines[first + 1:]:
        row = cells(text, start, end)
        values = row_values(text, row, head, parent)
        if values:
            found += values
        elif _is_group_row(row):
            parent = row[-1].text
    return found


def _is_group_row(row: list[Cell]) -> bool:
    """A row naming the group of rows below it ('I | Chỉ tiêu về kinh tế'): words, no amounts."""
    words = [c.text for c in row if re.search(r"[^\W\d_]{2,}", c.text)]
    return len(words) == 1 and not any(re.search(r"\d", c.text) for c in row[1:])
