"""Reviewed documents as `ntm eval` gold: every reviewed submission becomes a test document."""

from __future__ import annotations

import json
from pathlib import Path

from pipeline.atomic import write_atomic
from pipeline.serve.corrections import gold_of
from pipeline.serve.store import reviewed_extractions


def write_gold(out: Path, to: Path, db: str | None = None) -> list[Path]:
    """`ntm gold`: GOLD/<name>.json for each reviewed document of `out`, from its corrected extraction."""
    written = []
    for name, extraction in reviewed_extractions(out, db):
        path = Path(to) / f"{name}.json"
        write_atomic(path, json.dumps(gold_of(extraction), ensure_ascii=False, indent=1) + "\n")
        written.append(path)
    return written
