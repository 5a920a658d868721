"""Matching cue words in a lower-case copy of the text that keeps every offset.

Cue words ('trên', 'xuống dưới', 'tỷ lệ', units) are matched with their diacritics: folded away,
too many words collide ('từ' / 'đầu tư', 'gồm' / 'thu gom', 'còn' / 'con', 'lớn' / 'lợn').
Phrases are compared in ntm's tone placement (`canonical`), like the normalized text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from pipeline.normalize.vietnamese import canonical

WORD_EDGE_BEFORE = r"(?<![^\W_])"
WORD_EDGE_AFTER = r"(?![^\W_])"


def lowered(text: str) -> str:
    """'Tỷ Lệ HỘ' → 'tỷ lệ hộ', one character for each character of `text`."""
    return "".join(_lower_char(c) for c in text)


@cache
def _lower_char(c: str) -> str:
    low = c.lower()
    return low if len(low) == 1 else c


def alternation(phrases: Iterable[str]) -> str:
    """A regex matching any of `phrases` (lower case, longest first, any run of spaces between words)."""
    keys = sorted({lowered(canonical(p.strip())) for p in phrases if p.strip()}, key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(w) for w in k.split()) for k in keys)


@cache
def word_pattern(phrases: tuple[str, ...]) -> str:
    """`alternation` bounded by word edges, as a group."""
    return rf"{WORD_EDGE_BEFORE}(?:{alternation(phrases)}){WORD_EDGE_AFTER}"


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
