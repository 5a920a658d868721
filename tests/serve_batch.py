"""A small output folder for the `ntm serve` tests: two corpus documents (text, digital PDF) extracted once."""

from __future__ import annotations

import shutil
from pathlib import Path

from pipeline import batch
from tests.helpers import CORPUS

_made: dict[str, Path] = {}
INPUTS = ("syn1_000.txt", "syn1_001.pdf")


def extracted(tmp_path_factory) -> Path:
    if "out" not in _made:
        root = tmp_path_factory.mktemp("serve")
        (root / "in").mkdir()
        for name in INPUTS:
            shutil.copy(CORPUS / "documents" / name, root / "in" / name)
        summary = batch.run("extract", [root / "in"], root / "out", batch.Options(workers=1), lambda _m: None)
        assert summary.ok == len(INPUTS), summary.line()
        _made["out"] = root / "out"
    return _made["out"]


def fresh_copy(source: Path, destination: Path) -> Path:
    """A private OUT (documents only: the database starts empty) that a test may change."""
    shutil.copytree(source / "documents", destination / "documents")
    return destination
