"""PDF: each page's text layer when it is usable, OCR of the rendered page when it is not.

A page is OCR'd when its text layer is empty, garbled or in a legacy Vietnamese encoding (see
`quality`), when it is set in a TCVN3/VNI font (.VnTime, VNI-Times: 8-bit Vietnamese that reads
as mojibake), or when it is a scan whose only text is a stamp or signature note (a full-page image
under fewer than SCAN_MAX_CHARS characters: signed scans of official documents often carry such a line).
Text comes from pypdfium2 (30-70x faster than pdfplumber), which also renders pages for OCR;
paragraph ends are marked with an empty line (see `pdf_text`).
"""

from __future__ import annotations

import ctypes
import re
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from pipeline.errors import CorruptDocument, EncryptedDocument
from pipeline.ingest import ocr, quality
from pipeline.ingest.common import MAX_PAGES, check_pages
from pipeline.ingest.pdf_text import PageLines, line_pitch, page_text, read_lines
from pipeline.schema import Document, Page

SCAN_MAX_CHARS = 200  # a full-page image with less text than this is a scan with a stamp line
SCAN_MIN_AREA = 0.5  # share of the page an image must cover to make it a scan
LEGACY_FONT = re.compile(r"(?:^|\+)\.?Vn[A-Z]|(?:^|\+)VNI[-_ ]", re.I)  # ".VnTime", "ABCDEF+VNI-Times"
MAX_RENDER_PIXELS = 36_000_000  # an A3 page at 300 dpi is 17 Mpx; an A0 plan would be 140 Mpx
PDFIUM_PASSWORD_ERROR = 4  # FPDF_ERR_PASSWORD


@dataclass
class TextLayer:
    lines: PageLines
    fonts: list[str]  # legacy (TCVN3/VNI) font names on the page
    image_coverage: float
    text: str = ""
    problem: str | None = None  # why the layer cannot be used; None when it can


def read(path: Path, data: bytes, workers: int | None = None, dpi: int = 300,
         max_pages: int = MAX_PAGES) -> Document:
    layers = text_layers(path, data, max_pages)
    pitch = line_pitch([layer.lines for layer in layers])
    for layer in layers:
        layer.text = page_text(layer.lines, pitch)
        layer.problem = _problem(layer)

    warnings = []
    fonts = sorted({font for layer in layers for font in layer.fonts})
    if fonts:
        warnings.append(f"legacy Vietnamese fonts (TCVN3/VNI) in the text layer: {', '.join(fonts)}; those pages were OCR'd")
    to_ocr = [i for i, layer in enumerate(layers) if layer.problem]
    results = ocr.recognize_pages([partial(render_page, str(path), i, dpi) for i in to_ocr], workers) if to_ocr else []
    recognized = dict(zip(to_ocr, results, strict=True))

    pages = []
    for i, layer in enumerate(layers):
        if i not in recognized:
            pages.append(Page(number=i + 1, text=layer.text, source="text_layer"))
            continue
        result = recognized[i]
        pages.append(Page(number=i + 1, text=result.text, source="ocr", ocr_confidence=result.confidence,
                          ocr_rotation=result.rotation))
        if layer.problem != "empty":
            warnings.append(f"page {i + 1}: text layer not used ({layer.problem.replace('_', ' ')}); page OCR'd")
    warnings += ocr.confidence_warnings(pages)
    return Document(source=str(path), sha256="", format="pdf", pages=pages, warnings=warnings)


def _problem(layer: TextLayer) -> str | None:
    problem = quality.problem(layer.text)
    if problem is None and layer.fonts:
        problem = "legacy_font"
    if problem is None and len(layer.text) < SCAN_MAX_CHARS and layer.image_coverage >= SCAN_MIN_AREA:
        problem = "scan_with_little_text"
    return problem


def text_layers(path: Path, data: bytes, max_pages: int = MAX_PAGES) -> list[TextLayer]:
    pdf = _open(path, data)
    try:
        check_pages(path, len(pdf), max_pages)  # before any page is read or rendered
        layers = [_text_layer(path, pdf, i) for i in range(len(pdf))]
    finally:
        pdf.close()
    if not layers:
        raise CorruptDocument(f"{path}: PDF has no pages")
    return layers


def _open(path: Path, data: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        if getattr(e, "err_code", None) == PDFIUM_PASSWORD_ERROR:
            raise EncryptedDocument(f"{path}: PDF is password-protected") from None
        raise CorruptDocument(f"{path}: not a readable PDF (damaged or truncated)") from None


def _text_layer(path: Path, pdf: pdfium.PdfDocument, index: int) -> TextLayer:
    try:
        page = pdf[index]
    except pdfium.PdfiumError:
        raise CorruptDocument(f"{path}: page {index + 1} cannot be read (damaged PDF)") from None
    try:
        textpage = page.get_textpage()
        lines = read_lines(textpage)
        textpage.close()
        return TextLayer(lines, legacy_fonts(page), image_coverage(page))
    finally:
        page.close()


def legacy_fonts(page: pdfium.PdfPage) -> list[str]:
    names = set()
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_TEXT]):
        font = pdfium_c.FPDFTextObj_GetFont(obj.raw)
        if not font:
            continue
        size = pdfium_c.FPDFFont_GetBaseFontName(font, None, 0)
        buffer = ctypes.create_string_buffer(size)
        pdfium_c.FPDFFont_GetBaseFontName(font, buffer, size)
        name = buffer.value.decode("latin-1")
        if LEGACY_FONT.search(name):
            names.add(name.split("+")[-1])
    return sorted(names)


def image_coverage(page: pdfium.PdfPage) -> float:
    """Share of the page's area the largest image covers."""
    width, height = page.get_size()
    largest = 0.0
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE]):
        left, bottom, right, top = obj.get_bounds()
        largest = max(largest, (right - left) * (top - bottom))
    return largest / (width * height) if width and height else 0.0


def render_page(path: str, index: int, dpi: int):
    """One page as a PIL image (called in OCR workers: only path and index cross processes), in colour
    so that OCR can see a red seal for what it is (ocr.grayscale drops it).
    Pages larger than A3 are rendered at a lower resolution, so that no page exceeds MAX_RENDER_PIXELS."""
    try:
        pdf = pdfium.PdfDocument(path)
    except pdfium.PdfiumError:
        raise CorruptDocument(f"{path}: not a readable PDF (damaged or truncated)") from None
    try:
        page = pdf[index]
        width, height = page.get_size()
        scale = min(dpi / 72, (MAX_RENDER_PIXELS / max(1.0, width * height)) ** 0.5)
        return page.render(scale=scale).to_pil()
    except pdfium.PdfiumError:
        raise CorruptDocument(f"{path}: page {index + 1} cannot be rendered (damaged PDF)") from None
    finally:
        pdf.close()
