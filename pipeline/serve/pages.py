"""A document's pages as the reviewer sees them: the page image, and where each item stands on it.

The char map leads from a span of the normalized text to its page; the page's words with their
boxes (Tesseract's `image_to_data` for scanned pages, the text layer's character boxes for digital
PDFs) are aligned with the normalized text of that page character by character (whitespace and
case aside), so OCR repairs and normalization rewrites cost only the characters they changed.
Boxes are fractions of the page's width and height; images and words are cached under
`OUT/.ntm-serve/pages/`, keyed by the source's sha256.

Scanned pages extracted since ingestion kept Tesseract's boxes (`OUT/words/<name>.json`) need
neither Tesseract nor the alignment: a word's raw offsets lead, through the char map, straight to
the normalized characters read from it. The second Tesseract pass is left for outputs made before.
"""

from __future__ import annotations

import json
import threading
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

from PIL import Image

from pipeline.atomic import atomic_path, write_atomic
from pipeline.schema import DocumentWords

DISPLAY_DPI = 110
OCR_DPI = 200  # word boxes only: on a 300-dpi scan 200 dpi found the same 375 words and the same items, 35 % faster
IMAGE_FORMATS = {"png", "jpg", "jpeg", "tif", "tiff", "bmp", "webp", "gif"}


@dataclass(frozen=True)
class Word:
    text: str
    box: tuple[float, float, float, float]  # left, top, right, bottom as fractions of the page
    raw: tuple[int, int] | None = None  # where ingestion read it in the page's raw text (kept boxes)


def source_file(out: Path, extraction: dict) -> Path | None:
    """The source file, where the extraction says it was (relative paths: to the working or output folder)."""
    given = Path(extraction["source"]["path"])
    for path in (given, Path(out).parent / given, Path(out) / given):
        if path.is_file():
            return path
    return None


def has_image(extraction: dict) -> bool:
    return extraction["source"].get("format") in IMAGE_FORMATS | {"pdf"}


def page_png(out: Path, extraction: dict, number: int) -> Path | None:
    """The page rendered as PNG (cached), or None when the source is gone or has no such page."""
    cache = _cache(out, extraction, number, "png")
    if cache.is_file():
        return cache
    source = source_file(out, extraction)
    if source is None or not has_image(extraction) or not 1 <= number <= extraction["source"].get("pages", 0):
        return None
    image = _image(source, extraction["source"]["format"], number, DISPLAY_DPI)
    if image.width > 1400:
        image = image.resize((1400, round(image.height * 1400 / image.width)))
    with atomic_path(cache) as tmp:
        image.convert("RGB").save(tmp, format="PNG", optimize=False)
    return cache


def page_words(out: Path, extraction: dict, number: int, name: str | None = None) -> list[Word]:
    """The page's words with their boxes: those ingestion kept (`name`'s OUT/words file), else located
    again (cached); [] when the source is gone or is plain text.
    One computation per page at a time: a request waits for the batch thread's prefetch."""
    kept = kept_words(out, extraction, name)
    if number in kept:
        return kept[number]
    cache = _cache(out, extraction, number, "words.json")
    with _LOCKS_GUARD:
        lock = _LOCKS.setdefault(str(cache), threading.Lock())
    with lock:
        if cache.is_file():
            return [Word(w[0], tuple(w[1])) for w in json.loads(cache.read_text(encoding="utf-8"))]
        return _compute_words(out, extraction, number, cache)


_LOCKS: dict[str, threading.Lock] = {}
_LOCKS_GUARD = threading.Lock()


def kept_words(out: Path, extraction: dict, name: str | None) -> dict[int, list[Word]]:
    """Page number → the words ingestion kept for the document `name`; {} for outputs made before,
    or a words file of another source (a name reused)."""
    path = Path(out) / "words" / f"{name}.json"
    if name is None or not path.is_file():
        return {}
    try:
        kept = DocumentWords.model_validate_json(path.read_bytes())
    except ValueError:  # a broken file: the boxes are located again
        return {}
    if kept.doc_id != extraction.get("doc_id"):
        return {}
    return {number: [Word("", w.box, (w.start, w.end)) for w in words] for number, words in kept.pages.items()}


def prefetch(out: Path, extraction: dict, name: str | None = None) -> None:
    """Locate the words of every OCR'd page whose boxes were not kept now (Tesseract again: seconds a
    page), so that a reviewer opening the document sees its boxes at once."""
    kept = kept_words(out, extraction, name)
    for number, source in enumerate(extraction["source"].get("page_sources") or [], start=1):
        if source == "ocr" and number not in kept:
            page_words(out, extraction, number)


def _compute_words(out: Path, extraction: dict, number: int, cache: Path) -> list[Word]:
    source = source_file(out, extraction)
    sources = extraction["source"].get("page_sources") or []
    if source is None or not 1 <= number <= len(sources) or sources[number - 1] == "plain":
        return []
    fmt = extraction["source"]["format"]
    if sources[number - 1] == "text_layer" and fmt == "pdf":
        words = _pdf_words(source, number)
    else:
        words = _ocr_words(_image(source, fmt, number, OCR_DPI))
    write_atomic(cache, json.dumps([[w.text, list(w.box)] for w in words], ensure_ascii=False))
    return words


def item_boxes(extraction: dict, number: int, words: list[Word],
               spans: dict[str, tuple[int, int]]) -> dict[str, list[tuple[float, float, float, float]]]:
    """Boxes of each item (key → span) on page `number`: one box per line of words it covers."""
    where = _align(extraction, number, words)
    boxes: dict[str, list] = {}
    for key, (start, end) in spans.items():
        hit = sorted({where[o] for o in range(start, end) if o in where})
        if hit:
            boxes[key] = _lines([words[i].box for i in hit])
    return boxes


# ── alignment ──


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", text).lower()


def _align(extraction: dict, number: int, words: list[Word]) -> dict[int, int]:
    """Normalized offset → index of the word it was read from, for the characters of page `number`."""
    if words and all(w.raw is not None for w in words):
        return _through_char_map(extraction, number, words)
    text = extraction.get("normalized_text") or ""
    offsets = [o for run in extraction.get("char_map") or [] if run["page"] == number
               for o in range(run["start"], run["start"] + run["length"]) if not text[o].isspace()]
    mine = "".join(_fold(text[o])[:1] for o in offsets)
    theirs, owner = [], []
    for i, word in enumerate(words):
        for ch in _fold(word.text):
            if not ch.isspace():
                theirs.append(ch)
                owner.append(i)
    matcher = SequenceMatcher(None, mine, "".join(theirs), autojunk=False)
    where: dict[int, int] = {}
    for a, b, size in matcher.get_matching_blocks():
        for k in range(size):
            where[offsets[a + k]] = owner[b + k]
    return where


def _through_char_map(extraction: dict, number: int, words: list[Word]) -> dict[int, int]:
    """Kept words know their raw offsets: the char map's runs of page `number` lead from a normalized
    offset to its raw one, and so to the word it lies in."""
    owner = {o: i for i, w in enumerate(words) for o in range(*w.raw)}
    where: dict[int, int] = {}
    for run in extraction.get("char_map") or []:
        if run["page"] != number:
            continue
        for k in range(run["length"]):
            i = owner.get(run["raw_start"] + k)
            if i is not None:
                where[run["start"] + k] = i
    return where


def _lines(boxes: list[tuple[float, float, float, float]]) -> list[tuple[float, float, float, float]]:
    """Word boxes merged into one box per line (words whose vertical middles are close)."""
    merged: list[list[float]] = []
    for left, top, right, bottom in sorted(boxes, key=lambda b: (round((b[1] + b[3]) / 2, 2), b[0])):
        middle = (top + bottom) / 2
        if merged and merged[-1][1] <= middle <= merged[-1][3]:
            m = merged[-1]
            m[0], m[1], m[2], m[3] = min(m[0], left), min(m[1], top), max(m[2], right), max(m[3], bottom)
        else:
            merged.append([left, top, right, bottom])
    return [tuple(round(v, 5) for v in m) for m in merged]


# ── sources ──


def _cache(out: Path, extraction: dict, number: int, suffix: str) -> Path:
    return Path(out) / ".ntm-serve" / "pages" / f"{extraction['doc_id'][:32]}-{number}.{suffix}"


def _image(source: Path, fmt: str, number: int, dpi: int) -> Image.Image:
    if fmt == "pdf":
        from pipeline.ingest.pdf import render_page

        return render_page(str(source), number - 1, dpi)
    from pipeline.ingest.images import load_frame

    return load_frame(str(source), number - 1)


def _ocr_words(image: Image.Image) -> list[Word]:
    from pipeline.ingest.ocr import word_boxes

    w, h = image.size
    return [Word(b.text, (b.left / w, b.top / h, (b.left + b.width) / w, (b.top + b.height) / h))
            for b in word_boxes(image)]


def _pdf_words(source: Path, number: int) -> list[Word]:
    import pypdfium2 as pdfium

    from pipeline.ingest.pdf_text import char_boxes

    pdf = pdfium.PdfDocument(str(source))
    try:
        page = pdf[number - 1]
        width, height = page.get_size()
        chars = char_boxes(page.get_textpage())
    finally:
        pdf.close()
    words: list[Word] = []
    text, box = "", None
    for ch, left, bottom, right, top in [*chars, (" ", 0, 0, 0, 0)]:
        if ch.isspace():
            if text:
                words.append(Word(text, (box[0] / width, 1 - box[3] / height, box[2] / width, 1 - box[1] / height)))
            text, box = "", None
            continue
        text += ch
        box = (left, bottom, right, top) if box is None else (
            min(box[0], left), min(box[1], bottom), max(box[2], right), max(box[3], top))
    return words
