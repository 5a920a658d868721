"""Character cleanup: composed letters, modern tones, odd spaces and invisible characters; the rest verbatim."""

import unicodedata

import pytest

from pipeline.normalize import normalize_document
from pipeline.normalize.mapped import locate
from pipeline.normalize.vietnamese import fold
from pipeline.schema import Document, Page


def normalized(*pages: str):
    doc = Document(source="t", sha256="", format="txt",
                   pages=[Page(number=i + 1, text=t, source="plain") for i, t in enumerate(pages)])
    return normalize_document(doc)


def normalize(*pages: str) -> str:
    return normalized(*pages).text


def test_decomposed_text_is_recomposed_with_modern_tones():
    raw = unicodedata.normalize("NFD", "Uỷ ban nhân dân xã Hòa Cư phát triển thủy lợi.")
    assert normalize(raw) == "Uỷ ban nhân dân xã Hoà Cư phát triển thuỷ lợi."


def test_windows_1258_tone_marks_are_recomposed():
    # cp1258 has letters with their vowel mark (ê, ơ, ă) and adds the tone as a combining character
    raw = "Ngh\u0069\u0323 quy\u00ea\u0301t cu\u0309a \u0110a\u0309ng u\u0309y x\u00e3 Ho\u0300a"
    assert normalize(raw) == "Nghị quyết của Đảng uỷ xã Hoà"


@pytest.mark.parametrize("space", ["\u00a0", "\u2002", "\u2009", "\u202f", "\u3000", "  ", "   \u00a0 "])
def test_odd_spaces_and_runs_of_spaces_become_one_space(space):
    assert normalize(f"xây dựng{space}nông thôn mới") == "xây dựng nông thôn mới"


@pytest.mark.parametrize("space", ["\t", " \t ", "\u00a0\t"])
def test_a_tab_inside_a_line_separates_table_cells_and_stays_one_tab(space):
    assert normalize(f"Tỷ lệ hộ nghèo{space}%{space}4,2{space}3,5") == "Tỷ lệ hộ nghèo\t%\t4,2\t3,5"


def test_two_tabs_hold_an_empty_cell_and_a_row_number_stays_a_cell():
    # a column of marks: the empty cell keeps the marks after it under their headings
    assert normalize("1.\tXã Tân Lập\tx\t \tx\t\t3") == "1.\tXã Tân Lập\tx\t\tx\t\t3"
    assert normalize("1.\tXã Tân Lập") == "1. Xã Tân Lập"  # one tab after a marker is only spacing


@pytest.mark.parametrize(("raw", "expected"), [("-\tLưu: VT.", "- Lưu: VT."), ("a)\tChỉ tiêu kinh tế", "a) Chỉ tiêu kinh tế"),
                                               ("\t\tCăn cứ Luật Đất đai;\t", "Căn cứ Luật Đất đai;")])
def test_tabs_after_a_list_marker_or_at_the_ends_of_a_line_are_spacing(raw, expected):
    assert normalize(raw) == expected


@pytest.mark.parametrize("invisible", ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u200e", "\x00", "\x07"])
def test_invisible_characters_are_dropped(invisible):
    assert normalize(f"nông{invisible} thôn{invisible}") == "nông thôn"


def test_a_byte_order_mark_at_the_start_is_dropped():
    assert normalize("\ufeffKẾ HOẠCH") == "KẾ HOẠCH"


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\x0b", "\x0c", "\u2028", "\u2029", "\x85"])
def test_every_kind_of_line_end_is_a_line_break(newline):
    assert normalize(f"I. MỤC TIÊU{newline}Duy trì các tiêu chí.") == "I. MỤC TIÊU\nDuy trì các tiêu chí."


def test_quotes_dashes_digits_and_case_are_kept_verbatim():
    text = "Phong trào “Toàn dân đoàn kết” – giai đoạn 2021—2025: đạt 45,18 triệu đồng/người/năm; 'HTX' \"Nông nghiệp\" 1.200 ha."
    assert normalize(text) == text


def test_tones_are_moved_at_line_starts_and_ends():
    assert normalize("Hòa\nthủy lợi, văn hóa\nkhỏe") == "Hoà thuỷ lợi, văn hoá khoẻ"
    assert normalize("Thủy lợi\nKhỏe") == "Thuỷ lợi\nKhoẻ"


def test_every_character_maps_back_to_where_it_came_from():
    raw = unicodedata.normalize("NFD", "Xã  Hòa Cư\u00a0phát triển\n\nthủy lợi.")
    result = normalized(raw)
    assert result.text == "Xã Hoà Cư phát triển thuỷ lợi."
    for i, char in enumerate(result.text):
        page, offset = locate(result.char_map, i)
        assert page == 1
        if not char.isspace():
            assert fold(char) == fold(raw[offset]), (i, char, raw[offset])
        else:
            assert raw[offset].isspace()


def test_the_map_points_a_moved_tone_at_the_letter_that_carried_it():
    raw = "xã Hòa"
    result = normalized(raw)
    assert result.text == "xã Hoà"
    assert [raw[locate(result.char_map, i)[1]] for i in range(len(result.text))] == list("xã Hòa")
