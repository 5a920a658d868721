"""Copies of the text that keep its offsets: folded (no accents) and lower-cased (accents kept).

`fold_aligned` folds character by character (lower case, no diacritics, đ→d), so a match at
folded[i:j] is the text at text[i:j]: trigger phrases match even where OCR lost tone marks.
`lower_aligned` keeps the accents, for short cue words folding would confuse ("đã"/"đa",
"từ"/"đầu tư", "gồm"/"thu gom", "còn"/"con", "lớn"/"lợn").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache, lru_cache

from pipeline.normalize.vietnamese import canonical, fold


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    folded = fold(ch)
    if len(folded) == 1:
        return folded
    lowered = ch.lower()
    return lowered if len(lowered) == 1 else ch


class _FoldTable(dict):
    """ord(ch) → its folded character, filled on first sight (str.translate reads it)."""

    def __missing__(self, code: int) -> str:
        self[code] = folded = _fold_char(chr(code))
        return folded


_FOLD = _FoldTable()


@lru_cache(maxsize=16)
def fold_aligned(text: str) -> str:
    """fold() of each character: same length as `text`, offsets shared."""
    return text.translate(_FOLD)


@lru_cache(maxsize=16)
def lower_aligned(text: str) -> str:
    """Lower case with accents, same length as `text`."""
    lowered = text.lower()
    if len(lowered) == len(text):  # lower() only lengthens a character: same length, same offsets
        return lowered
    return "".join(low if len(low := ch.lower()) == 1 else ch for ch in text)


def words_pattern(phrase: str, accents: bool = False) -> str:
    """A phrase as a regex on the folded (or, with accents, lower-cased) text: words separated by
    any spacing, bounded by non-letters."""
    words = [re.escape(w) for w in (lower_aligned(phrase) if accents else fold_aligned(phrase)).split()]
    return r"(?<![^\W_])" + r"\s+".join(words) + r"(?![^\W_])"


def alternation(phrases: list[str], accents: bool = False) -> str:
    """Any of the phrases, longest first, so 'chưa được' wins over 'chưa'."""
    ordered = sorted(phrases, key=len, reverse=True)
    return "(?:" + "|".join(words_pattern(p, accents) for p in ordered) + ")"


# ── cue phrases in lower_aligned text (accents kept) ──

WORD_EDGE_BEFORE = r"(?<![^\W_])"
WORD_EDGE_AFTER = r"(?![^\W_])"


def phrase_alternation(phrases: Iterable[str]) -> str:
    """A regex matching any of `phrases` in `lower_aligned` text (accents kept, in ntm's tone placement),
    longest first, any run of spaces between words; no word edges, no group."""
    keys = sorted({lower_aligned(canonical(p.strip())) for p in phrases if p.strip()}, key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(w) for w in k.split()) for k in keys)


@cache
def word_pattern(phrases: tuple[str, ...]) -> str:
    """`alternation` bounded by word edges, as a group."""
    return rf"{WORD_EDGE_BEFORE}(?:{phrase_alternation(phrases)}){WORD_EDGE_AFTER}"


@cache
def _compiled(pattern: str) -> re.Pattern:
    return re.compile(pattern)


def ending_at(phrases: tuple[str, ...], text_folded: str, end: int, between: str = r"[\s:]*") -> re.Match | None:
    """The longest of `phrases` that ends at `end`, give or take `between`; group 1 is the phrase."""
    pattern = _compiled(rf"({word_pattern(phrases)}){between}$")
    return pattern.search(text_folded, max(0, end - 80), end)


def starting_at(phrases: tuple[str, ...], text_folded: str, start: int, between: str = r"\s*") -> re.Match | None:
    """The longest of `phrases` that starts at `start`, give or take `between`; group 1 is the phrase."""
    return _compiled(rf"{between}({word_pattern(phrases)})").match(text_folded, start)
