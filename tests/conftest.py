"""Fixtures shared by tests: the shared real documents and, rendered once per session, their files.

The documents are third-party texts read from ../shared at test time; nothing of them is copied
into the repository. Renders go to a session temp folder and are made on first use only.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from hypothesis import settings

from ntm_corpus import render
from pipeline.evaluate import character_error_rate as cer  # noqa: F401 - used by tests
from pipeline.evaluate import collapsed  # noqa: F401
from pipeline.ingest.text import strip_markdown
from pipeline.normalize import normalize_document
from pipeline.schema import Document, Page

# CI replays the same generated examples on every run, so a red build always names a real bug
# that reproduces; locally hypothesis keeps exploring new examples.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

SHARED_DOCS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "documents"


@dataclass
class SharedDocument:
    name: str
    blocks: list[render.Block]

    @property
    def text(self) -> str:
        """The text every render of this document holds: one line per paragraph."""
        return block_text(self.blocks)


def block_text(blocks: list[render.Block]) -> str:
    lines: list[str] = []
    for block in blocks:
        paras = [block] if isinstance(block, render.Para) else [*block.left, *block.right]
        lines.extend(p.text for p in paras)
    return "\n".join(lines)


def normalized(text: str) -> str:
    """`text` through the pipeline's normalization, as a one-page document."""
    doc = Document(source="-", sha256="", format="txt", pages=[Page(number=1, text=text, source="plain")])
    return normalize_document(doc).text






class Renders:
    """Files rendered on first request and kept for the session: `renders.file(name, write)`."""

    def __init__(self, root: Path):
        self.root = root
        self._prefixes: dict[tuple[str, int], int] = {}

    def file(self, name: str, write: Callable[[Path], None]) -> Path:
        path = self.root / name
        if not path.exists():
            write(path)
        return path

    def first_page(self, blocks: list[render.Block], pages: int = 1) -> list[render.Block]:
        """The longest prefix of `blocks` that fits on `pages` pages of the digital PDF."""
        key = (block_text(blocks), pages)
        if key not in self._prefixes:
            lo, hi = 1, len(blocks)
            while lo < hi:
                mid = (lo + hi + 1) // 2
                lo, hi = (mid, hi) if self.page_count(blocks[:mid]) <= pages else (lo, mid - 1)
            self._prefixes[key] = lo
        return blocks[: self._prefixes[key]]

    def page_count(self, blocks: list[render.Block]) -> int:
        path = self.root / "_count.pdf"
        render.to_pdf(blocks, path)
        pdf = pdfium.PdfDocument(str(path))
        try:
            return len(pdf)
        finally:
            pdf.close()


def shared_names() -> list[str]:
    return sorted(p.stem for p in SHARED_DOCS.glob("*.md")) if SHARED_DOCS.is_dir() else []


@cache
def load_shared(name: str) -> SharedDocument:
    text = strip_markdown((SHARED_DOCS / f"{name}.md").read_text(encoding="utf-8"))
    return SharedDocument(name, render.layout_from_text(text))


def pytest_generate_tests(metafunc):
    """A test taking `shared_document` runs once per shared document (skipped when they are absent)."""
    if "shared_document" in metafunc.fixturenames:
        metafunc.parametrize("shared_document", shared_names() or [None], indirect=True)


@pytest.fixture
def shared_document(request) -> SharedDocument:
    if request.param is None:
        pytest.skip("../shared/corpus/documents is not beside the repository")
    return load_shared(request.param)


@pytest.fixture(scope="session")
def shared_documents() -> list[SharedDocument]:
    names = shared_names()
    if not names:
        pytest.skip("../shared/corpus/documents is not beside the repository")
    return [load_shared(name) for name in names]


@pytest.fixture(scope="session")
def renders(tmp_path_factory) -> Renders:
    return Renders(tmp_path_factory.mktemp("renders"))
