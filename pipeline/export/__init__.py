"""Exports of a batch: comparison tables (CSV, Parquet, one Excel workbook) and listings."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from pipeline.atomic import all_or_nothing, writing
from pipeline.export.files import write_csv, write_parquet, write_xlsx
from pipeline.export.tables import batch_errors, build_tables, extraction_files, frame, read_extractions

__all__ = ["write_tables"]


def tables_of(out: Path, reviewed_only: bool = False, db: str | None = None) -> tuple[Path, dict[str, Path]]:
    """`ntm tables`: (re)build OUT/tables and OUT/ntm.xlsx from OUT/documents/*.json; with
    `reviewed_only`, OUT/reviewed/tables and OUT/reviewed/ntm.xlsx from the documents reviewed in
    `ntm serve`, their corrections read from `db`. Returns the folder written and its files."""
    extraction_files(out)  # no documents/: one line, before anything is created
    with writing(Path(out)):  # one writer per output folder, its leftovers removed first
        if not reviewed_only:
            return Path(out), write_tables(out)
        from pipeline.serve.store import reviewed_extractions

        dest = Path(out) / "reviewed"
        return dest, write_tables(out, reviewed_extractions(out, db), dest)


def write_tables(out: Path, extractions: Iterable[tuple[str, dict]] | None = None,
                 dest: Path | None = None) -> dict[str, Path]:
    """Read `OUT/documents/*.json`; write `OUT/tables/<table>.csv|.parquet` and `OUT/ntm.xlsx`,
    as a set: all of them replace the previous files, or (on a write error) none does.

    `extractions` (name, extraction) replace the files read (e.g. reviewed documents with their
    corrections), written under `dest` instead of `out`. Returns every written file keyed by
    its path relative to the folder written ("tables/targets.csv", "ntm.xlsx").
    """
    out = Path(out)
    tables = build_tables(read_extractions(out) if extractions is None else extractions)
    failed = frame("warnings", batch_errors(out) if extractions is None else [])
    out = Path(dest) if dest is not None else out
    if len(failed):  # files the batch could not read are warnings too
        tables["warnings"] = pd.concat([tables["warnings"], failed], ignore_index=True)
    written: list[Path] = []
    with all_or_nothing():
        for table, df in tables.items():
            csv, parquet = out / "tables" / f"{table}.csv", out / "tables" / f"{table}.parquet"
            write_csv(df, csv)
            write_parquet(table, df, parquet)
            written += [csv, parquet]
        workbook = out / "ntm.xlsx"
        write_xlsx(tables, workbook)
        written.append(workbook)
    return {path.relative_to(out).as_posix(): path for path in written}
