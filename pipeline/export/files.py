"""Writing the comparison tables: CSV for any tool, Parquet for analysis, one workbook for Excel.

Every file is written to a temporary name beside it and renamed into place, so a reader never
sees half a file and a failed run leaves the previous files as they were.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter

from pipeline.atomic import atomic_path
from pipeline.export.tables import COLUMNS

ARROW_TYPES = {"str": pa.string(), "date": pa.string(), "int": pa.int64(), "float": pa.float64(),
               "bool": pa.bool_()}
SHEET_NAME_MAX = 31  # Excel's limit
CELL_TEXT_MAX = 32_767  # Excel's limit


def write_csv(df: pd.DataFrame, path: Path) -> None:
    """UTF-8 with a byte-order mark, which is how Excel knows the file is UTF-8 (Vietnamese shows right).

    Values are written as they are: a text starting with '=' or '-' is data, not escaped; the
    workbook is the file made for opening in Excel, and there every text is stored as text.
    """
    with atomic_path(path) as tmp:
        df.to_csv(tmp, index=False, encoding="utf-8-sig")


def write_parquet(table: str, df: pd.DataFrame, path: Path) -> None:
    schema = pa.schema([(name, ARROW_TYPES[kind]) for name, kind in COLUMNS[table]])
    arrow = pa.Table.from_pandas(df, schema=schema, preserve_index=False)
    with atomic_path(path) as tmp:
        pq.write_table(arrow, tmp)


def write_xlsx(tables: dict[str, pd.DataFrame], path: Path) -> None:
    """One sheet per table, header frozen and filterable."""
    workbook = Workbook(write_only=True)
    for table, df in tables.items():
        sheet = workbook.create_sheet(title=table[:SHEET_NAME_MAX])
        sheet.freeze_panes = "A2"
        sheet.append(list(df.columns))
        for values in df.itertuples(index=False, name=None):
            sheet.append([_cell(sheet, value) for value in values])
        sheet.auto_filter.ref = f"A1:{get_column_letter(max(1, len(df.columns)))}{len(df) + 1}"
    with atomic_path(path) as tmp:
        workbook.save(tmp)


def _cell(sheet, value):
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, str):
        # Text stays text: openpyxl would store '=…' as a formula; control characters are not valid XML.
        cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value)[:CELL_TEXT_MAX])
        cell.data_type = "s"
        return cell
    return value
