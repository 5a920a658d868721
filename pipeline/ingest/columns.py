"""The two-column blocks of an OCR'd page, read left column first, then right.

Vietnamese administrative documents open with two columns: issuing body and number on the left,
motto and place-date on the right. Where the left column is short, Tesseract reads a row across
both ("UBND HUYỆN HỒNG DÂN CỘNG HOÀ XÃ HỘI CHỦ NGHĨA"), which mixes the issuer with the motto. From
Tesseract's word boxes (TSV), the lines at the top of the page that share an empty vertical gutter
in the middle of the page (words on both sides, none across it) are the header block; its words are
re-ordered: the left column's lines, then the right column's. The title and body below span the
gutter and end the block. The same holds at the bottom of the page for the recipients ("Nơi nhận")
beside the signature. Nothing is recognised twice: only the order of Tesseract's words changes.
"""

from __future__ import annotations

from dataclasses import dataclass

GUTTER_ZONE = (0.25, 0.75)  # the gutter lies in this band of the page's width
MIN_GUTTER = 0.02  # share of the page's width the gutter must keep free
MAX_BLOCK_LINES = 12  # a header block is never longer; a longer run is a table
MIN_SHARED_LINES = 2  # printed rows Tesseract read across both columns: what shows the columns
MIN_WORD_CONFIDENCE = 30.0


@dataclass
class Word:
    row: list[str]  # the TSV row's fields
    left: int
    right: int
    top: int

    @property
    def line(self) -> tuple[str, str, str]:
        return tuple(self.row[2:5])


def header_columns_first(tsv: str) -> str:
    """Tesseract's TSV with the two-column blocks' words re-ordered column by column (unchanged without one)."""
    rows = tsv.splitlines()
    if not rows:
        return tsv
    words, others = [], []
    for index, row in enumerate(rows[1:], start=1):
        fields = row.split("\t")
        if len(fields) >= 12 and fields[0] == "5" and _is_word(fields):
            left, width = int(fields[6]), int(fields[8])
            words.append((index, Word(fields, left, left + width, int(fields[7]))))
        else:
            others.append(index)
    page_width = max((w.right for _, w in words), default=0)
    by_line: dict[tuple[str, str, str], list[Word]] = {}
    for _, word in words:
        by_line.setdefault(word.line, []).append(word)
    lines = sorted(by_line.values(), key=lambda line: min(w.top for w in line))
    top = _two_column_band(lines, page_width)
    bottom = _two_column_band(lines[len(top[0]) if top else 0:][::-1], page_width)
    if top is None and bottom is None:
        return tsv
    head = _column_rows(*top, "L", "R") if top else []
    foot = _column_rows(bottom[0][::-1], bottom[1], "l", "r") if bottom else []
    banded = {id(w) for band in (top, bottom) if band for line in band[0] for w in line}
    rest = [rows[i] for i, w in words if id(w) not in banded]
    return "\n".join([rows[0], *head, *rest, *foot])


def _column_rows(lines: list[list[Word]], gutter: int, left_mark: str, right_mark: str) -> list[str]:
    left = [w for line in lines for w in line if w.right <= gutter]
    right = [w for line in lines for w in line if w.left >= gutter]
    return [_relabel(w, left_mark) for w in left] + [_relabel(w, right_mark) for w in right]


def _two_column_band(lines: list[list[Word]], page_width: int) -> tuple[list[list[Word]], int] | None:
    """The run of lines from the first given on that keeps a common gutter, and the gutter's x; None if none.
    Lines come top-down for the header block, bottom-up for the recipients and signature at the end."""
    if page_width <= 0:
        return None
    lo, hi = (round(f * page_width) for f in GUTTER_ZONE)
    free = [True] * (hi - lo)
    taken: list[list[Word]] = []
    best = None
    for line in lines[:MAX_BLOCK_LINES]:
        trial = free[:]
        for w in line:
            for x in range(max(w.left, lo), min(w.right, hi)):
                trial[x - lo] = False
        gutter = _widest_run(trial)
        if gutter is None or gutter[1] - gutter[0] < MIN_GUTTER * page_width:
            break
        free = trial
        taken.append(line)
        middle = lo + (gutter[0] + gutter[1]) // 2
        shared = sum(any(w.right <= middle for w in ln) and any(w.left >= middle for w in ln) for ln in taken)
        if shared >= MIN_SHARED_LINES:
            best = (list(taken), middle)
    return best


def _is_word(fields: list[str]) -> bool:
    """A recognised word, not a seal's or a shadow's speck ("“—..", "®J"): specks stay where Tesseract put them."""
    text = fields[11].strip()
    if text in ("-", "+", "•", "–", "*"):  # a list item's bullet
        return True
    return any(c.isalnum() for c in text) and float(fields[10]) >= MIN_WORD_CONFIDENCE


def _widest_run(free: list[bool]) -> tuple[int, int] | None:
    best, start = None, None
    for x, ok in enumerate([*free, False]):
        if ok and start is None:
            start = x
        elif not ok and start is not None:
            if best is None or x - start > best[1] - best[0]:
                best = (start, x)
            start = None
    return best


def _relabel(word: Word, side: str) -> str:
    """The word's row with its block number marking its column, so that lines of one side stay apart."""
    fields = list(word.row)
    fields[2] = f"{fields[2]}{side}"
    return "\t".join(fields)
