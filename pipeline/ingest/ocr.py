"""OCR with Tesseract (`vie`): one Tesseract thread per process, pages spread over worker processes.

Tesseract's own OpenMP threading costs far more than it gains: on 4 pages at 300 dpi (2 CPUs,
bench/ocr_speed.py) it took 56 s and 39 CPU-seconds against 9 s and 10 CPU-seconds for a pool of
single-threaded Tesseracts. So every tesseract subprocess runs with OMP_THREAD_LIMIT=1 and the
pages go to a process pool. Workers receive a *loader* (a picklable `functools.partial` such as
"render page 3 of this PDF at 300 dpi") rather than pixels, so only small arguments cross
processes. Images reach Tesseract as uncompressed TIFF (see `_as_tiff`), and one `image_to_data`
run gives both the words' confidences and the text.

Pages speckled with scanner noise are median-filtered first: on a noisy 4-page scan the character
error rate fell from 2.8% to 0.04%; the check costs ~0.1 s a page and clean pages skip the filter.
Orientation detection (OSD) adds 50-70% to a page's CPU time, so it runs only when the first pass
has a low confidence or hardly any words.
"""

from __future__ import annotations

import multiprocessing
import os
import re
import shutil
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import cache, partial

import cv2
import numpy as np
import pytesseract
from PIL import Image

from pipeline.errors import OcrUnavailable
from pipeline.ingest import columns, enhance, ocr_tables, signature_block
from pipeline.ingest.common import first_line
from pipeline.ingest.word_boxes import located_words
from pipeline.schema import Page, PageWord

LANGUAGE = "vie"
INSTALL_HINT = "install it with: apt-get install tesseract-ocr tesseract-ocr-vie"
LOW_CONFIDENCE = 60.0  # mean word confidence under which the page may be upside down or sideways
MIN_WORDS = 5  # fewer words than this on a page is as suspect as a low confidence
MAX_SPECKLE_SHARE = 0.0005  # specks above this share of the page: median-filter before OCR
SPECK_MAX_DARK = 4  # dark pixels a speck's 5x5 neighbourhood may hold (itself included)
OSD_MIN_CONFIDENCE = 1.5  # Tesseract's orientation confidence under which its answer is noise

PageLoader = Callable[[], Image.Image | np.ndarray]  # an image, or pixels (pdf.render_pixels)


@dataclass(frozen=True)
class OcrPage:
    text: str
    confidence: float | None  # mean word confidence 0-100; None when no word was found
    rotation: int  # degrees (clockwise) the image was turned before the kept pass
    words: int
    enhanced: tuple[str, ...] = ()  # page-image steps the page needed (enhance.prepare), () for a clean page
    boxes: list[PageWord] | None = None  # the words' boxes (word_boxes.py); None when they do not fit the page


# ── availability ──────────────────────────────────────────────────────────────


@cache
def _languages() -> tuple[str, ...]:
    return tuple(pytesseract.get_languages(config=""))


def check_available() -> None:
    """Raise OcrUnavailable (one line) when tesseract or its Vietnamese data is missing."""
    if shutil.which(pytesseract.pytesseract.tesseract_cmd) is None:
        raise OcrUnavailable(f"tesseract is not installed; {INSTALL_HINT}")
    try:
        languages = _languages()
    except (pytesseract.TesseractError, OSError) as e:
        raise OcrUnavailable(f"tesseract does not run ({first_line(e)}); {INSTALL_HINT}") from None
    if LANGUAGE not in languages:
        raise OcrUnavailable(f"tesseract has no Vietnamese language data ('{LANGUAGE}'); {INSTALL_HINT}")


# ── one page ──────────────────────────────────────────────────────────────────


def recognize(image: Image.Image | np.ndarray, detect_orientation: bool = True, denoise: bool = True,
              enhance_page: bool = True) -> OcrPage:
    """OCR one page image; retry in the orientation OSD suggests when the first pass looks wrong.
    `enhance_page`: flatten, even out and enlarge a photographed page first (see enhance.py)."""
    signed = _inked(image)
    image = grayscale(image)
    steps: tuple[str, ...] = ()
    if enhance_page:
        prepared = enhance.prepare(image)
        image, steps = prepared.image, tuple(prepared.steps)
    if denoise and speckle_share(image) > MAX_SPECKLE_SHARE:
        image = despeckle(image)
    first = _tesseract(image, rotation=0, reduce=not signed)
    # a photo flattened before OCR: its words' boxes do not fit the photo as the source shows it
    kept = {"enhanced": steps, **({"boxes": None} if "perspective" in steps else {})}
    if not detect_orientation or not _suspect(first):
        return replace(first, **kept)
    rotation = orientation(image)
    if rotation == 0:
        return replace(first, **kept)
    second = _tesseract(image.rotate(-rotation, expand=True), rotation=rotation, reduce=not signed)
    return replace(second if (second.confidence or 0) > (first.confidence or 0) else first, **kept)


def grayscale(image: Image.Image | np.ndarray) -> Image.Image:
    """8-bit grayscale: transparency flattened onto white paper, 16-bit scans scaled down. A page may
    come as an array (a PDF page, see pdf.render_pixels: RGB, or gray): it is read in place, uncopied."""
    if isinstance(image, np.ndarray):  # RGB, or already gray (a gray scan's pixels: no seal to look for)
        return Image.fromarray(image) if image.ndim == 2 else _gray_from_rgb(image)
    if image.mode == "L":
        return image
    if image.mode.startswith("I") or image.mode == "F":  # 16/32-bit integer or float samples
        pixels = np.asarray(image, dtype=np.float32)
        return Image.fromarray((pixels * (255 / max(float(pixels.max()), 1.0))).astype(np.uint8), mode="L")
    if image.mode == "P":
        image = image.convert("RGBA")
    if "A" in image.getbands():
        paper = Image.new("RGB", image.size, "white")
        paper.paste(image.convert("RGBA"), mask=image.getchannel("A"))
        image = paper
    return _gray_from_rgb(np.asarray(image.convert("RGB")))


def _gray_from_rgb(pixels: np.ndarray) -> Image.Image:
    if red_ink_share(pixels) > RED_INK_MIN_SHARE:
        # A red seal over the signature: in the red channel red ink is as light as paper, while black
        # print (and blue ink) stays dark, so the signer's title and name under the seal come through.
        # What stays of the seal in the red channel is light grey (red ink's red is ~80% of paper's): lifted to
        # white with everything as light, so no ring crosses the name.
        gray = _LIFT_PAPER[pixels[..., 0]]
    else:
        gray = cv2.cvtColor(pixels, cv2.COLOR_RGB2GRAY)  # the same weights as Pillow's convert("L")
    return Image.fromarray(enhance.without_blue_marks(pixels, gray))  # a blue signature or seal: gone too


RED_INK_MIN_SHARE = 0.0005  # a seal covers ~0.3% of an A4 page; red paper tints never qualify
RED_SHARE = 0.3  # red ink's red exceeds its green and blue by this share of itself, in any light (warm paper: ~0.1)
MIN_RED = 40  # and is no darker than this (a shaded photo's paper: ~65; JPEG colour noise in black print)
_LIFT_PAPER = np.minimum(255, np.round(np.arange(256) / enhance.PAPER_LEVEL)).astype(np.uint8)


def red_ink_share(image: Image.Image | np.ndarray) -> float:
    """Share of strongly red pixels (red over green and blue by RED_SHARE of the red), on every 4th pixel to
    stay cheap. Relative, not absolute: on a photo's shaded side a pale seal's red is dark but still red."""
    pixels = (image if isinstance(image, np.ndarray) else np.asarray(image))[::4, ::4].astype(np.int16)
    r = pixels[..., 0]
    red = (r - np.maximum(pixels[..., 1], pixels[..., 2]) > RED_SHARE * r) & (r > MIN_RED)
    return float(red.mean()) if red.size else 0.0


def speckle_share(image: Image.Image) -> float:
    """Share of pixels that are specks: darkish pixels (< 170, so JPEG-smeared dots count too) with
    at most SPECK_MAX_DARK dark pixels in their 5x5 neighbourhood. Measured on the central quarter
    of the page to stay cheap (~10 ms); text strokes never qualify, scanner salt-and-pepper does."""
    w, h = image.size
    dark = (np.asarray(image.crop((w // 4, h // 4, 3 * w // 4, 3 * h // 4))) < 170).astype(np.uint8)
    if dark.size == 0:
        return 0.0
    window = cv2.boxFilter(dark, -1, (5, 5), normalize=False, borderType=cv2.BORDER_REPLICATE)
    return float(((dark == 1) & (window <= SPECK_MAX_DARK)).mean())


def despeckle(image: Image.Image) -> Image.Image:
    """A 3x3 median filter: the same pixels as Pillow's MedianFilter(3), ~25x faster (~10 ms a page)."""
    return Image.fromarray(cv2.medianBlur(np.asarray(image), 3))


def _inked(image: Image.Image | np.ndarray) -> bool:
    """Does a colour page carry seal or pen ink (red, or blue/purple marks)? ~2 ms on strided pixels."""
    if isinstance(image, Image.Image):
        if image.mode != "RGB":
            return False
        image = np.asarray(image)
    if image.ndim != 3 or image.shape[2] < 3:
        return False
    return red_ink_share(image) > RED_INK_MIN_SHARE or enhance.blue_ink_share(image) > enhance.BLUE_INK_MIN_SHARE


def sized_for_tesseract(image: Image.Image) -> Image.Image:
    """The page reduced when its print is larger than Tesseract needs (enhance.downscale_factor); word
    boxes are fractions of the page, so nothing downstream depends on the size."""
    gray = np.asarray(image)
    if min(gray.shape) < enhance.MIN_SIDE:
        return image
    factor = enhance.downscale_factor(gray)
    if factor >= 1.0:
        return image
    return Image.fromarray(cv2.resize(gray, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA))


def orientation(image: Image.Image) -> int:
    """Clockwise degrees that make the page upright, per Tesseract OSD (`--psm 0`); 0 when unsure."""
    try:
        osd = pytesseract.image_to_osd(_as_tiff(image), output_type=pytesseract.Output.DICT)
    except pytesseract.TesseractError:  # e.g. "Too few characters" on a near-blank page
        return 0
    if osd.get("orientation_conf", 0) < OSD_MIN_CONFIDENCE:
        return 0
    return int(osd.get("rotate", 0)) % 360


def _suspect(page: OcrPage) -> bool:
    return page.words < MIN_WORDS or (page.confidence or 0) < LOW_CONFIDENCE


def _tesseract(image: Image.Image, rotation: int, reduce: bool = True) -> OcrPage:
    """`reduce`: may the page be reduced for speed (sized_for_tesseract)? Not a table's page (its one-glyph
    cells read worse reduced: 217 → 198 of 220 cells), nor a page a seal or pen has marked, whose signer's
    name must keep its marks (stamped 200-dpi scans: 10/10 names right at full size, 9/10 reduced)."""
    tables = ocr_tables.find(image)  # ruled tables: read again on their own, their words put in cells
    source = image
    if reduce and not tables:
        image = sized_for_tesseract(image)
    tsv = _data(ocr_tables.without_tables(image, tables))
    tsv = columns.header_columns_first(signature_block.reread_name_line(image, tsv, _line_tsv, source))
    tsv = ocr_tables.with_rows(tsv, tables, image, partial(_data, config=ocr_tables.TABLE_PSM))
    text, confidences = text_from_tsv(tsv)
    mean = round(sum(confidences) / len(confidences), 2) if confidences else None
    return OcrPage(text=text, confidence=mean, rotation=rotation, words=len(confidences),
                   boxes=located_words(tsv, text, image.size, rotation))


def _line_tsv(strip: Image.Image) -> str:
    return pytesseract.image_to_data(_as_tiff(strip), lang=LANGUAGE, config="--psm 7")


def _data(image: Image.Image, config: str = "") -> str:
    return pytesseract.image_to_data(_as_tiff(image), lang=LANGUAGE, config=config)


def _as_tiff(image: Image.Image) -> Image.Image:
    """Hand the image to pytesseract as an uncompressed TIFF: written as fast as PGM (~5 ms a 300-dpi page,
    PNG takes ~80 ms), and Tesseract reads it ~0.13 s a page faster than PGM (Leptonica's PNM reader is
    slow), with the same words read. Pillow writes no resolution but 1 dpi, which Tesseract takes for none, as
    with PGM (it estimates the resolution from the text): a photo's 72-dpi header never misleads it."""
    image = image.copy()
    image.format = "TIFF"
    return image


COLUMN_GAP = 8.0  # a gap between two words of a line wider than this many line heights separates columns
# (justified lines stretch spaces to 3-5 line heights; the recipients and signature columns stand 20+ apart)


def text_from_tsv(tsv: str) -> tuple[str, list[float]]:
    """Tesseract's TSV → (text with its line and paragraph breaks, word confidences).

    Words of a line are joined by spaces, lines by a newline, and paragraphs (and blocks) are
    separated by an empty line, as Tesseract's own text output does. Where Tesseract reads a row
    across two columns (the "Nơi nhận" list beside the signature), a tab marks the column gap. A table's
    word (ocr_tables.with_rows) says in a 13th field how many cell boundaries (tabs) come before it.
    """
    paragraphs: list[list[list[str]]] = []
    confidences: list[float] = []
    last_paragraph = last_line = None
    right = 0
    for row in tsv.splitlines()[1:]:
        fields = row.split("\t")
        if len(fields) < 12 or fields[0] != "5":
            continue
        word = fields[11].strip()
        if not word:
            continue
        paragraph, line = tuple(fields[2:4]), tuple(fields[2:5])
        left, width, height = int(fields[6]), int(fields[8]), int(fields[9])
        if paragraph != last_paragraph:
            paragraphs.append([])
        if paragraph != last_paragraph or line != last_line:
            paragraphs[-1].append([])
        if len(fields) > 12:
            paragraphs[-1][-1].append("\t" * int(fields[12]))
        elif len(paragraphs[-1][-1]) and left - right > COLUMN_GAP * max(height, 1):
            paragraphs[-1][-1].append("\t")
        paragraphs[-1][-1].append(word)
        last_paragraph, last_line, right = paragraph, line, left + width
        confidences.append(float(fields[10]))
    text = "\n\n".join("\n".join(_join_words(words) for words in lines) for lines in paragraphs)
    return text, confidences


def _join_words(words: list[str]) -> str:
    return TABS.sub(r"\1", " ".join(w for w in words if w))


TABS = re.compile(r" ?(\t+) ?")


# ── many pages ────────────────────────────────────────────────────────────────


def recognize_pages(loaders: list[PageLoader], workers: int | None = None, **options) -> list[OcrPage]:
    """OCR pages in order: in this process when workers == 1 or there is one page, else in a pool.
    `options` go to `recognize` (detect_orientation, denoise)."""
    check_available()
    workers = min(workers or available_cpus(), len(loaders))
    task = partial(_load_and_recognize, **options)
    if workers <= 1:
        with _single_thread_tesseract():
            return [task(load) for load in loaders]
    with ProcessPoolExecutor(workers, mp_context=_context(), initializer=_init_worker) as pool:
        return list(pool.map(task, loaders))


def available_cpus() -> int:
    """CPUs this process may run on (a container's CPU set, not the host's count)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def confidence_warnings(pages: list[Page]) -> list[str]:
    """One warning per OCR'd page whose text is empty or unreliable."""
    warnings = []
    for page in pages:
        if page.source != "ocr":
            continue
        if page.ocr_confidence is None:
            warnings.append(f"page {page.number}: OCR found no text")
        elif page.ocr_confidence < LOW_CONFIDENCE:
            warnings.append(f"page {page.number}: low OCR confidence ({page.ocr_confidence:.0f}/100)")
    return warnings


def _load_and_recognize(load: PageLoader, **options) -> OcrPage:
    return recognize(load(), **options)


def _init_worker() -> None:
    os.environ["OMP_THREAD_LIMIT"] = "1"  # pytesseract passes os.environ to the tesseract subprocess


@contextmanager
def _single_thread_tesseract() -> Iterator[None]:
    previous = os.environ.get("OMP_THREAD_LIMIT")
    os.environ["OMP_THREAD_LIMIT"] = "1"
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("OMP_THREAD_LIMIT", None)
        else:
            os.environ["OMP_THREAD_LIMIT"] = previous


def _context():
    """fork where available: a spawned worker would re-import the whole package (~2 s) first."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else None)


# ── word boxes (for showing items on the page image: `ntm serve`) ─────────────


@dataclass(frozen=True)
class WordBox:
    text: str
    left: int
    top: int
    width: int
    height: int


def word_boxes(image: Image.Image) -> list[WordBox]:
    """Every word Tesseract reads on the page with its box in the image's pixels (reading order)."""
    check_available()
    with _single_thread_tesseract():
        data = pytesseract.image_to_data(_as_tiff(grayscale(image)), lang=LANGUAGE,
                                         output_type=pytesseract.Output.DICT)
    return [WordBox(word.strip(), left, top, width, height)
            for word, level, left, top, width, height in zip(
                data["text"], data["level"], data["left"], data["top"], data["width"], data["height"], strict=True)
            if level == 5 and word.strip()]
