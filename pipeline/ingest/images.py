"""Images (PNG, JPEG, TIFF including multi-page TIFF): every frame is a page, OCR'd."""

from __future__ import annotations

import io
from functools import partial
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from pipeline.errors import CorruptDocument
from pipeline.ingest import ocr
from pipeline.ingest.common import first_line
from pipeline.schema import Document, Page


def read(path: Path, data: bytes, fmt: str, workers: int | None = None) -> Document:
    frames = count_frames(path, data)
    results = ocr.recognize_pages([partial(load_frame, str(path), i) for i in range(frames)], workers)
    pages = [
        Page(number=i + 1, text=r.text, source="ocr", ocr_confidence=r.confidence, ocr_rotation=r.rotation)
        for i, r in enumerate(results)
    ]
    return Document(source=str(path), sha256="", format=fmt, pages=pages, warnings=ocr.confidence_warnings(pages))


def count_frames(path: Path, data: bytes) -> int:
    try:
        with Image.open(io.BytesIO(data)) as image:
            return getattr(image, "n_frames", 1)
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError) as e:
        raise CorruptDocument(f"{path}: not a readable image ({first_line(e)})") from None


def load_frame(path: str, index: int) -> Image.Image:
    """Frame `index`, upright per its EXIF orientation (phone photos), decoded in full."""
    try:
        with Image.open(path) as image:
            image.seek(index)
            frame = ImageOps.exif_transpose(image)
            frame.load()
            return frame
    except (Image.DecompressionBombError, OSError, SyntaxError, ValueError, EOFError) as e:
        raise CorruptDocument(f"{path}: image frame {index + 1} cannot be decoded ({first_line(e)})") from None

