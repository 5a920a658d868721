"""Signer variants of real documents: signed under a bare title with annexes after it, a rank before
the name, a title outside the lexicon; a form's blank signature block in an annex is no signer."""

from __future__ import annotations

from tests.fields.metadata.test_metadata import meta

HEAD = "BỘ TÀI CHÍNH\nSố: 12/2024/TT-BTC\nHà Nội, ngày 5 tháng 3 năm 2024\nTHÔNG TƯ\nQuy định mức thu\n"
BODY = "Điều 1. Phạm vi điều chỉnh\nThông tư này quy định mức thu phí.\nĐiều 2. Hiệu lực thi hành\nThông tư này có hiệu lực thi hành kể từ ngày 01 tháng 5 năm 2024./.\n"


def annex(lines: int = 80) -> str:
    return "PHỤ LỤC I\nBẢNG MỨC THU\n" + "".join(f"{k}. Hạng mục số {k} thu theo biểu giá chung của Bộ;\n" for k in range(1, lines))


def test_a_bare_title_signature_with_a_long_annex_after_it():
    m = meta(HEAD + BODY + "BỘ TRƯỞNG\nNguyễn Văn Thắng\n" + annex())
    assert (m.signer.name, m.signer.title, m.signer.authority) == ("Nguyễn Văn Thắng", "Bộ trưởng", None)


def test_a_name_under_a_title_in_the_middle_of_the_text_without_a_body_end_is_no_signer():
    m = meta(HEAD + "Điều 1. Thành phần\nTỔ TRƯỞNG\nNguyễn Văn An\nĐiều 2. Nhiệm vụ của tổ công tác liên ngành.\n" + annex())
    assert m.signer is None


def test_a_rank_before_the_name_is_not_part_of_it():
    m = meta(HEAD + BODY + "BỘ TRƯỞNG\nĐại tướng Lương Văn Quang\n")
    assert m.signer.name == "Lương Văn Quang"


def test_a_title_outside_the_lexicon_under_the_body_end():
    m = meta("QUỐC HỘI\nLuật số: 51/2024/QH15\nLUẬT\nSửa đổi\n" + BODY.replace("./.", ".")
             + "Luật này được Quốc hội thông qua ngày 27 tháng 11 năm 2024.\nCHỦ TỊCH QUỐC HỘI\nTrần Văn Mẫn\n" + annex())
    assert (m.signer.name, m.signer.title) == ("Trần Văn Mẫn", "Chủ tịch quốc hội")


def test_a_forms_blank_signature_block_in_an_annex_is_no_signer():
    form = "Mẫu số 02\nĐƠN ĐỀ NGHỊ\nXác nhận của địa phương./.\nTM. UỶ BAN NHÂN DÂN XÃ\nCHỦ TỊCH\nHOẶC CHỦ ĐẦU TƯ\n(Ký tên, đóng dấu)\nGhi chú: điền đủ thông tin.\n"
    m = meta(HEAD + BODY + "KT. BỘ TRƯỞNG\nTHỨ TRƯỞNG\nNguyễn Bá Hoan\n" + form)
    assert (m.signer.name, m.signer.authority) == ("Nguyễn Bá Hoan", "KT.")
    assert meta(HEAD + BODY + form).signer is None


def test_a_seals_specks_after_the_name_on_an_ocr_row_are_not_the_name():
    m = meta(HEAD + BODY + "Nơi nhận:\n- UBND các xã;\n- Lưu: VT, VP.\t“—..\nT/M UỶ BAN NHÂN DÂN\nCHỦ TỊCH\t-\nLý Thế Khoa\t— ®J\n")
    assert (m.signer.name, m.signer.authority) == ("Lý Thế Khoa", "T/M")


def test_a_seals_specks_before_the_name_on_an_ocr_row_are_not_the_name():
    m = meta(HEAD + BODY + "TM. UỶ BAN NHÂN DÂN\n- _ CHỦ TỊCH\n(Đã ký)\n` ˆ Trần Thị Oanh\n")
    assert m.signer.name == "Trần Thị Oanh"
    listed = meta(HEAD + BODY + "TM. UỶ BAN NHÂN DÂN\nCHỦ TỊCH\n- Lê Văn Hai\n")  # a list item's bullet is no speck
    assert listed.signer is None
    joined = meta(HEAD + BODY + "TM. UỶ BAN NHÂN DÂN\nCHỦ TỊCH\n(Đã kỳ) Trần Thị Oanh\n")  # OCR joined the note to the name
    assert joined.signer.name == "Trần Thị Oanh"
