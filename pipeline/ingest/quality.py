"""Is a piece of extracted text usable Vietnamese, or garbage that calls for OCR?

A PDF text layer can be missing (a scan), broken (glyphs without a Unicode map come out as
replacement or control characters) or in a legacy 8-bit Vietnamese encoding: TCVN3 (.VnTime
fonts) reads "Céng hoµ x· héi", VNI reads "Coäng hoøa xaõ hoäi". Those legacy encodings put
Latin-1 letters and symbols that Vietnamese does not use where the accented letters should be.
"""

from __future__ import annotations

import unicodedata

MIN_CHARS = 20  # fewer visible characters than this is an empty layer
MAX_BAD_SHARE = 0.05  # replacement, control and private-use characters
MAX_LEGACY_SHARE = 0.03  # Latin-1 characters Vietnamese does not use
MIN_MARKED_SHARE = 0.02  # letters with a Vietnamese diacritic, once there are enough letters
MIN_LETTERS_FOR_MARKS = 200

_BASES = "aăâeêioôơuưy"
_TONES = "\u0300\u0301\u0303\u0309\u0323"
VIETNAMESE_MARKED = frozenset(
    {unicodedata.normalize("NFC", b + t) for b in _BASES for t in ("", *_TONES)} - set("aeiouy")
    | {"đ"}
)
VIETNAMESE_MARKED = VIETNAMESE_MARKED | {c.upper() for c in VIETNAMESE_MARKED}
# Letters no Latin-1 language writes (ă ơ ư đ ạ ả ế ệ ...): French or Spanish text has almost none.
VIETNAMESE_ONLY = frozenset(c for c in VIETNAMESE_MARKED if not "\u00c0" <= c <= "\u00ff")
MIN_VIETNAMESE_ONLY_SHARE = 0.01  # Vietnamese prose has 10-20% of its letters among them
_COMBINING_MARKS = frozenset(_TONES + "\u0302\u0306\u031b")  # decomposed text (e.g. Windows-1258)


def problem(text: str) -> str | None:
    """Why `text` is not usable Vietnamese text ("empty", "garbled", "legacy_encoding",
    "not_vietnamese"), or None when it is."""
    visible = [c for c in text if not c.isspace()]
    if len(visible) < MIN_CHARS:
        return "empty"
    if share(visible, _is_bad) > MAX_BAD_SHARE:
        return "garbled"
    if share(visible, is_legacy_char) > MAX_LEGACY_SHARE:
        return "legacy_encoding"
    letters = [c for c in visible if c.isalpha() or c in _COMBINING_MARKS]
    if len(letters) >= MIN_LETTERS_FOR_MARKS and share(letters, _is_marked) < MIN_MARKED_SHARE:
        return "not_vietnamese"
    return None


def not_vietnamese(text: str) -> bool:
    """Enough letters to judge, and almost none of them Vietnamese-only: another language (English,
    French) or Vietnamese typed without diacritics. Either way little will be extracted."""
    letters = [c for c in unicodedata.normalize("NFC", text) if c.isalpha()]
    return len(letters) >= MIN_LETTERS_FOR_MARKS and share(letters, VIETNAMESE_ONLY.__contains__) < MIN_VIETNAMESE_ONLY_SHARE


NOT_VIETNAMESE_WARNING = ("the text does not look Vietnamese (almost no letters such as ă, ơ, ư, đ, ạ, ế): "
                          "another language, or typed without diacritics; little will be extracted")


def share(chars: list[str], predicate) -> float:
    return sum(1 for c in chars if predicate(c)) / len(chars) if chars else 0.0


def _is_bad(c: str) -> bool:
    return c in "\ufffd\ufffe\uffff" or unicodedata.category(c) in ("Cc", "Co", "Cs", "Cn")


def is_legacy_char(c: str) -> bool:
    """A Latin-1 supplement character (U+00A1-U+00FF) that is not a Vietnamese letter."""
    return "\u00a1" <= c <= "\u00ff" and c not in VIETNAMESE_MARKED and c not in "°×÷«»±§"


def _is_marked(c: str) -> bool:
    return c in VIETNAMESE_MARKED or c in _COMBINING_MARKS
