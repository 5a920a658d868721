"""Render a document's text the ways it reaches us: digital PDF, DOCX, scanned images, scanned PDF, TIFF.

A document is a list of blocks: `Para` (one paragraph) or `Columns` (the two-column header block of
Vietnamese administrative documents: issuing body and number on the left, national motto and
place/date on the right). Digital PDFs are typeset with reportlab in DejaVu Serif on A4 with the
margins of Decree 30/2020; scans are those PDFs rasterized with pypdfium2, then degraded the way a
scanner and a seal degrade paper.
"""

from __future__ import annotations

import io
import math
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

import numpy as np
from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT_FILES = {  # DejaVu covers every precomposed Vietnamese letter; this Liberation Serif does not.
    "NtmSerif": "DejaVuSerif.ttf",
    "NtmSerif-Bold": "DejaVuSerif-Bold.ttf",
    "NtmSerif-Italic": "DejaVuSerif-Italic.ttf",
    "NtmSerif-BoldItalic": "DejaVuSerif-BoldItalic.ttf",
}
STAMP_FONT = FONT_DIR / "DejaVuSans-Bold.ttf"
STAMP_TEXTS = ("UỶ BAN NHÂN DÂN", "HỘI ĐỒNG NHÂN DÂN", "ĐẢNG UỶ XÃ", "BAN CHỈ ĐẠO", "UBND HUYỆN")
SEAL_INKS = {"red": (205, 30, 35), "blue": (45, 75, 195), "purple": (115, 50, 160)}  # stamp pads
PEN_INKS = {"blue": (25, 55, 150), "black": (40, 40, 45)}  # ballpoint pens

MM = 72 / 25.4  # points per millimetre
MARGINS_MM = {"left": 30, "right": 20, "top": 20, "bottom": 20}
ALIGNMENTS = {"left": 0, "center": 1, "right": 2, "justify": 4}  # reportlab TA_* values


@dataclass
class Para:
    text: str
    align: str = "justify"  # "left" | "center" | "right" | "justify"
    bold: bool = False
    italic: bool = False
    size: float = 13  # points


@dataclass
class Columns:
    """The header block: issuing body + number left, motto + place/date right."""

    left: list[Para]
    right: list[Para]


@dataclass
class Grid:
    """A ruled table (an annex's commune x criteria or indicator table): rows of cells, the first `header`
    rows in bold, column widths as shares of the text width. `spans`: merged cells as reportlab's
    ((first column, first row), (last column, last row)); a merged cell's text stands in its first cell."""

    rows: list[list[str]]
    widths: list[float]
    header: int = 1
    size: float = 10  # points
    spans: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)
    rules: str = "grid"  # "grid": every cell ruled; "columns": the body's rows not ruled (only columns and header);
    # "open": no rule down the table's left and right sides


Block = Para | Columns | Grid


@dataclass
class Degrade:
    """What a scanner and a stamp do to a page."""

    skew_deg: float = 0.0
    blur: float = 0.0  # Gaussian radius in px at the render dpi
    noise: float = 0.0  # fraction of pixels flipped (salt & pepper)
    stamp: bool = False  # a round seal over the signature area of the last page
    seal_ink: str = "red"  # a key of SEAL_INKS
    signature: str | None = None  # a handwritten signature over the signer's lines, in PEN_INKS[signature]
    seed: int = 0


# ── layout ────────────────────────────────────────────────────────────────────


def layout_from_text(text: str) -> list[Block]:
    """One Para per non-empty line; short all-capitals lines (titles, signer blocks) centred in bold."""
    blocks: list[Block] = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if _is_heading(line):
            blocks.append(Para(line, align="center", bold=True))
        else:
            blocks.append(Para(line))
    return blocks


def _is_heading(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(line) <= 90 and len(letters) >= 3 and all(c.isupper() for c in letters)


# ── digital PDF ───────────────────────────────────────────────────────────────


def to_pdf(blocks: list[Block], path) -> None:
    """A digital PDF with a text layer, A4, long lines wrapped."""
    Path(path).write_bytes(_pdf_bytes(blocks))


def _pdf_bytes(blocks: list[Block]) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import SimpleDocTemplate

    register_fonts()
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out, pagesize=A4, invariant=True, title="", author="", creator="ntm",
        leftMargin=MARGINS_MM["left"] * MM, rightMargin=MARGINS_MM["right"] * MM,
        topMargin=MARGINS_MM["top"] * MM, bottomMargin=MARGINS_MM["bottom"] * MM,
    )
    doc.build([_flowable(block, doc.width) for block in blocks])
    return out.getvalue()


def _flowable(block: Block, width: float):
    from reportlab.platypus import Table, TableStyle

    if isinstance(block, Para):
        return _paragraph(block)
    if isinstance(block, Grid):
        return _grid(block, width)
    table = Table(
        [[[_paragraph(p) for p in block.left], [_paragraph(p) for p in block.right]]],
        colWidths=[width * 0.42, width * 0.58],
    )
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    return table


def _grid(grid: Grid, width: float):
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    cells = [[_paragraph(Para(text, align="left" if len(text) > 12 else "center", bold=r < grid.header,
                              size=grid.size), space=0) for text in row] for r, row in enumerate(grid.rows)]
    table = Table(cells, colWidths=[width * w for w in grid.widths], repeatRows=grid.header)
    rules = {"grid": [("GRID", (0, 0), (-1, -1), 0.6, colors.black)],
             "columns": [("BOX", (0, 0), (-1, -1), 0.6, colors.black),
                         ("GRID", (0, 0), (-1, grid.header - 1), 0.6, colors.black),
                         ("LINEAFTER", (0, grid.header), (-2, -1), 0.6, colors.black)],
             "open": [("INNERGRID", (0, 0), (-1, -1), 0.6, colors.black), ("LINEABOVE", (0, 0), (-1, 0), 0.6, colors.black),
                      ("LINEBELOW", (0, -1), (-1, -1), 0.6, colors.black)]}[grid.rules]
    table.setStyle(TableStyle([*rules, ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 2), ("RIGHTPADDING", (0, 0), (-1, -1), 2),
                               *(("SPAN", a, b) for a, b in grid.spans)]))
    return table


def _paragraph(para: Para, space: float | None = None):
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    style = ParagraphStyle(
        name="p", fontName=_font_name(para.bold, para.italic), fontSize=para.size,
        leading=para.size * 1.3, alignment=ALIGNMENTS[para.align],
        spaceAfter=para.size * 0.4 if space is None else space,
    )
    return Paragraph(escape(para.text), style)


def _font_name(bold: bool, italic: bool) -> str:
    return "NtmSerif" + {(False, False): "", (True, False): "-Bold",
                         (False, True): "-Italic", (True, True): "-BoldItalic"}[(bold, italic)]


@cache
def register_fonts() -> None:
    """Register DejaVu Serif with reportlab as "NtmSerif" (and its bold/italic faces); idempotent."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for name, file in FONT_FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / file)))
    for bold in (0, 1):
        for italic in (0, 1):
            addMapping("NtmSerif", bold, italic, _font_name(bool(bold), bool(italic)))


# ── DOCX ──────────────────────────────────────────────────────────────────────


def to_docx(blocks: list[Block], path) -> None:
    """A python-docx document; Columns become a one-row, two-column borderless table."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    alignments = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
                  "right": WD_ALIGN_PARAGRAPH.RIGHT, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}

    def fill(paragraph, para: Para) -> None:
        paragraph.alignment = alignments[para.align]
        run = paragraph.add_run(para.text)
        run.bold, run.italic, run.font.size = para.bold, para.italic, Pt(para.size)
        run.font.name = "Times New Roman"

    document = docx.Document()
    for block in blocks:
        if isinstance(block, Para):
            fill(document.add_paragraph(), block)
            continue
        if isinstance(block, Grid):
            table = document.add_table(rows=len(block.rows), cols=len(block.widths))
            table.style = "Table Grid"
            for (c0, r0), (c1, r1) in block.spans:
                table.cell(r0, c0).merge(table.cell(r1, c1))
            for r, row in enumerate(block.rows):
                for c, text in enumerate(row):
                    if text:
                        fill(table.cell(r, c).paragraphs[0], Para(text, bold=r < block.header, size=block.size))
            continue
        table = document.add_table(rows=1, cols=2)  # the default "Normal Table" style has no borders
        for cell, paras in zip(table.rows[0].cells, (block.left, block.right), strict=True):
            for i, para in enumerate(paras):
                fill(cell.paragraphs[0] if i == 0 else cell.add_paragraph(), para)
    document.save(str(path))


# ── plain text ────────────────────────────────────────────────────────────────

TEXT_ENCODINGS = {  # name → (codec, byte order mark)
    "utf-8": ("utf-8", b""),
    "utf-8-sig": ("utf-8", b"\xef\xbb\xbf"),
    "utf-16-le": ("utf-16-le", b"\xff\xfe"),
    "utf-16-be": ("utf-16-be", b"\xfe\xff"),
    "cp1258": ("cp1258", b""),
}
_VOWEL_MARKS = "\u0302\u0306\u031b"  # circumflex, breve, horn: Windows-1258 has â ê ô ă ơ ư precomposed


def to_text_file(text: str, path, encoding: str = "utf-8") -> None:
    """Plain text in one of TEXT_ENCODINGS (UTF-16 with its BOM), CRLF line ends for Windows ones."""
    codec, bom = TEXT_ENCODINGS[encoding]
    if encoding == "cp1258":
        text = windows_1258_form(text).replace("\n", "\r\n")
    Path(path).write_bytes(bom + text.encode(codec))


def windows_1258_form(text: str) -> str:
    """The form Vietnamese takes in Windows-1258: base letters (â, ơ, ư...) precomposed, tone
    marks as separate combining characters ("ệ" → "ê" + U+0323), as Vietnamese keyboards type it."""
    def split_tone(m: re.Match) -> str:
        vowel_marks = "".join(c for c in m.group(2) if c in _VOWEL_MARKS)
        tones = "".join(c for c in m.group(2) if c not in _VOWEL_MARKS)
        return unicodedata.normalize("NFC", m.group(1) + vowel_marks) + tones
    return re.sub(r"(\w)([\u0300-\u036f]+)", split_tone, unicodedata.normalize("NFD", text))


# ── scans ─────────────────────────────────────────────────────────────────────


def to_images(blocks: list[Block], dpi: int = 300, degrade: Degrade | None = None) -> list[Image.Image]:
    """Page images: the digital PDF rasterized at `dpi`, then degraded. Grayscale unless stamped."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(_pdf_bytes(blocks))
    try:
        pages = [pdf[i].render(scale=dpi / 72, grayscale=True).to_pil().convert("L") for i in range(len(pdf))]
    finally:
        pdf.close()
    if degrade is None:
        return pages
    rng = np.random.default_rng(degrade.seed)
    anchor = _signer_anchor(pages[-1])  # signed first, then stamped, both placed by the printed name
    if degrade.signature:
        pages[-1] = _sign(pages[-1], dpi, rng, PEN_INKS[degrade.signature], anchor)
    if degrade.stamp:
        pages[-1] = _stamp(pages[-1], dpi, rng, SEAL_INKS[degrade.seal_ink], anchor)
    return [_scan(page, degrade, rng) for page in pages]


def to_scanned_pdf(blocks: list[Block], path, dpi: int = 300, degrade: Degrade | None = None) -> None:
    """An image-only PDF (JPEG pages), as a scanner makes."""
    images = to_images(blocks, dpi, degrade)
    images[0].save(str(path), format="PDF", save_all=True, append_images=images[1:], resolution=dpi)


def to_tiff(blocks: list[Block], path, dpi: int = 300, degrade: Degrade | None = None) -> None:
    """A multi-page TIFF, one frame per page."""
    images = to_images(blocks, dpi, degrade)
    images[0].save(str(path), format="TIFF", save_all=True, append_images=images[1:],
                   compression="tiff_deflate", dpi=(dpi, dpi))


def _scan(page: Image.Image, degrade: Degrade, rng: np.random.Generator) -> Image.Image:
    white = 255 if page.mode == "L" else (255, 255, 255)
    if degrade.skew_deg:
        page = page.rotate(degrade.skew_deg, resample=Image.Resampling.BICUBIC, fillcolor=white)
    if degrade.blur:
        page = page.filter(ImageFilter.GaussianBlur(degrade.blur))
    if degrade.noise:
        pixels = np.array(page)
        draw = rng.random(pixels.shape[:2], dtype=np.float32)
        pixels[draw < degrade.noise / 2] = 255  # salt
        pixels[(draw >= degrade.noise / 2) & (draw < degrade.noise)] = 0  # pepper
        page = Image.fromarray(pixels, mode=page.mode)
    return page


def _signer_anchor(page: Image.Image) -> tuple[int, int]:
    """Where the signature column's last line (the signer's name) stands: the lowest ink of the page's right
    half (the recipients' list beside it may run longer), ~68 % across."""
    ink = np.array(page.convert("L"))[:, page.width // 2:] < 128
    rows = np.flatnonzero(ink.any(axis=1))
    return round(page.width * 0.68), int(rows[-1]) if rows.size else page.height // 2


def _stamp(page: Image.Image, dpi: int, rng: np.random.Generator, ink=SEAL_INKS["red"],
           anchor: tuple[int, int] | None = None) -> Image.Image:
    """A round seal (32-40 mm across) over the signature block, multiplied onto the paper. Its size, place,
    turn, wording and inking vary with `rng`: over the title, the name or between them, its star anywhere."""
    radius = round(rng.uniform(16, 20) / 25.4 * dpi)
    x, bottom = anchor or _signer_anchor(page)
    cx = x + round(rng.uniform(-0.07, 0.03) * page.width)
    cy = max(radius, bottom - round(radius * rng.uniform(0.1, 0.9)))
    strength = rng.uniform(0.7, 1.0)  # a dry pad leaves paler ink
    colour = tuple(round(255 - strength * (255 - c)) for c in ink)

    seal = Image.new("RGB", page.size, "white")
    draw = ImageDraw.Draw(seal)
    line = max(2, dpi // 100)
    for r, w in ((radius, 2 * line), (round(radius * 0.66), line)):
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=colour, width=w)
    _star(draw, (cx, cy), round(radius * rng.uniform(0.22, 0.34)), colour)
    text = f"{STAMP_TEXTS[int(rng.integers(len(STAMP_TEXTS)))]} ★ "
    _ring_text(seal, (cx, cy), round(radius * 0.83), round(radius * 0.2), text, rng.uniform(0, 2 * math.pi), colour)
    return ImageChops.multiply(page.convert("RGB"), seal)


def _star(draw: ImageDraw.ImageDraw, centre: tuple[int, int], r: int, colour) -> None:
    cx, cy = centre
    points = []
    for i in range(10):
        angle = -math.pi / 2 + i * math.pi / 5
        rr = r if i % 2 == 0 else r * 0.4
        points.append((cx + rr * math.cos(angle), cy + rr * math.sin(angle)))
    draw.polygon(points, fill=colour)


def _ring_text(seal: Image.Image, centre: tuple[int, int], r: int, size: int, text: str, turn: float, colour) -> None:
    """Letters set around the seal's ring, each rotated to face outwards."""
    font = ImageFont.truetype(str(STAMP_FONT), size)
    text = text * max(1, round(32 / len(text)))
    cx, cy = centre
    for i, char in enumerate(text):
        angle = turn + 2 * math.pi * i / len(text)
        glyph = Image.new("L", (size * 2, size * 2), 0)
        ImageDraw.Draw(glyph).text((size, size), char, font=font, fill=255, anchor="mm")
        glyph = glyph.rotate(-math.degrees(angle), resample=Image.Resampling.BICUBIC)
        x = round(cx + r * math.sin(angle)) - size
        y = round(cy - r * math.cos(angle)) - size
        seal.paste(colour, (x, y), glyph)


def _sign(page: Image.Image, dpi: int, rng: np.random.Generator, ink, anchor: tuple[int, int]) -> Image.Image:
    """A handwritten signature: a looping pen stroke (30-50 mm wide) across the title and name lines."""
    mm = dpi / 25.4
    x, bottom = anchor
    width, height = rng.uniform(30, 50) * mm, rng.uniform(8, 14) * mm
    left, middle = x - width / 2 + rng.uniform(-5, 5) * mm, bottom - rng.uniform(3, 9) * mm
    t = np.linspace(0, 1, 400)
    loops = rng.uniform(3, 6)
    xs = left + width * t + 0.12 * width * np.sin(2 * math.pi * loops * t + rng.uniform(0, 6))
    ys = middle + height / 2 * np.sin(2 * math.pi * loops * t) * (0.4 + 0.6 * np.sin(math.pi * t))
    pen = Image.new("RGB", page.size, "white")
    ImageDraw.Draw(pen).line(list(zip(xs.tolist(), ys.tolist(), strict=True)), fill=tuple(ink),
                             width=max(2, round(0.45 * mm)), joint="curve")
    return ImageChops.multiply(page.convert("RGB"), pen)


# ── phone photos ──────────────────────────────────────────────────────────────


@dataclass
class Photo:
    """What a phone camera does to a page held on a desk: the page, seen slightly from the side, lies on
    a darker surface, lit from one side (the far side `shade` times as bright as the near one), a little
    out of focus, saved as a strongly compressed JPEG at about `dpi` on the paper."""

    dpi: int = 150
    tilt: float = 0.04  # corner displacement as a share of the page's size (perspective)
    shade: float = 0.45  # brightness of the darkest corner relative to the brightest
    blur: float = 0.7  # Gaussian radius in px
    jpeg_quality: int = 35
    margin: float = 0.06  # desk visible around the page, as a share of the page's size
    seed: int = 0


def to_photos(blocks: list[Block], photo: Photo | None = None, stamp: bool = False) -> list[Image.Image]:
    """Each page photographed (RGB, JPEG-degraded); `stamp` puts a red seal over the signature first."""
    photo = photo or Photo()
    pages = to_images(blocks, dpi=photo.dpi)
    rng = np.random.default_rng(photo.seed)
    if stamp:
        pages[-1] = _stamp(pages[-1], photo.dpi, rng)
    return [photograph(page, photo, rng) for page in pages]


def to_photo_files(blocks: list[Block], stem, photo: Photo | None = None, stamp: bool = False) -> list[Path]:
    """The page photos as `<stem>_1.jpg`, `<stem>_2.jpg`, ... (how phones name a series)."""
    stem = Path(stem)
    paths = []
    for i, image in enumerate(to_photos(blocks, photo, stamp), start=1):
        path = stem.with_name(f"{stem.name}_{i}.jpg")
        image.save(path, format="JPEG", quality=(photo or Photo()).jpeg_quality)
        paths.append(path)
    return paths


def photograph(page: Image.Image, photo: Photo, rng: np.random.Generator) -> Image.Image:
    import cv2

    paper = np.asarray(page.convert("RGB"), dtype=np.float32)
    h, w = paper.shape[:2]
    mx, my = round(photo.margin * w), round(photo.margin * h)
    out_w, out_h = w + 2 * mx, h + 2 * my
    corners = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    jitter = rng.uniform(-1, 1, size=(4, 2)) * photo.tilt * np.float32([w, h])
    target = (corners + np.float32([mx, my]) + jitter).astype(np.float32)
    warp = cv2.getPerspectiveTransform(corners, target)
    desk = np.float32([95, 85, 75])  # a brownish desk
    frame = cv2.warpPerspective(paper, warp, (out_w, out_h), flags=cv2.INTER_LINEAR,
                                borderMode=cv2.BORDER_CONSTANT, borderValue=desk.tolist())
    # light falling off from one corner to the opposite one, with a warm tint
    angle = rng.uniform(0, 2 * np.pi)
    ys, xs = np.mgrid[0:out_h, 0:out_w].astype(np.float32)
    ramp = (np.cos(angle) * xs / out_w + np.sin(angle) * ys / out_h)
    ramp = (ramp - ramp.min()) / max(float(np.ptp(ramp)), 1e-6)
    light = 1.0 - (1.0 - photo.shade) * ramp
    frame = frame * light[..., None] * np.float32([1.0, 0.97, 0.9])
    if photo.blur:
        frame = cv2.GaussianBlur(frame, (0, 0), photo.blur)
    frame += rng.normal(0, 3.0, frame.shape).astype(np.float32)  # sensor noise
    image = Image.fromarray(np.clip(frame, 0, 255).astype(np.uint8), mode="RGB")
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=photo.jpeg_quality)
    return Image.open(io.BytesIO(buffer.getvalue())).convert("RGB")
