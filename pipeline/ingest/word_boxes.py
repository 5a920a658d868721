"""The boxes of the words Tesseract read, kept with the page (so `ntm serve` never runs it twice).

`image_to_data` gives every word's box along with its text; the page's text is made of the same
words in the same order (`ocr.text_from_tsv`), so each word is found in the text from where the
previous one ended. Boxes are fractions of the image Tesseract saw: upscaling keeps them, and a
page OCR'd turned is turned back here, so they fit the page image as the source shows it.
"""

from __future__ import annotations

from pipeline.schema import PageWord


def located_words(tsv: str, text: str, size: tuple[int, int], rotation: int = 0) -> list[PageWord]:
    """The TSV's words (level 5, in its order) with their offsets in `text` and their boxes."""
    width, height = max(size[0], 1), max(size[1], 1)
    words, cursor = [], 0
    for row in tsv.splitlines()[1:]:
        fields = row.split("\t")
        if len(fields) < 12 or fields[0] != "5" or not fields[11].strip():
            continue
        word = fields[11].strip()
        start = text.find(word, cursor)
        if start < 0:  # never expected: the text is these words joined
            continue
        cursor = start + len(word)
        left, top, w, h = (int(v) for v in fields[6:10])
        box = _upright((left / width, top / height, (left + w) / width, (top + h) / height), rotation)
        words.append(PageWord(start=start, end=cursor, box=tuple(round(v, 4) for v in box)))
    return words


def _upright(box: tuple[float, float, float, float], rotation: int) -> tuple[float, float, float, float]:
    """A box on the image turned `rotation` degrees clockwise, as a box on the page as it was given."""
    def back(u: float, v: float) -> tuple[float, float]:
        return {90: (v, 1 - u), 180: (1 - u, 1 - v), 270: (1 - v, u)}.get(rotation % 360, (u, v))

    (x1, y1), (x2, y2) = back(box[0], box[1]), back(box[2], box[3])
    return min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2)
