"""Small helpers the format readers share."""

from __future__ import annotations

from pathlib import Path

from pipeline.errors import TooLarge

MAX_PAGES = 2000  # pages a PDF or TIFF may have; a 5,000-page scan would OCR for hours
MAX_PAGES_ENV = "NTM_MAX_PAGES"


__all__ = ["MAX_PAGES", "MAX_PAGES_ENV", "TooLarge", "check_pages", "first_line"]


def first_line(e: BaseException) -> str:
    """An exception's message cut to its first line (error messages must be one line)."""
    lines = str(e).strip().splitlines()
    return lines[0] if lines else type(e).__name__


def check_pages(path: Path, pages: int, max_pages: int) -> None:
    """Refuse a document with more than `max_pages` pages, saying how to raise the limit."""
    if pages > max_pages:
        raise TooLarge(f"{path}: {pages} pages, more than the limit of {max_pages} "
                       f"(raise it with {MAX_PAGES_ENV}={pages} or ingest(..., max_pages={pages}))")
