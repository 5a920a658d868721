"""Paths and small utilities shared by tests."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SHARED_DOCS = SHARED / "corpus" / "documents"
SHARED_GOLD = SHARED / "corpus" / "gold"
CORPUS = REPO / "corpus"


def shared_documents() -> list[Path]:
    if not SHARED_DOCS.is_dir():
        pytest.skip("../shared/corpus is not beside the repository")
    return sorted(SHARED_DOCS.glob("*.md"))
