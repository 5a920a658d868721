"""Images (PNG, JPEG, TIFF including multi-page TIFF): every frame is a page, OCR'd.

Photos of one document's pages taken one by one arrive as a series, `name_1.jpg`, `name_2.jpg`,
...: `series` finds the files that follow `name_1` (same stem, same kind of image, numbers in
order without a gap) and they are read as the pages of one document; `continues_series` tells
a batch to skip `name_2.jpg` ... as documents of their own. A folder holding a file named
`.ntm-document` (its content is ignored) is one document too: its images are its pages, in natural
order of their names (`trang 2.jpg` before `trang 10.jpg`), its subfolders are not read.

A frame's size is checked against the pixel limit (NTM_MAX_PIXELS, under Pillow's own
decompression-bomb limit) and Tesseract's largest side from its header, before any pixel is decoded:
a small file can declare a 30000x30000 image (gigabytes to decode, hours to OCR) or a 1x80,000,000
strip that Tesseract cannot read at all.
"""

from __future__ import annotations

import io
import re
import warnings
from functools import partial
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from pipeline.errors import CorruptDocument
from pipeline.ingest import ocr
from pipeline.ingest.common import MAX_PAGES, PIXELS, TooLarge, check_pages, first_line, read_regular
from pipeline.schema import Document, Page

SERIES = re.compile(r"^(?P<stem>.+?)[_-](?P<n>[1-9]\d?)$")  # not zero-padded: IMG_0001.jpg are separate shots
IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".tif", ".tiff"})
MARKER = ".ntm-document"  # a folder holding this file is one document whose pages are its images


def read(path: Path, data: bytes, fmt: str, workers: int | None = None, max_pages: int = MAX_PAGES) -> Document:
    """`path` is an image, the first photo of a series, or a marked folder; `data` its first file's bytes."""
    files = series(path)
    frames = [(files[0], i) for i in range(count_frames(files[0], data))]
    for other in files[1:]:
        frames += [(other, i) for i in range(count_frames(other, read_regular(other)))]
    check_pages(path, len(frames), max_pages)
    results = ocr.recognize_pages([partial(load_frame, str(p), i) for p, i in frames], workers)
    pages = [
        Page(number=i + 1, text=r.text, source="ocr", ocr_confidence=r.confidence, ocr_rotation=r.rotation,
             words=r.boxes)
        for i, r in enumerate(results)
    ]
    return Document(source=str(path), sha256="", format=fmt, pages=pages, warnings=ocr.confidence_warnings(pages))


def series(path: Path) -> list[Path]:
    """The files whose pages make the document `path`: `path` and, when it is `name_1.jpg`, the
    photos `name_2.jpg`, `name_3.jpg` ... that follow it; for a marked folder, its images."""
    if is_document_folder(path):
        return folder_pages(path)
    m = SERIES.match(path.stem) if path.suffix.lower() in IMAGE_SUFFIXES else None
    if not m or int(m["n"]) != 1:
        return [path]
    files = [path]
    while (following := _numbered(path, m, len(files) + 1)) is not None:
        files.append(following)
    return files


def continues_series(path: Path) -> bool:
    """Is `path` page 2, 3, ... of a photo series whose first page lies beside it?"""
    m = SERIES.match(path.stem) if path.suffix.lower() in IMAGE_SUFFIXES else None
    first = _numbered(path, m, 1) if m and int(m["n"]) > 1 else None
    return first is not None and path in series(first)


def is_document_folder(path: Path) -> bool:
    """Is `path` a folder marked as one document (it holds a file named `.ntm-document`)? A folder
    that cannot be read is not (the walk reports it)."""
    try:
        return path.is_dir() and (path / MARKER).is_file()
    except OSError:
        return False


def folder_pages(folder: Path) -> list[Path]:
    """A marked folder's images (regular files, not hidden), in natural order of their names."""
    pages = [p for p in folder.iterdir()
             if p.suffix.lower() in IMAGE_SUFFIXES and not p.name.startswith(".") and p.is_file()]
    return sorted(pages, key=lambda p: [int(part) if part.isdigit() else part.casefold()
                                        for part in re.split(r"(\d+)", p.name)])


def _numbered(path: Path, m: re.Match[str], n: int) -> Path | None:
    """The sibling of `path` numbered `n` the same way (same separator and suffix)."""
    sibling = path.with_name(f"{path.stem[:m.start('n')]}{n}{path.suffix}")
    return sibling if sibling != path and sibling.is_file() else None


def count_frames(path: Path, data: bytes) -> int:
    try:
        with _open(io.BytesIO(data)) as image:
            check_pixels(path, image, 0)
            return getattr(image, "n_frames", 1)
    except Image.DecompressionBombError as e:
        raise _bomb(path, e) from None
    except UnidentifiedImageError:  # its message names a BytesIO object, not the file
        raise CorruptDocument(f"{path}: not a readable image (unknown format or damaged header)") from None
    except (OSError, SyntaxError, ValueError) as e:
        raise CorruptDocument(f"{path}: not a readable image ({first_line(e)})") from None


MAX_SIDE = 32_000  # Tesseract (Leptonica) refuses an image with a side over 32767 pixels


def check_pixels(path: Path | str, image: Image.Image, index: int) -> None:
    """Refuse a frame whose header declares no pixels, more than the pixel limit or a side Tesseract
    cannot take, before decoding it."""
    width, height = image.size
    frame = f"frame {index + 1}, " if index else ""
    if width < 1 or height < 1:
        raise CorruptDocument(f"{path}: image has no pixels ({frame}{width}x{height})")
    if Image.MAX_IMAGE_PIXELS and width * height > Image.MAX_IMAGE_PIXELS:
        raise TooLarge(f"{path}: image too large to decode safely ({frame}{width}x{height} pixels, over {_limit()})")
    if width * height > PIXELS.value():
        raise PIXELS.refusal(path, f"image too large to decode safely ({frame}{width}x{height} = "
                                   f"{width * height:,} pixels)", width * height)
    if max(width, height) > MAX_SIDE:
        raise TooLarge(f"{path}: image too long to OCR ({frame}{width}x{height} pixels; Tesseract takes sides "
                       f"up to {MAX_SIDE:,})")


def _bomb(path: Path | str, e: Image.DecompressionBombError) -> TooLarge:
    """Pillow refuses to open images over twice its limit; say so in our words."""
    size = re.search(r"\((\d+) pixels\)", str(e))
    pixels = f"{int(size.group(1)):,} pixels, " if size else ""
    return TooLarge(f"{path}: image too large to decode safely ({pixels}over {_limit()})")


def _limit() -> str:
    return f"Pillow's limit of {Image.MAX_IMAGE_PIXELS:,} pixels"


def _open(source) -> Image.Image:
    """Image.open without Pillow's warning for sizes between its limit and twice it: check_pixels refuses them."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        return Image.open(source)


def load_frame(path: str, index: int) -> Image.Image:
    """Frame `index`, upright per its EXIF orientation (phone photos), decoded in full."""
    try:
        with _open(path) as image:
            image.seek(index)
            check_pixels(path, image, index)
            frame = ImageOps.exif_transpose(image)
            frame.load()
            return frame
    except Image.DecompressionBombError as e:
        raise _bomb(path, e) from None
    except (OSError, SyntaxError, ValueError, EOFError) as e:
        raise CorruptDocument(f"{path}: image frame {index + 1} cannot be decoded ({first_line(e)})") from None

