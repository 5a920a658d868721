"""PDF: each page's text layer when it is usable, OCR of the rendered page when it is not.

A page is OCR'd when its text layer is empty, garbled or in a legacy Vietnamese encoding (see
`quality`), when text runs in a TCVN3/VNI-named font (.VnTime, VNI-Times) read as 8-bit
Vietnamese mojibake, or when it is a scan whose only text is a stamp or signature note (a full-page image
under fewer than SCAN_MAX_CHARS characters: signed scans of official documents often carry such a line).
Text comes from pypdfium2 (30-70x faster than pdfplumber), which also renders pages for OCR;
paragraph ends are marked with an empty line (see `pdf_text`); ruled tables become rows of
tab-separated cells (see `pdf_tables`).

A font's name alone proves nothing: gazette PDFs set their Unicode running head in a font named
"VnCenturySchoolbook". So each run set in a legacy-named font is judged by its characters: it is
legacy when it has a Latin-1 symbol Vietnamese does not use ("Céng hoµ", "Coäng hoøa") and no
letter only Unicode writes (ơ, ư, đ, ạ ...); runs with neither (digits, plain ASCII) tell nothing.
"""

from __future__ import annotations

import ctypes
import re
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import cv2
import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image

from pipeline.errors import CorruptDocument, EncryptedDocument
from pipeline.ingest import ocr, pdf_tables, quality
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
    fonts: list[str]  # fonts whose text on the page reads as legacy (TCVN3/VNI) Vietnamese
    image_coverage: float
    ruled: bool = False  # draws enough lines to hold a ruled table
    height: float = 0.0  # points
    text: str = ""
    problem: str | None = None  # why the layer cannot be used; None when it can


def read(path: Path, data: bytes, workers: int | None = None, dpi: int = 300,
         max_pages: int = MAX_PAGES) -> Document:
    layers = text_layers(path, data, max_pages)
    pitch = line_pitch([layer.lines for layer in layers])  # before tables replace lines by rows
    tables = pdf_tables.find_tables(data, [i for i, layer in enumerate(layers) if layer.ruled and layer.lines.lines])
    for i, found in tables.items():
        layers[i].lines = pdf_tables.with_tables(layers[i].lines, found, layers[i].height)
    for layer in layers:
        layer.text = page_text(layer.lines, pitch)
        layer.problem = _problem(layer)

    warnings = []
    fonts = sorted({font for layer in layers for font in layer.fonts})
    if fonts:
        warnings.append(f"legacy Vietnamese fonts (TCVN3/VNI) in the text layer: {', '.join(fonts)}; those pages were OCR'd")
    to_ocr = [i for i, layer in enumerate(layers) if layer.problem]
    results = ocr.recognize_pages([partial(render_pixels, str(path), i, dpi) for i in to_ocr], workers) if to_ocr else []
    recognized = dict(zip(to_ocr, results, strict=True))

    pages = []
    for i, layer in enumerate(layers):
        if i not in recognized:
            pages.append(Page(number=i + 1, text=layer.text, source="text_layer"))
            continue
        result = recognized[i]
        pages.append(Page(number=i + 1, text=result.text, source="ocr", ocr_confidence=result.confidence,
                          ocr_rotation=result.rotation, words=result.boxes))
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
        try:
            return TextLayer(read_lines(textpage), legacy_fonts(page, textpage), image_coverage(page),
                             pdf_tables.is_ruled(page), page.get_height())
        finally:
            textpage.close()
    finally:
        page.close()


def legacy_fonts(page: pdfium.PdfPage, textpage: pdfium.PdfTextPage) -> list[str]:
    """Legacy-named fonts (TCVN3/VNI) whose runs on the page read as legacy text."""
    runs: dict[str, list[str]] = {}
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_TEXT]):
        font = pdfium_c.FPDFTextObj_GetFont(obj.raw)
        if not font:
            continue
        name = _font_name(font)
        if LEGACY_FONT.search(name):
            runs.setdefault(name.split("+")[-1], []).append(_run_text(obj, textpage))
    return sorted(name for name, texts in runs.items() if any(map(reads_as_legacy, texts)))


def reads_as_legacy(text: str) -> bool:
    """Text with a Latin-1 symbol where a Vietnamese letter should be, and no Unicode-only letter."""
    return any(quality.is_legacy_char(c) for c in text) and quality.VIETNAMESE_ONLY.isdisjoint(text)


def _font_name(font) -> str:
    size = pdfium_c.FPDFFont_GetBaseFontName(font, None, 0)
    buffer = ctypes.create_string_buffer(size)
    pdfium_c.FPDFFont_GetBaseFontName(font, buffer, size)
    return buffer.value.decode("latin-1")


def _run_text(obj, textpage: pdfium.PdfTextPage) -> str:
    size = pdfium_c.FPDFTextObj_GetText(obj.raw, textpage, None, 0)  # bytes of UTF-16LE, NUL included
    if size <= 2:
        return ""
    buffer = ctypes.create_string_buffer(size)
    pdfium_c.FPDFTextObj_GetText(obj.raw, textpage, ctypes.cast(buffer, ctypes.POINTER(pdfium_c.FPDF_WCHAR)), size)
    return buffer.raw.decode("utf-16-le", errors="replace").rstrip("\x00")


def image_coverage(page: pdfium.PdfPage) -> float:
    """Share of the page's area the largest image covers."""
    width, height = page.get_size()
    largest = 0.0
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE]):
        left, bottom, right, top = obj.get_bounds()
        largest = max(largest, (right - left) * (top - bottom))
    return largest / (width * height) if width and height else 0.0


def render_page(path: str, index: int, dpi: int) -> Image.Image:
    """One page as a PIL image in colour (for display)."""
    return Image.fromarray(render_pixels(path, index, dpi))


def render_pixels(path: str, index: int, dpi: int) -> np.ndarray:
    """One page's pixels for OCR (called in OCR workers: only path and index cross processes): RGB, in
    colour so that OCR can see a red seal for what it is (ocr.grayscale drops it), or gray when the page
    is a gray scan (`scan_pixels`). An array, not a PIL image: OCR reads it in place, where a PIL image
    would be copied twice (~30 ms a page at 300 dpi).
    Pages larger than A3 are rendered at a lower resolution, so that no page exceeds MAX_RENDER_PIXELS."""
    try:
        pdf = pdfium.PdfDocument(path)
    except pdfium.PdfiumError:
        raise CorruptDocument(f"{path}: not a readable PDF (damaged or truncated)") from None
    try:
        page = pdf[index]
        width, height = page.get_size()
        scale = min(dpi / 72, (MAX_RENDER_PIXELS / max(1.0, width * height)) ** 0.5)
        scan = scan_pixels(page, scale)
        if scan is not None:
            return scan
        return page.render(scale=scale, rev_byteorder=True).to_numpy()  # RGB; the array keeps its buffer alive
    except pdfium.PdfiumError:
        raise CorruptDocument(f"{path}: page {index + 1} cannot be rendered (damaged PDF)") from None
    finally:
        pdf.close()


SCAN_SIZE_TOLERANCE = 0.005  # share by which a scan's pixel size may differ from the rendered page's


def scan_pixels(page: pdfium.PdfPage, scale: float) -> np.ndarray | None:
    """The pixels of a plain scanned page, decoded from its image instead of rendered, or None for any
    other page. A plain scan is one JPEG (gray or colour, no mask) drawn upright over the whole page at
    the resolution asked (within SCAN_SIZE_TOLERANCE): rendering it would only resample it by under a
    pixel, and decoding takes ~12 ms a 300-dpi page where rendering takes ~50 ms. Gray scans stay gray
    (2-D), colour ones come as RGB."""
    if page.get_rotation() % 360 or pdfium_c.FPDFPage_HasTransparency(page.raw):
        return None
    objects = list(page.get_objects(max_depth=1))
    if len(objects) != 1 or objects[0].type != pdfium_c.FPDF_PAGEOBJ_IMAGE:
        return None
    image = objects[0]
    if image.get_filters() != ["DCTDecode"] or pdfium_c.FPDFPageObj_HasTransparency(image.raw):
        return None
    a, b, c, d, _, _ = image.get_matrix().get()
    if b or c or a <= 0 or d <= 0:  # turned, slanted or mirrored
        return None
    if any(abs(x - y) > 1.0 for x, y in zip(image.get_bounds(), page.get_cropbox(), strict=True)):
        return None  # not over the whole page, to within a point
    width, height = page.get_size()
    px_width, px_height = image.get_px_size()
    if (abs(px_width - width * scale) > SCAN_SIZE_TOLERANCE * width * scale
            or abs(px_height - height * scale) > SCAN_SIZE_TOLERANCE * height * scale):
        return None
    bitmap = image.get_bitmap(render=False)
    if bitmap.format == pdfium_c.FPDFBitmap_Gray:
        return bitmap.to_numpy()
    if bitmap.format == pdfium_c.FPDFBitmap_BGR:
        return cv2.cvtColor(bitmap.to_numpy(), cv2.COLOR_BGR2RGB)
    return None
