"""Normalization of the real commune documents in ../shared (read there, never copied).

The joins asserted here are the page-break splits those documents really have ("công tác" /
"tuyên truyền"); the structure checks hold for every line of every document.
"""

import re

import pytest

from pipeline.ingest import ingest
from pipeline.normalize import normalize_document
from pipeline.normalize.layout import block_kind, is_name
from pipeline.normalize.mapped import locate
from pipeline.normalize.vietnamese import OLD_STYLE, canonical, fold
from pipeline.schema import Document, Page
from tests.helpers import SHARED_DOCS


def normalized(name: str):
    path = SHARED_DOCS / name
    if not path.exists():
        pytest.skip(f"{path} is not there")
    return normalize_document(ingest(path))


NAMES = sorted(p.name for p in SHARED_DOCS.glob("*.md")) if SHARED_DOCS.is_dir() else ["(no shared documents)"]


@pytest.fixture(scope="module", params=NAMES)
def document(request):
    return normalized(request.param)


@pytest.mark.parametrize(
    ("name", "joined"),
    [
        ("000_74184636bf95de1c.md", ["chưa quyết liệt; công tác tuyên truyền vận động", "là miền quê thanh bình",
                                     "xây dựng nông thôn mới trong năm 2024."]),
        ("001_b8c528995d35c9b2.md", ["vệ sinh môi trường đạt thấp.", "có các giải pháp đồng bộ"]),
        ("002_34d7206d853ec622.md", ["trong năm 2024. Triển khai đồng bộ các giải pháp", "cho trẻ em và người cao tuổi",
                                     "vận động người dân tham gia", "nâng cao chất lượng các tiêu chí nông thôn mới",
                                     "phong trào sản xuất kinh doanh", "địa bàn tỉnh Lạng Son giai đoạn"]),
    ],
)
def test_sentences_split_by_a_page_break_are_rejoined(name, joined):
    text = normalized(name).text
    for phrase in joined:
        assert phrase in text, phrase


def test_the_header_block_of_the_plan_stays_line_by_line():
    first = normalized("002_34d7206d853ec622.md").text.split("\n")[:3]
    assert first[0].startswith("Số:") and block_kind(first[0]) == "number_line"
    assert block_kind(first[1]) == "place_date"
    assert first[2] == "KẾ HOẠCH"


def test_the_signature_blocks_stay_line_by_line(document):
    lines = document.text.split("\n")
    recipients = next(i for i, line in enumerate(lines) if line.startswith("Nơi nhận"))
    assert lines[recipients].rstrip(":") == "Nơi nhận"
    tail = lines[recipients + 1:]
    assert all(line.startswith("- ") or line.isupper() or is_name(line) for line in tail), tail
    assert is_name(lines[-1])  # the signer
    assert lines[-2].isupper()  # the signer's title


def test_every_heading_and_list_item_of_the_source_starts_a_line(document):
    raw = document.pages[0].text
    starts = {re.sub(r"\s+", " ", line).strip() for line in document.text.split("\n")}
    for line in raw.split("\n"):
        line = canonical(re.sub(r"\s+", " ", line).strip())
        if line and block_kind(line) in {"bullet", "numbered", "roman", "lettered", "caps", "recipients"}:
            assert any(s.startswith(line[:40]) for s in starts), line


def test_the_text_keeps_the_output_convention(document):
    text = document.text
    assert "\n\n" not in text and "  " not in text
    assert all(line and line == line.strip() for line in text.split("\n"))
    assert not OLD_STYLE.search(text)
    assert "Uỷ ban" in text and "Ủy ban" not in text


def test_every_character_maps_back_to_the_raw_page(document):
    raw = document.pages[0].text
    for i, char in enumerate(document.text):
        page, offset = locate(document.char_map, i)
        assert page == 1
        if char.isspace():
            assert raw[offset].isspace()
        else:
            assert fold(char) == fold(raw[offset]), (i, char, raw[offset])


def test_normalizing_again_changes_nothing(document):
    again = normalize_document(Document(source="x", sha256="", format="txt",
                                        pages=[Page(number=1, text=document.text, source="plain")]))
    assert again.text == document.text
