"""Vietnamese letters: one tone-mark placement, and accent folding for fuzzy comparison.

ntm writes the modern ("new style") placement everywhere: in an open syllable with the
nucleus oa, oe or uy the tone sits on the second vowel — "hoà", "khoẻ", "thuỷ", "Uỷ ban" —
not the first ("hòa", "khỏe", "thủy"). Syllables with a final consonant ("hoàng", "thuyết")
are the same in both styles and are left alone, and so is "qu" ("quý", "quỳnh").
"""

from __future__ import annotations

import re
import unicodedata

TONES = "\u0300\u0301\u0309\u0303\u0323"  # huyền, sắc, hỏi, ngã, nặng

# An old-style syllable: optional onset (not ending in q), a toned o/u, then plain a/e/y, then no letter.
OLD_STYLE = re.compile(
    r"(?<![^\W\d_])([^\W\d_]*?)(?<![qQ])([òóỏõọÒÓỎÕỌùúủũụÙÚỦŨỤ])([aeyAEY])(?![^\W\d_])"
)


def _move_tone(m: re.Match[str]) -> str:
    onset, toned, vowel = m.group(1), m.group(2), m.group(3)
    base, tone = unicodedata.normalize("NFD", toned)[0], unicodedata.normalize("NFD", toned)[1]
    if (base.lower(), vowel.lower()) not in {("o", "a"), ("o", "e"), ("u", "y")}:
        return m.group(0)
    return onset + base + unicodedata.normalize("NFC", vowel + tone)


def modern_tones(text: str) -> str:
    """'hòa' → 'hoà', 'thủy' → 'thuỷ', 'Ủy' → 'Uỷ'; the rest unchanged."""
    return OLD_STYLE.sub(_move_tone, text)


def fold(text: str) -> str:
    """Lower case without diacritics, for accent-insensitive comparison: 'Thủy lợi' → 'thuy loi'."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def canonical(text: str) -> str:
    """NFC with modern tone placement: the form every lexicon entry is compared in."""
    return modern_tones(unicodedata.normalize("NFC", text))
