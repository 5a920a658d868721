"""Ingestion: a file path in, a `Document` (pages of raw text with their provenance) out.

Formats: .txt/.md (plain), .docx, .pdf (text layer or OCR per page), .png/.jpg/.jpeg/.tif/.tiff
(OCR); a series of page photos `name_1.jpg`, `name_2.jpg` ... is one document, and so is a folder
marked with a `.ntm-document` file (its images are the pages). Every failure a
user can cause is an InputError (or OcrUnavailable) with a one-line message naming the file.

Only regular files are read (a FIFO or /dev/zero named x.txt would block or never end), and never
more than the file-size limit. Files that would take unbounded time or memory are refused before any
page is rendered or decoded: more pages than `max_pages`, an image page over the pixel limit, a Word
file whose zip entries unpack to more than the unpacked limit, more characters or paragraphs than
their limits. Every limit is in `common.LIMITS`, with its environment override.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from pipeline.errors import CorruptDocument, InputError, UnsupportedFormat
from pipeline.ingest import docx as docx_format
from pipeline.ingest import images, pdf
from pipeline.ingest import text as text_format
from pipeline.ingest.common import PAGES, check_chars, read_regular, regular_blocks
from pipeline.schema import Document

FORMATS = {  # extension → Document.format
    ".txt": "txt", ".md": "md", ".docx": "docx", ".pdf": "pdf",
    ".png": "png", ".jpg": "jpg", ".jpeg": "jpg", ".tif": "tiff", ".tiff": "tiff",
}
SUPPORTED = tuple(sorted(FORMATS))


def ingest(path: str | Path, *, workers: int | None = None, dpi: int = 300, max_pages: int | None = None) -> Document:
    """Read any supported file into a Document.

    `workers`: OCR processes (default: one per CPU; 1 = OCR in this process).
    `dpi`: resolution at which PDF pages without a usable text layer are rendered for OCR.
    `max_pages`: PDFs and multi-page TIFFs with more pages are refused (default: $NTM_MAX_PAGES or 2000).
    """
    path = Path(path)
    fmt = _format(path)
    max_pages = max_pages or page_limit()
    files = document_files(path)
    data = _read_bytes(files[0])
    if fmt in ("txt", "md"):
        doc = text_format.read(path, data)
    elif fmt == "docx":
        doc = docx_format.read(path, data)
    else:
        doc = _ocr_read(path, data, fmt, workers, dpi, max_pages)
    check_chars(path, sum(len(page.text) for page in doc.pages))
    digest = hashlib.sha256(data)
    for page_photo in files[1:]:  # a photo series or marked folder is one document: all its files count
        digest.update(_read_bytes(page_photo))
    doc.sha256 = digest.hexdigest()
    return doc


def document_files(path: Path) -> list[Path]:
    """The files that make the document `path`: a photo series' or a marked folder's images, else `path`."""
    return images.series(path) if path.suffix.lower() in images.IMAGE_SUFFIXES or path.is_dir() else [path]


def source_sha256(path: str | Path) -> str | None:
    """The digest `ingest` gives the document at `path` (over every file of a photo series or marked
    folder), read in blocks; None when a file is not a regular file within the size limit."""
    files, digest = document_files(Path(path)), hashlib.sha256()
    if not files:  # a marked folder without images
        return None
    for file in files:
        if not regular_blocks(file, digest):
            return None
    return digest.hexdigest()


def _ocr_read(path: Path, data: bytes, fmt: str, workers: int | None, dpi: int, max_pages: int) -> Document:
    """A PDF or an image; Tesseract failing on a page (an image it cannot take) fails the file alone."""
    try:
        if fmt == "pdf":
            return pdf.read(path, data, workers=workers, dpi=dpi, max_pages=max_pages)
        return images.read(path, data, fmt, workers=workers, max_pages=max_pages)
    except Exception as e:
        if type(e).__name__ != "TesseractError":
            raise
        message = " ".join(str(getattr(e, "message", e)).split())[:200]
        raise CorruptDocument(f"{path}: Tesseract could not read a page ({message})") from None


def page_limit() -> int:
    """The page limit in force: $NTM_MAX_PAGES when set to a positive whole number, else MAX_PAGES."""
    return PAGES.value()


def _format(path: Path) -> str:
    if not path.exists():
        if path.is_symlink():
            raise InputError(f"{path}: broken symbolic link (its target is missing or links back to itself)")
        raise InputError(f"{path}: no such file")
    if images.is_document_folder(path):
        pages = images.folder_pages(path)
        if not pages:
            raise InputError(f"{path}: folder marked as one document ({images.MARKER}) holds no image")
        return FORMATS[pages[0].suffix.lower()]
    if path.is_dir():
        raise InputError(f"{path}: is a folder, not a file (mark it with a {images.MARKER} file to read its images as one document)")
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise UnsupportedFormat(
            f"{path}: unsupported format {path.suffix or '(no extension)'!r} (supported: {', '.join(SUPPORTED)})"
        )
    return fmt


def _read_bytes(path: Path) -> bytes:
    data = read_regular(path)
    if not data:
        raise InputError(f"{path}: empty file (0 bytes)")
    return data
