"""Exports of a batch: comparison tables (CSV, Parquet, one Excel workbook) and listings."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from pipeline.export.files import write_csv, write_parquet, write_xlsx
from pipeline.export.tables import batch_errors, build_tables, frame, read_extractions

__all__ = ["write_tables"]


def write_tables(out_dir: Path, extractions: Iterable[tuple[str, dict]] | None = None,
                 dest: Path | None = None) -> dict[str, Path]:
    """Read `OUT/documents/*.json`; write `OUT/tables/<table>.csv|.parquet` and `OUT/ntm.xlsx`.

    `extractions` (name, extraction) replace the files read (e.g. reviewed documents with their
    corrections), written under `dest` instead of `out_dir`. Returns every written file keyed by
    its path relative to the folder written ("tables/targets.csv", "ntm.xlsx").
    """
    out_dir = Path(out_dir)
    tables = build_tables(read_extractions(out_dir) if extractions is None else extractions)
    failed = frame("warnings", batch_errors(out_dir) if extractions is None else [])
    out_dir = Path(dest) if dest is not None else out_dir
    if len(failed):  # files the batch could not read are warnings too
        tables["warnings"] = pd.concat([tables["warnings"], failed], ignore_index=True)
    written: list[Path] = []
    for table, df in tables.items():
        csv, parquet = out_dir / "tables" / f"{table}.csv", out_dir / "tables" / f"{table}.parquet"
        write_csv(df, csv)
        write_parquet(table, df, parquet)
        written += [csv, parquet]
    workbook = out_dir / "ntm.xlsx"
    write_xlsx(tables, workbook)
    written.append(workbook)
    return {path.relative_to(out_dir).as_posix(): path for path in written}
