"""Word documents: paragraphs and tables in reading order, one page of text.

The body XML is walked in document order, so a table (the header block of an administrative
document is usually a borderless two-column table) lands where it stands between paragraphs.
A table row whose cells hold one line each becomes one line, cells separated by tabs (as a PDF or
a scan of the same row reads), an empty cell kept between two tabs; a row with multi-line cells of a
two-column table (the header block) gives each cell's lines in turn, left cell first, while a wider
table (data) joins a cell's lines into one cell. Text boxes are read after the paragraph that anchors them.

A .docx is a zip archive: its entries' declared sizes are checked before anything is unpacked,
so a zip bomb (a few hundred KB that unpack to gigabytes of XML) is refused without being read.
Python's zipfile never unpacks more than an entry declares, so the declared sizes bound the work.
The body XML is then streamed, never held whole: each top-level block (paragraph, table) is parsed,
read and dropped, with the paragraph and character limits checked as it goes, so 190 MB of tiny
paragraphs is refused after the first 100,000 instead of inflating into gigabytes of XML tree.
Entities are never expanded (no XXE); a reference to one is left out of the text with a warning.
"""

from __future__ import annotations

import io
import os
import posixpath
import zipfile
from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from pipeline.errors import CorruptDocument, InputError
from pipeline.ingest import quality
from pipeline.ingest.common import CHARS, PARAGRAPHS, UNPACKED_MB, TooLarge, first_line
from pipeline.schema import Document, Page

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
MAX_UNPACKED = 200 * 2**20  # bytes all entries may unpack to; a 500-page report with photos is ~50 MB
MAX_ENTRIES = 10_000  # a real document has a few dozen parts


OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
STRICT_OFFICE_DOCUMENT = "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument"
CHUNK = 1 << 20  # bytes of XML fed to the parser at a time
ELEMENTS_PER_PARAGRAPH = 10  # a block may hold this many XML elements per allowed paragraph


def read(path: Path, data: bytes) -> Document:
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise CorruptDocument(f"{path}: not a Word document (not a zip archive)")
    check_unpacked_size(path, data)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open(_main_part(archive)) as xml:
            lines, entities = _stream_lines(path, xml)
    except (KeyError, ValueError, OSError, zipfile.BadZipFile, EOFError) as e:
        raise CorruptDocument(f"{path}: damaged Word document ({first_line(e)})") from None
    except etree.LxmlError as e:  # a broken part inside the zip
        raise CorruptDocument(f"{path}: damaged Word document ({type(e).__name__}: {first_line(e)})") from None
    text = "\n".join(lines)
    if not text.strip():
        raise InputError(f"{path}: contains no text")
    warnings = [quality.NOT_VIETNAMESE_WARNING] if quality.not_vietnamese(text) else []
    if entities:
        warnings.append(f"{entities} XML entity reference(s) in the Word file were not expanded (a possible XXE "
                        "attack, never fetched): the text around them is incomplete")
    return Document(source=str(path), sha256="", format="docx", pages=[Page(number=1, text=text, source="plain")],
                    warnings=warnings)


def _main_part(archive: zipfile.ZipFile) -> str:
    """The main document part, as the package relationships name it (word/document.xml in practice)."""
    try:
        rels = etree.fromstring(archive.read("_rels/.rels"), _safe_parser())
    except KeyError:
        return "word/document.xml"
    for rel in rels:
        if rel.get("Type") in (OFFICE_DOCUMENT, STRICT_OFFICE_DOCUMENT) and rel.get("Target"):
            return posixpath.normpath(rel.get("Target").lstrip("/"))
    raise KeyError("no main document part")


def _safe_parser(**options) -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, **options)


def _stream_lines(path: Path, xml) -> tuple[list[str], int]:
    """The body's lines, one top-level block at a time, and how many entity references were left out."""
    import docx.oxml  # noqa: F401 - registers python-docx's element classes (paragraph text, runs)
    from docx.oxml.parser import element_class_lookup

    parser = etree.XMLPullParser(events=("start", "end"), resolve_entities=False, no_network=True, load_dtd=False,
                                 remove_blank_text=True, huge_tree=False)
    parser.set_element_class_lookup(element_class_lookup)
    max_paragraphs, max_chars = PARAGRAPHS.value(), CHARS.value()
    max_elements = max_paragraphs * ELEMENTS_PER_PARAGRAPH
    lines: list[str] = []
    depth = paragraphs = chars = elements = entities = 0
    while chunk := xml.read(CHUNK):
        parser.feed(chunk)
        for event, element in parser.read_events():
            if event == "start":
                depth += 1
                elements += 1
                if elements > max_elements:
                    raise PARAGRAPHS.refusal(path, f"one table or paragraph of over {max_elements:,} XML elements "
                                                   f"({ELEMENTS_PER_PARAGRAPH} per allowed paragraph)",
                                             2 * max_paragraphs)
                continue
            depth -= 1
            if element.tag == f"{W}p":
                paragraphs += 1
                if paragraphs > max_paragraphs:
                    raise PARAGRAPHS.refusal(path, f"Word document of over {max_paragraphs:,} paragraphs",
                                             2 * max_paragraphs)
            if depth != 2:  # not a block of the body (document > body > block)
                continue
            if element.getparent() is None or element.getparent().tag != f"{W}body":
                continue
            block = list(_block(element))
            entities += sum(1 for node in element.iter() if isinstance(node, etree._Entity))
            chars += sum(len(line) + 1 for line in block)
            if chars > max_chars:
                raise CHARS.refusal(path, f"over {max_chars:,} characters of text", 2 * max_chars)
            lines += block
            element.clear()  # the block is read: drop it and what came before it
            while element.getprevious() is not None:
                del element.getparent()[0]
            elements = 0
    parser.close()
    return lines, entities


def unpacked_limit() -> int:
    """Bytes a Word file may unpack to: $NTM_MAX_UNPACKED_MB when set, else MAX_UNPACKED."""
    return UNPACKED_MB.value() * 2**20 if os.environ.get(UNPACKED_MB.env, "").strip() else MAX_UNPACKED


def check_unpacked_size(path: Path, data: bytes) -> None:
    """Refuse an archive whose entries declare more than the unpacked limit (or MAX_ENTRIES entries)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as e:
        raise CorruptDocument(f"{path}: damaged Word document ({first_line(e)})") from None
    if len(entries) > MAX_ENTRIES:
        raise TooLarge(f"{path}: Word document holds {len(entries):,} parts, over the limit of {MAX_ENTRIES:,} "
                       "(a zip bomb?); not unpacked")
    unpacked, limit = sum(entry.file_size for entry in entries), unpacked_limit()
    if unpacked > limit:
        raise TooLarge(f"{path}: Word document would unpack to {unpacked / 2**20:,.0f} MB, over the limit of "
                       f"{limit // 2**20} MB (a zip bomb?); not unpacked (raise it with "
                       f"{UNPACKED_MB.env}={-(-unpacked // 2**20)})")


def _lines(container) -> Iterator[str]:
    """The text lines of a body, table cell or text box, in document order."""
    for child in container.iterchildren():
        yield from _block(child)


def _block(child) -> Iterator[str]:
    """The text lines of one block: a paragraph (and its text boxes), a table or a content control."""
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


MIN_DATA_COLUMNS = 3  # a table this wide holds data; the header and signature blocks are two columns


def _span(cell) -> int:
    """The columns a cell spans (w:gridSpan), 1 when not merged; at most 64."""
    span = cell.find(f"{W}tcPr/{W}gridSpan")
    value = span.get(f"{W}val") if span is not None else None
    return min(int(value), 64) if value and value.isdigit() and int(value) > 0 else 1


def _table_lines(tbl) -> Iterator[str]:
    rows = []
    for row in tbl.iterchildren(f"{W}tr"):
        cells = []
        for cell in row.iterchildren(f"{W}tc"):
            cells.append([line for line in _lines(cell) if line.strip()])
            cells += [[]] * (_span(cell) - 1)  # a merged cell's other columns stay, empty
        rows.append(cells)
    data = max((len(cells) for cells in rows), default=0) >= MIN_DATA_COLUMNS
    for cells in rows:
        if data:  # a cell's paragraphs are one cell of its row ('Tiêu chí số 2' / 'Giao thông')
            cells = [[" ".join(line.strip() for line in lines)] if lines else [] for lines in cells]
        if all(len(lines) <= 1 for lines in cells):
            filled = [lines[0] for lines in cells if lines]
            if len(filled) == 1:  # a title merged across the table: a line of its own
                yield filled[0]
            elif filled:
                yield "\t".join(lines[0] if lines else "" for lines in cells)  # an empty cell keeps its column
        else:
            for lines in cells:
                yield from lines
