"""Encodings: no silent garbage. Random bytes, NUL-only text and binary renamed .txt are refused;
UTF-16 and UTF-32 without a BOM are detected; TCVN3 and VNI text files are converted; Windows-1258
still reads; an unknown 8-bit encoding is read by charset-normalizer rather than as mojibake."""

from __future__ import annotations

import random
import unicodedata

import pytest

from pipeline import ingest, normalize
from pipeline.errors import InputError
from pipeline.ingest.text import decode
from pipeline.normalize import legacy
from tests.reliability.common import GOOD, assert_refused_alone, good, run

pytestmark = pytest.mark.timeout(120)
TEXT = GOOD * 3


def _text_of(path) -> str:
    return normalize(ingest(path)).text


@pytest.mark.parametrize(("name", "data"), [
    ("ngau_nhien.txt", random.Random(7).randbytes(20_000).replace(b"\x00", b"\x01")),  # no NUL: 8-bit
    ("ngau_nhien_nul.txt", random.Random(8).randbytes(20_000)),
    ("nul.txt", b"\x00" * 10_000),
    ("anh.md", b"\x89PNG\r\n\x1a\n" + random.Random(9).randbytes(5000)),
])
def test_bytes_that_are_not_text_are_refused_in_one_line(tmp_path, name, data):
    bad = tmp_path / "in" / name
    good(bad.parent)
    bad.write_bytes(data)
    result = run([bad.parent], tmp_path / "out")
    error = assert_refused_alone(result, bad, "not text", "corrupt")
    assert "targets" not in error["message"]


@pytest.mark.parametrize("encoding", ["utf-32-le", "utf-32-be", "utf-16-le", "utf-16-be"])
def test_unicode_without_a_bom_is_detected(tmp_path, encoding):
    path = tmp_path / "khong_bom.txt"
    path.write_bytes(TEXT.encode(encoding))
    doc = ingest(path)
    assert doc.encoding == encoding and "Quyết định số 318/QĐ-TTg" in doc.pages[0].text


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_legacy_vietnamese_text_files_are_converted(tmp_path, encoding):
    path = tmp_path / f"{encoding}.txt"
    path.write_bytes(legacy.to_legacy(TEXT, encoding).encode("latin-1"))
    doc = ingest(path)
    assert doc.encoding == encoding and any("converted to Unicode" in w for w in doc.warnings)
    assert "Căn cứ Quyết định số 318/QĐ-TTg ngày 08/3/2022 của Thủ tướng Chính phủ" in _text_of(path)


def test_windows_1258_still_reads(tmp_path):
    path = tmp_path / "cp1258.txt"
    path.write_bytes("".join(_cp1258(c) for c in TEXT).encode("cp1258"))
    doc = ingest(path)
    assert doc.encoding == "cp1258" and "Thủ tướng Chính phủ" in _text_of(path)


def _cp1258(c: str) -> str:
    """A letter as Windows-1258 writes it: precomposed when it has one, else base letter + tone mark."""
    try:
        c.encode("cp1258")
        return c
    except UnicodeEncodeError:
        decomposed = unicodedata.normalize("NFD", c)
        tone = next(m for m in decomposed if m in "\u0300\u0301\u0303\u0309\u0323")
        return unicodedata.normalize("NFC", decomposed.replace(tone, "")) + tone


def test_another_8_bit_encoding_is_found_by_charset_normalizer():
    russian = ("Комитет сельского развития провёл заседание и утвердил план работы на следующий год. " * 20)
    text, encoding = decode(russian.encode("cp1251"))
    assert text == russian and encoding != "cp1258"


def test_a_text_with_a_few_control_characters_is_still_text(tmp_path):
    path = tmp_path / "form_feed.txt"
    path.write_text(TEXT.replace("\n", "\f\n", 2) + "\x0b", encoding="utf-8")
    assert "Quyết định" in ingest(path).pages[0].text


def test_nul_bytes_in_8_bit_text_are_binary(tmp_path):
    path = tmp_path / "nhi_phan.txt"
    path.write_bytes(TEXT.encode("utf-8")[:200] + b"\xff\x00\x01\x02" + b"\x00" * 8)
    with pytest.raises(InputError, match="not text"):
        ingest(path)
