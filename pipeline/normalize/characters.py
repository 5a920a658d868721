"""Character-level cleanup: invisible characters, line ends, composed letters, tone marks, spaces.

Every run of white space inside a line becomes one space, or one tab when it has a tab: tabs
separate the cells of table rows. Everything else is kept verbatim: quotes, dashes, digits and
case are never changed.
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np

from pipeline.normalize.mapped import MappedText
from pipeline.normalize.vietnamese import COMBINING_SEQUENCE, IS_MARK, OLD_STYLE, compose, move_tone

# Zero-width characters, soft hyphens, direction marks, BOMs and C0/C1 controls: never visible text.
INVISIBLE = re.compile(
    "[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]+"
)
# Every way of ending a line (CR LF, CR, vertical tab = Word's manual break, form feed, U+2028...).
LINE_BREAK = re.compile("\r\n|[\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
# A tab after a list marker at the start of a line ("a)<tab>", "-<tab>", "1.<tab>") is only spacing,
# unless more tabs follow on the line: then it is a table row and "1." its first cell.
MARKER_TAB = re.compile(r"(?m)^([^\S\n]*(?:[-+•–—*·]|\S{0,5}[.):]))[^\S\n]*\t[^\S\n]*(?![^\n]*\t)")
# A run of several spaces, or any single space other than U+0020 and tab (NBSP, thin space, U+3000...).
ODD_SPACE = re.compile(r"[^\S\n]{2,}|[^\S\n \t]")


def clean_characters(mapped: MappedText) -> MappedText:
    mapped = mapped.sub(INVISIBLE, "")
    mapped = mapped.sub(LINE_BREAK, "\n")
    mapped = compose_all(mapped)
    mapped = mapped.sub(OLD_STYLE, move_tone)
    mapped = mapped.sub(MARKER_TAB, r"\1 ")
    return mapped.sub(ODD_SPACE, one_space)


def one_space(match: re.Match[str]) -> str:
    """A tab separates table cells (Word and markdown tables are read one row per line): it stays, and
    so does each tab of a run, since two tabs in a row hold an empty cell (a column of marks)."""
    return "\t" * match.group(0).count("\t") or " "


def compose_all(mapped: MappedText) -> MappedText:
    """NFC of every combining sequence, each composed letter mapped to its base letter.

    Decomposed documents (Windows-1258, "Unicode tổ hợp" typing) have thousands of sequences:
    when each composes to one character the whole text is composed at once.
    """
    text = mapped.text
    if unicodedata.is_normalized("NFC", text):
        return mapped
    composed = unicodedata.normalize("NFC", text)
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    is_mark = IS_MARK[np.minimum(codes, 0xFFFF)] & (codes <= 0xFFFF)
    starts = np.flatnonzero(~is_mark)
    if len(starts) == len(composed) and not is_mark[0]:
        lone = np.flatnonzero(np.diff(starts, append=len(codes)) == 1)  # characters no mark follows
        new_codes = np.frombuffer(composed.encode("utf-32-le"), dtype=np.uint32)
        if np.array_equal(new_codes[lone], codes[starts[lone]]):  # NFC changed nothing outside sequences
            return mapped.remap(composed, starts)
    return mapped.sub(COMBINING_SEQUENCE, compose)  # sequences that do not compose to one letter
