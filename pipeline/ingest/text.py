"""Plain text and markdown: decoding (UTF-8, UTF-16, Windows-1258) and markdown markers.

Windows-1258 text usually carries tone marks as separate combining characters ("e" + U+0323);
they are kept as read here and recomposed by normalization.
"""

from __future__ import annotations

import re
from pathlib import Path

from pipeline.errors import InputError
from pipeline.ingest import quality
from pipeline.schema import Document, Page

BOMS = (  # longest first: the UTF-32 LE mark begins with the UTF-16 LE one
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


def decode(data: bytes) -> tuple[str, str]:
    """Bytes → (text, encoding name). A BOM decides; else UTF-16 by its zero bytes; else strict
    UTF-8; else Windows-1258 (strict UTF-8 decoding practically never accepts Vietnamese cp1258 bytes:
    their accented letters are lone bytes >= 0x80 that UTF-8 allows only in multi-byte sequences)."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(encoding, errors="replace"), encoding
    encoding = _bomless_utf16(data)
    if encoding:
        return data.decode(encoding, errors="replace"), encoding
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1258", errors="replace"), "cp1258"


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
    text, encoding = decode(data)
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
    if quality.problem(text) == "legacy_encoding":
        warnings.append(f"text read as {encoding} looks like a legacy Vietnamese encoding (TCVN3 or VNI)")
    elif quality.not_vietnamese(text):
        warnings.append(quality.NOT_VIETNAMESE_WARNING)
    return warnings
