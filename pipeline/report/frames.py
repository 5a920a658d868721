"""Reading the tables of pipeline.export.tables as plain rows, missing values as None."""

from __future__ import annotations

from typing import Any

from pipeline.report.html import missing


def records(tables: dict, name: str) -> list[dict[str, Any]]:
    frame = tables.get(name)
    if frame is None or len(frame) == 0:
        return []
    return [{k: (None if missing(v) else v) for k, v in row.items()} for row in frame.to_dict("records")]
