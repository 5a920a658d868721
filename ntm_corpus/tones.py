"""Tone-mark placement as the generator writes it, kept apart from the pipeline's normalizer so the
gold does not inherit its mistakes: in an open syllable with the nucleus oa, oe or uy (not after q)
the old style tones the first vowel ('hòa', 'khỏe', 'Thủy'), the modern style the second ('hoà',
'khoẻ', 'Thuỷ'). Syllables with a final consonant ('hoàng', 'thuyết') are the same in both."""

from __future__ import annotations

import re
import unicodedata

# old-style nucleus → modern nucleus, for each tone and case: 'òa' → 'oà', 'Ủy' → 'Uỷ'
_MODERN = {}
for tone in "\u0300\u0301\u0309\u0303\u0323":
    for first, second in (("o", "a"), ("o", "e"), ("u", "y")):
        for a, b in ((first, second), (first.upper(), second), (first.upper(), second.upper())):
            old = unicodedata.normalize("NFC", a + tone + b)
            _MODERN[old] = unicodedata.normalize("NFC", a + b + tone)

_OLD = re.compile(r"(?<![qQ])(" + "|".join(_MODERN) + r")(?!\w)")


def modern(text: str) -> str:
    """'Ủy ban nhân dân xã Hòa Thủy' → 'Uỷ ban nhân dân xã Hoà Thuỷ'."""
    return _OLD.sub(lambda m: _MODERN[m.group(1)], unicodedata.normalize("NFC", text))
