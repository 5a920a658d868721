"""The signer's name line read again as a region of its own.

On a page's last lines Tesseract's layout analysis often goes wrong where it matters most: the
signer's name, printed bold under the title at the foot of the signature column, is split into two
lines at a capital with stacked marks ("N" / "guyễn Quang Hải") or loses its tone marks
("Lê Thi Loan"), on 200-dpi copies with or without a seal over it. Cut out alone and read as one text
line (`--psm 7`), the same pixels read right (8 of 8 such misses on generated 200-dpi scans).

Only a page whose lowest line in the right half is short and stands under a capitalised line (a
title: "CHỦ TỊCH", "PHÓ BÍ THƯ") is re-read, so body pages cost a parse of the word boxes (~1 ms);
a signature page costs one Tesseract call on a strip (~0.1-0.2 s). The new reading replaces the old
one when Tesseract is more confident of it, when it has the same letters with other marks read about
as surely, or when the first pass split the name's one printed line into pieces (each piece may be
read confidently, and wrongly). A title at the foot is never re-read as the name.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from statistics import median

from PIL import Image

RIGHT_HALF = 0.45  # the signature column's words start right of this share of the page's width
MAX_NAME_WORDS = 7  # a name line ("Nguyễn Thị Thanh Hương"), perhaps split in two by Tesseract
NAME_SPREAD = 1.2  # body line heights over which the pieces of the name line may end (printed lines: ~2.4 apart)
TITLE_REACH = 6.0  # line heights above the name within which the title ends ("(Đã ký)" may stand between)
MIN_TITLE_LETTERS = 4
PAD = 0.6  # line heights of paper kept around the name line
MARKS_MARGIN = 5.0  # confidence by which a strip word that differs only in marks may fall short of the first pass's
MIN_CONFIDENCE = 30.0  # a seal's speck read as a word ("lở" at 18) is no line of the block


@dataclass
class _Word:
    index: int  # row number in the TSV
    fields: list[str]
    left: int
    top: int
    width: int
    height: int
    conf: float

    @property
    def text(self) -> str:
        return self.fields[11].strip()

    @property
    def bottom(self) -> int:
        return self.top + self.height

    @property
    def line(self) -> tuple[str, ...]:
        return tuple(self.fields[2:5])


def reread_name_line(image: Image.Image, tsv: str, read: Callable[[Image.Image], str],
                     source: Image.Image | None = None) -> str:
    """`tsv` with the signer's name line replaced by `read(strip)` (a TSV of the strip) when that
    reading is more confident; unchanged when the page has no signature block at its foot.
    `source`: the same page at a larger scale (before ocr.sized_for_tesseract reduced it): the strip is
    cut from it, as a name's marks read better large ("Nguyên"/"Nguyễn"), and its boxes scaled back."""
    rows = tsv.splitlines()
    words = _words(rows)
    found = _name_line(words, image.width)
    if found is None:
        return tsv
    name, height = found
    pad = round(PAD * height)
    box = (max(0, min(w.left for w in name) - 2 * pad), max(0, min(w.top for w in name) - pad),
           min(image.width, max(w.left + w.width for w in name) + 2 * pad),
           min(image.height, max(w.bottom for w in name) + pad))
    k = source.width / image.width if source is not None else 1.0
    strip = read((source or image).crop(tuple(round(k * v) for v in box)))
    new = [_scaled(w, 1 / k) for w in _words(strip.splitlines()) if w.text]
    split = len({w.line for w in name}) > 1  # one printed line read as two: wrong whatever its confidence
    # the same letters with other marks, read about as surely: the line read alone keeps its marks better
    # ("Hãng"/"Hằng" at 95/94, "Thi"/"Thị" at 96/95 on stamped 200-dpi scans); a much less sure strip
    # word is no better ("Bá"/"Ba" at 96/76)
    marks_only = _bare(new) == _bare(name) and [w.text for w in new] != [w.text for w in name] and all(
        n.conf >= o.conf - MARKS_MARGIN for o, n in zip(name, new, strict=True) if o.text != n.text)
    if not new or not (split or marks_only or _confidence(new) > _confidence(name)):
        return tsv
    block, par, line = name[0].fields[2:5]
    replacement = []
    for k, w in enumerate(new, start=1):
        fields = list(w.fields)
        fields[1:6] = [name[0].fields[1], block, par, line, str(k)]
        fields[6:10] = [str(w.left + box[0]), str(w.top + box[1]), str(w.width), str(w.height)]
        replacement.append("\t".join(fields))
    dropped = {w.index for w in name}
    first = min(dropped)
    out = []
    for i, row in enumerate(rows):
        if i == first:
            out += replacement
        if i not in dropped:
            out.append(row)
    return "\n".join(out)


def _scaled(word: _Word, k: float) -> _Word:
    """`word` with its box in pixels `k` times as large (the strip's boxes, cut from the larger source)."""
    if k == 1.0:
        return word
    return _Word(word.index, word.fields, round(k * word.left), round(k * word.top), max(1, round(k * word.width)),
                 max(1, round(k * word.height)), word.conf)


def _words(rows: list[str]) -> list[_Word]:
    words = []
    for i, row in enumerate(rows[1:], start=1):
        f = row.split("\t")
        if len(f) >= 12 and f[0] == "5" and f[11].strip():
            words.append(_Word(i, f, int(f[6]), int(f[7]), int(f[8]), int(f[9]), float(f[10])))
    return words


def _name_line(words: list[_Word], page_width: int) -> tuple[list[_Word], float] | None:
    """The words of the lowest line of the page's right half, with the body's line height, when that
    line is short and a capitalised line (a title) stands a few lines above it."""
    right = [w for w in words if w.left >= RIGHT_HALF * page_width and any(c.isalnum() for c in w.text)
             and w.conf >= MIN_CONFIDENCE]
    if len(right) < 3:
        return None
    height = median(w.height for w in words)
    lines: dict[tuple[str, ...], list[_Word]] = {}
    for w in right:
        lines.setdefault(w.line, []).append(w)
    bottoms = {key: max(w.bottom for w in ln) for key, ln in lines.items()}
    base = max(bottoms.values())
    # Tesseract's pieces of one printed line ("N" / "guyễn Quang Hải") end within a line height of each other;
    # a title is never one of them: cut into the strip, it would be read instead of the name
    near = [ln for key, ln in lines.items() if base - bottoms[key] <= NAME_SPREAD * height]
    if any(_capitalised(ln) for ln in near):
        return None  # a title at the foot (the name unread, or too close to it to cut apart)
    name = [w for ln in near for w in ln]
    above = [ln for key, ln in lines.items() if NAME_SPREAD * height < base - bottoms[key] <= TITLE_REACH * height]
    if len(name) > MAX_NAME_WORDS or not any(_capitalised(ln) for ln in above):
        return None
    return sorted(name, key=lambda w: w.index), height


def _capitalised(line: list[_Word]) -> bool:
    letters = [c for w in line for c in w.text if c.isalpha()]
    return len(letters) >= MIN_TITLE_LETTERS and all(c.isupper() for c in letters)


def _bare(words: list[_Word]) -> list[str]:
    """The words' letters without their marks ("Hằng" → "hang")."""
    decomposed = (unicodedata.normalize("NFD", w.text.lower().replace("đ", "d")) for w in words)
    return ["".join(c for c in text if not unicodedata.combining(c)) for text in decomposed]


def _confidence(words: list[_Word]) -> float:
    """Mean confidence, counting a word per letter so that a split-off speck does not weigh as a word."""
    weights = [max(1, sum(c.isalnum() for c in w.text)) for w in words]
    return sum(w.conf * k for w, k in zip(words, weights, strict=True)) / sum(weights)
