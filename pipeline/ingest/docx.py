"""Word documents: paragraphs and tables in reading order, one page of text.

The body XML is walked in document order, so a table (the header block of an administrative
document is usually a borderless two-column table) lands where it stands between paragraphs.
A table row whose cells hold one line each becomes one line, cells separated by tabs (as a PDF or
a scan of the same row reads); a row with multi-line cells (the header block) gives each cell's
lines in turn, left cell first. Text boxes are read after the paragraph that anchors them.

A .docx is a zip archive: its entries' declared sizes are checked before anything is unpacked,
so a zip bomb (a few hundred KB that unpack to gigabytes of XML) is refused without being read.
Python's zipfile never unpacks more than an entry declares, so the declared sizes bound the work.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

from pipeline.errors import CorruptDocument, InputError
from pipeline.ingest import quality
from pipeline.ingest.common import TooLarge, first_line
from pipeline.schema import Document, Page

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
MAX_UNPACKED = 200 * 2**20  # bytes all entries may unpack to; a 500-page report with photos is ~50 MB
MAX_ENTRIES = 10_000  # a real document has a few dozen parts


def read(path: Path, data: bytes) -> Document:
    body = _open(path, data).element.body
    text = "\n".join(_lines(body))
    if not text.strip():
        raise InputError(f"{path}: contains no text")
    warnings = [quality.NOT_VIETNAMESE_WARNING] if quality.not_vietnamese(text) else []
    return Document(source=str(path), sha256="", format="docx", pages=[Page(number=1, text=text, source="plain")],
                    warnings=warnings)


def _open(path: Path, data: bytes):
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise CorruptDocument(f"{path}: not a Word document (not a zip archive)")
    check_unpacked_size(path, data)
    try:
        return docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError) as e:
        raise CorruptDocument(f"{path}: damaged Word document ({first_line(e)})") from None
    except Exception as e:  # lxml.etree.XMLSyntaxError and friends: a broken part inside the zip
        raise CorruptDocument(f"{path}: damaged Word document ({type(e).__name__}: {first_line(e)})") from None


def check_unpacked_size(path: Path, data: bytes) -> None:
    """Refuse an archive whose entries declare more than MAX_UNPACKED bytes (or MAX_ENTRIES entries)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as e:
        raise CorruptDocument(f"{path}: damaged Word document ({first_line(e)})") from None
    if len(entries) > MAX_ENTRIES:
        raise TooLarge(f"{path}: Word document holds {len(entries):,} parts, over the limit of {MAX_ENTRIES:,} "
                       "(a zip bomb?); not unpacked")
    unpacked = sum(entry.file_size for entry in entries)
    if unpacked > MAX_UNPACKED:
        raise TooLarge(f"{path}: Word document would unpack to {unpacked / 2**20:,.0f} MB, over the limit of "
                       f"{MAX_UNPACKED // 2**20} MB (a zip bomb?); not unpacked")


def _lines(container) -> Iterator[str]:
    """The text lines of a body, table cell or text box, in document order."""
    for child in container.iterchildren():
        if child.tag == f"{W}p":
            yield _paragraph_text(child)
            for box in _text_boxes(child):
                yield from _lines(box)
        elif child.tag == f"{W}tbl":
            yield from _table_lines(child)
        elif child.tag == f"{W}sdt":  # a content control wraps ordinary blocks
            content = child.find(f"{W}sdtContent")
            if content is not None:
                yield from _lines(content)


def _paragraph_text(p) -> str:
    from docx.text.paragraph import Paragraph

    return Paragraph(p, None).text


def _text_boxes(p) -> list:
    """Text boxes anchored in a paragraph; Word stores each twice (drawing + VML fallback): skip the copy."""
    boxes = []
    for box in p.iter(f"{W}txbxContent"):
        if not any(ancestor.tag == MC_FALLBACK for ancestor in box.iterancestors()):
            if not any(ancestor.tag == f"{W}txbxContent" for ancestor in box.iterancestors()):
                boxes.append(box)
    return boxes


def _table_lines(tbl) -> Iterator[str]:
    for row in tbl.iterchildren(f"{W}tr"):
        cells = [list(_lines(cell)) for cell in row.iterchildren(f"{W}tc")]
        cells = [[line for line in lines if line.strip()] for lines in cells]
        if all(len(lines) <= 1 for lines in cells):
            line = "\t".join(lines[0] for lines in cells if lines)
            if line:
                yield line
        else:
            for lines in cells:
                yield from lines
