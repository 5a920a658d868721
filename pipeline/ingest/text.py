"""Plain text and markdown: decoding and markdown markers.

Decoding, in order: a BOM; UTF-32 or UTF-16 without a BOM (by where their zero bytes fall);
strict UTF-8; then, for 8-bit text, legacy Vietnamese (TCVN3/ABC or VNI, read byte for byte and
converted by normalization), Windows-1258 when it reads as Vietnamese, and else the encoding
charset-normalizer finds. Windows-1258 text usually carries tone marks as separate combining
characters ("e" + U+0323); they are kept as read here and recomposed by normalization.

What is not text is refused rather than read as garbage: NUL bytes in 8-bit text, or more than
MAX_CONTROL_SHARE control or undecodable characters (random bytes, a binary renamed .txt).
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from pipeline.errors import CorruptDocument, InputError
from pipeline.ingest import quality
from pipeline.ingest.common import check_chars
from pipeline.schema import Document, Page

MAX_CONTROL_SHARE = 0.01  # text has tabs and line breaks, hardly ever other controls
LEGACY_SAMPLE = 20_000  # characters legacy detection looks at
MAX_FOREIGN_SHARE = 0.02  # letters outside the Vietnamese alphabet in text read as Windows-1258

BOMS = (  # longest first: the UTF-32 LE mark begins with the UTF-16 LE one
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


def decode(data: bytes) -> tuple[str, str]:
    """Bytes → (text, encoding name). See the module's docstring for the order. Raises ValueError
    when the bytes are not text (the caller names the file)."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(encoding, errors="replace"), encoding
    encoding = _bomless_utf32(data) or _bomless_utf16(data)
    if encoding:
        return data.decode(encoding, errors="replace"), encoding
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if b"\x00" in data:
        raise ValueError("binary data (NUL bytes), not text")
    return _eight_bit(data)


def _eight_bit(data: bytes) -> tuple[str, str]:
    """8-bit text: legacy Vietnamese, Windows-1258, or what charset-normalizer finds.
    (Strict UTF-8 decoding practically never accepts 8-bit Vietnamese: its accented letters are
    lone bytes >= 0x80 that UTF-8 allows only in multi-byte sequences.)"""
    from pipeline.normalize import legacy

    as_bytes = data.decode("latin-1")  # the legacy tables map byte values, read as Latin-1
    found = legacy.detect(as_bytes[:LEGACY_SAMPLE])
    if found:
        return as_bytes, found
    cp1258 = data.decode("cp1258", errors="replace")
    if _plausibly_vietnamese(cp1258) and _control_share(cp1258) <= MAX_CONTROL_SHARE:
        return cp1258, "cp1258"
    import charset_normalizer

    best = charset_normalizer.from_bytes(data[: 1 << 20]).best()
    if best is None:
        return cp1258, "cp1258"
    return data.decode(best.encoding, errors="replace"), best.encoding


def _plausibly_vietnamese(text: str) -> bool:
    """Vietnamese letters, and almost only them: another script's bytes read as Windows-1258 also
    give Vietnamese-looking letters (its combining tone marks land on anything), but among î, ñ, å."""
    sample = unicodedata.normalize("NFC", text[:LEGACY_SAMPLE])
    letters = [c for c in sample if c.isalpha()]
    foreign = sum(1 for c in letters if not c.isascii() and c not in quality.VIETNAMESE_MARKED)
    return not quality.not_vietnamese(sample) and foreign <= MAX_FOREIGN_SHARE * len(letters)


def _control_share(text: str) -> float:
    sample = text[:LEGACY_SAMPLE]
    bad = sum(1 for c in sample if (c == "\ufffd" or unicodedata.category(c) == "Cc") and c not in "\t\n\r\f\v")
    return bad / max(1, len(sample))


def _bomless_utf32(data: bytes) -> str | None:
    """UTF-32 without a BOM: every code point below U+10000 has two zero bytes in each four."""
    sample = data[: 4000 - 4000 % 4]
    if len(sample) < 8 or len(data) % 4 or sample.count(0) < len(sample) // 2:
        return None
    for encoding, high in (("utf-32-le", sample[2::4] + sample[3::4]), ("utf-32-be", sample[0::4] + sample[1::4])):
        if high.count(0) == len(high) and any(sample):
            try:
                data.decode(encoding)
            except UnicodeDecodeError:
                continue
            return encoding
    return None


def _bomless_utf16(data: bytes) -> str | None:
    """Text in UTF-16 without a BOM has a zero byte in every other place (for Latin-script text)."""
    sample = data[:4000]
    if len(sample) < 4 or sample.count(0) < len(sample) // 4:
        return None
    even_zeros, odd_zeros = sample[0::2].count(0), sample[1::2].count(0)
    if odd_zeros > 3 * even_zeros:
        return "utf-16-le"
    if even_zeros > 3 * odd_zeros:
        return "utf-16-be"
    return None


# ── markdown ──────────────────────────────────────────────────────────────────

_ESCAPABLE = r"\\`*_{}\[\]()#+\-.!|>~"
_ESCAPE = re.compile(r"\\([" + _ESCAPABLE + "])")
_PLACEHOLDER = 0xE000  # escaped characters wait in the private-use area while markers are removed
_TABLE_SEPARATOR = re.compile(r"(?m)^ *\|?(?: *:?-+:? *\|)+ *:?-*:? *$")  # |---|:---:|
_TABLE_ROW = re.compile(r"(?m)^ *\|(.*[^|\s].*)\| *$")

_MARKERS = [  # (pattern, replacement), applied in order
    (re.compile(r"<br\s*/?>", re.I), "\n"),  # converters write hard breaks as HTML
    (re.compile(r"(?m)^ {0,3}(?:[-*_] *){3,}$"), ""),  # thematic break: ---, ***, - - -
    (re.compile(r"(?m)^ {0,3}(?:={2,}|-{2,}) *$"), ""),  # setext heading underline
    (re.compile(r"(?m)^ {0,3}#{1,6}(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$"), r"\1"),  # ATX heading
    (re.compile(r"(?m)^ {0,3}> ?"), ""),  # block quote
    (re.compile(r"(?m)^( *)[*+] +"), r"\1- "),  # bullets: Vietnamese documents write them as dashes
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), ""),  # image
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # link → its text
    (re.compile(r"(\*{1,3})(?=\S)(.+?)(?<=\S)\1"), r"\2"),  # *emphasis*, **bold**, ***both***
    (re.compile(r"(?<!\w)(_{1,3})(?=\S)(.+?)(?<=\S)\1(?!\w)"), r"\2"),  # _emphasis_, __bold__
    (re.compile(r"\*\*"), ""),  # a bold marker left unpaired by a line break
    (re.compile(r"(?m)\\$"), ""),  # backslash hard line break
    (re.compile(r"(?m)[ \t]{2,}$"), ""),  # two-space hard line break
]


def strip_markdown(text: str) -> str:
    """Remove markdown markers, keeping the words, line breaks and list dashes."""
    text = _ESCAPE.sub(lambda m: chr(_PLACEHOLDER + ord(m.group(1))), text)
    text = _TABLE_SEPARATOR.sub("", text)
    text = _TABLE_ROW.sub(lambda m: "\t".join(cell.strip() for cell in m.group(1).split("|")), text)
    for pattern, replacement in _MARKERS:
        text = pattern.sub(replacement, text)
    return re.sub("[\ue000-\ue07f]", lambda m: chr(ord(m.group(0)) - _PLACEHOLDER), text)


# ── reader ────────────────────────────────────────────────────────────────────


def read(path: Path, data: bytes) -> Document:
    check_chars(path, len(data) // 4)  # no encoding spends more than 4 bytes on a character
    try:
        text, encoding = decode(data)
    except ValueError as e:
        raise CorruptDocument(f"{path}: {e}") from None
    check_chars(path, len(text))
    control = _control_share(text)
    if control > MAX_CONTROL_SHARE:
        raise CorruptDocument(f"{path}: not text ({control:.0%} control or undecodable characters "
                              f"read as {encoding}): binary data or an unknown encoding")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    fmt = path.suffix.lower().lstrip(".")
    if fmt == "md":
        text = strip_markdown(text)
    if not text.strip():
        raise InputError(f"{path}: contains no text")
    return Document(
        source=str(path), sha256="", format=fmt, encoding=encoding,
        pages=[Page(number=1, text=text, source="plain")], warnings=_warnings(text, encoding),
    )


def _warnings(text: str, encoding: str) -> list[str]:
    warnings = []
    if "\ufffd" in text:
        warnings.append(f"undecodable bytes replaced ({text.count(chr(0xFFFD))}) while reading as {encoding}")
    if encoding in ("tcvn3", "vni"):
        warnings.append(f"legacy Vietnamese encoding ({encoding.upper()}): converted to Unicode")
    elif quality.problem(text) == "legacy_encoding":
        warnings.append(f"text read as {encoding} looks like a legacy Vietnamese encoding (TCVN3 or VNI)")
    elif quality.not_vietnamese(text):
        warnings.append(quality.NOT_VIETNAMESE_WARNING)
    return warnings
