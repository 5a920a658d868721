"""Vietnamese letters: composed forms, one tone-mark placement, and accent folding.

ntm writes the modern ("new style") placement everywhere: in an open syllable with the
nucleus oa, oe or uy the tone sits on the second vowel — "hoà", "khoẻ", "thuỷ", "Uỷ ban" —
not the first ("hòa", "khỏe", "thủy"). Syllables with a final consonant ("hoàng", "thuyết")
are the same in both styles and are left alone, and so are "qu" ("quý", "quỳnh") and the
nuclei ua, ưa, ia ("của", "mùa", "giữa"), whose tone stays on the first vowel in both styles.
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np

TONES = "\u0300\u0301\u0309\u0303\u0323"  # huyền, sắc, hỏi, ngã, nặng


def _combining_marks() -> np.ndarray:
    """IS_MARK[code]: the BMP character `code` is a combining mark (canonical combining class > 0)."""
    return np.array([unicodedata.combining(chr(code)) > 0 for code in range(0x10000)], dtype=bool)


def _character_class(flags: np.ndarray) -> str:
    """A regex character class of the codes whose flag is set."""
    codes = np.flatnonzero(flags)
    breaks = np.flatnonzero(np.diff(codes) != 1)
    firsts, lasts = codes[np.r_[0, breaks + 1]], codes[np.r_[breaks, len(codes) - 1]]
    return "[" + "".join(f"\\u{a:04x}-\\u{b:04x}" for a, b in zip(firsts, lasts, strict=True)) + "]"


IS_MARK = _combining_marks()
# A character with the combining marks that follow it: the unit NFC composes and reorders.
# Windows-1258 text and some PDFs write "hoà" as "hoa" + U+0300.
COMBINING_SEQUENCE = re.compile(r"." + _character_class(IS_MARK) + "+", re.S)

# The nucleus of an old-style syllable: oa/oe/uy toned on its first vowel, not after q, no final.
OLD_STYLE = re.compile(r"(?<![qQ])([òóỏõọÒÓỎÕỌ][aeAE]|[ùúủũụÙÚỦŨỤ][yY])(?![^\W\d_])")


def compose(match: re.Match[str]) -> str:
    """NFC of one combining sequence (a `COMBINING_SEQUENCE` match)."""
    return unicodedata.normalize("NFC", match.group(0))


def move_tone(match: re.Match[str]) -> str:
    """The modern form of one `OLD_STYLE` nucleus: the tone moves from o/u to the next vowel."""
    toned, vowel = match.group(1)
    base, tone = unicodedata.normalize("NFD", toned)
    return base + unicodedata.normalize("NFC", vowel + tone)


def modern_tones(text: str) -> str:
    """'hòa' → 'hoà', 'thủy' → 'thuỷ', 'Ủy' → 'Uỷ'; the rest unchanged."""
    return OLD_STYLE.sub(move_tone, text)


def fold(text: str) -> str:
    """Lower case without diacritics, for accent-insensitive comparison: 'Thủy lợi' → 'thuy loi'."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def canonical(text: str) -> str:
    """NFC with modern tone placement: the form every lexicon entry is compared in."""
    return modern_tones(unicodedata.normalize("NFC", text))
