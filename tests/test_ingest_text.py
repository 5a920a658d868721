"""Plain text and markdown ingestion: encodings, markdown markers, the real documents."""

from __future__ import annotations

import hashlib
import unicodedata

import pytest

from ntm_corpus import render
from pipeline.errors import InputError
from pipeline.ingest import ingest
from pipeline.ingest.text import decode, strip_markdown
from tests.conftest import SHARED_DOCS, normalized

SENTENCE = "Ủy ban nhân dân xã Tân Lập phấn đấu đạt chuẩn nông thôn mới nâng cao trong năm 2025."

ENCODINGS = ["utf-8", "utf-8-sig", "utf-16-le", "utf-16-be", "cp1258"]


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_shared_document_survives_every_encoding(shared_document, encoding, tmp_path):
    path = tmp_path / f"{encoding}.txt"
    render.to_text_file(shared_document.text, path, encoding)
    doc = ingest(path)
    assert doc.encoding == encoding
    assert [p.source for p in doc.pages] == ["plain"]
    assert normalized(doc.pages[0].text) == normalized(shared_document.text)


def test_windows_1258_tone_marks_stay_decomposed_until_normalization(tmp_path):
    path = tmp_path / "cp1258.txt"
    render.to_text_file(SENTENCE, path, "cp1258")
    raw = ingest(path).pages[0].text
    assert "\u0323" in raw and "\u0301" in raw  # dot below, acute: separate combining marks
    assert unicodedata.normalize("NFC", raw) == SENTENCE
    assert normalized(raw) == normalized(SENTENCE)


@pytest.mark.parametrize("text", [SENTENCE, "Việt Nam", "Số: 15/BC-UBND ngày 3 tháng 5 năm 2024"])
def test_windows_1258_bytes_are_not_taken_for_utf8(text):
    data = render.windows_1258_form(text).encode("cp1258")
    decoded, encoding = decode(data)
    assert encoding == "cp1258"
    assert unicodedata.normalize("NFC", decoded) == text


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_recognized(codec):
    assert decode(SENTENCE.encode(codec)) == (SENTENCE, codec)


def test_plain_ascii_is_utf8():
    assert decode(b"Ke hoach so 12/KH-UBND") == ("Ke hoach so 12/KH-UBND", "utf-8")


def test_windows_line_ends_become_newlines(tmp_path):
    path = tmp_path / "crlf.txt"
    path.write_bytes("Dòng một\r\nDòng hai\rDòng ba".encode())
    assert ingest(path).pages[0].text == "Dòng một\nDòng hai\nDòng ba"


@pytest.mark.parametrize("content", [b"   \n\t\n", b"\xef\xbb\xbf", b"\xff\xfe"])
def test_text_file_without_text_is_an_input_error(tmp_path, content):
    path = tmp_path / "blank.txt"
    path.write_bytes(content)
    with pytest.raises(InputError, match="contains no text") as e:
        ingest(path)
    assert "\n" not in str(e.value) and str(path) in str(e.value)


@pytest.mark.parametrize(("markdown", "plain"), [
    ("# KẾ HOẠCH", "KẾ HOẠCH"),
    ("## **II- MỤC TIÊU** ##", "II- MỤC TIÊU"),
    ("**Hạn chế:** Tiến độ còn chậm.", "Hạn chế: Tiến độ còn chậm."),
    ("phong trào “*Toàn dân đoàn kết*”", "phong trào “Toàn dân đoàn kết”"),
    ("#### ***Nơi nhận:***", "Nơi nhận:"),
    ("__Ghi chú__ và _lưu ý_", "Ghi chú và lưu ý"),
    ("-----", ""),
    ("* * *", ""),
    ("**TM. ỦY BAN NHÂN DÂN**  ", "TM. ỦY BAN NHÂN DÂN"),
    ("Căn cứ Luật Tổ chức chính quyền địa phương\\", "Căn cứ Luật Tổ chức chính quyền địa phương"),
    ("1\\. Mục tiêu chung", "1. Mục tiêu chung"),
    ("tiêu chí (\\*) đạt", "tiêu chí (*) đạt"),
    ("* Lưu: VT.", "- Lưu: VT."),
    ("- BCĐ huyện;", "- BCĐ huyện;"),
    ("| STT | Tiêu chí | Kết quả |", "STT\tTiêu chí\tKết quả"),
    ("|:---|:---:|---:|", ""),
    ("[Quyết định số 318/QĐ-TTg](https://example.org/qd)", "Quyết định số 318/QĐ-TTg"),
    ("Hòa Cư<br>ngày 5 tháng 3", "Hòa Cư\nngày 5 tháng 3"),
    ("ma_so_thon giữ nguyên", "ma_so_thon giữ nguyên"),
])
def test_markdown_markers_are_stripped(markdown, plain):
    assert strip_markdown(markdown) == plain


def test_markdown_keeps_line_structure():
    markdown = "**NGHỊ QUYẾT**  \n**VỀ VIỆC XÂY DỰNG NÔNG THÔN MỚI**\n\n-----\n\nCăn cứ Nghị quyết số 5-NQ/ĐU;"
    assert strip_markdown(markdown) == "NGHỊ QUYẾT\nVỀ VIỆC XÂY DỰNG NÔNG THÔN MỚI\n\n\n\nCăn cứ Nghị quyết số 5-NQ/ĐU;"


@pytest.mark.parametrize("md", sorted(SHARED_DOCS.glob("*.md")) if SHARED_DOCS.is_dir() else [None])
def test_real_markdown_documents_lose_every_marker(md):
    if md is None:
        pytest.skip("../shared/corpus/documents is not beside the repository")
    doc = ingest(md)
    text = doc.pages[0].text
    assert doc.format == "md" and doc.encoding == "utf-8"
    assert doc.sha256 == hashlib.sha256(md.read_bytes()).hexdigest()
    assert "**" not in text and "\\" not in text
    for line in text.splitlines():
        assert not line.startswith("#") and not line.endswith("  ") and set(line) != {"-"}
    assert len(text) > 0.7 * len(md.read_text(encoding="utf-8"))
