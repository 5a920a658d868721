"""Copies of the text that keep its offsets: folded (no accents) and lower-cased (accents kept).

`fold_aligned` folds character by character (lower case, no diacritics, đ→d), so a match at
folded[i:j] is the text at text[i:j]: trigger phrases match even where OCR lost tone marks.
`lower_aligned` keeps the accents, for short cue words folding would confuse ("đã"/"đa").
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.normalize.vietnamese import fold


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    folded = fold(ch)
    if len(folded) == 1:
        return folded
    lowered = ch.lower()
    return lowered if len(lowered) == 1 else ch


@lru_cache(maxsize=16)
def fold_aligned(text: str) -> str:
    """fold() of each character: same length as `text`, offsets shared."""
    return "".join(_fold_char(ch) for ch in text)


@lru_cache(maxsize=16)
def lower_aligned(text: str) -> str:
    """Lower case with accents, same length as `text`."""
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
