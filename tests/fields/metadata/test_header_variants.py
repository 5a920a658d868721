"""Header variants of real documents: gazette section headings above the header, labelled numbers
("Luật số:"), a number on the line after "Số:", the year segment of the own number, consolidated
texts whose number and date stand in the authentication block at the end."""

from __future__ import annotations

from tests.fields.metadata.test_metadata import meta

MOTTO = "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
BODY = "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;\nĐiều 1. Phạm vi điều chỉnh\n"


def test_a_gazette_section_heading_above_the_header_is_neither_heading_nor_issuer():
    m = meta("VĂN BẢN QUY PHẠM PHÁP LUẬT\nBỘ TÀI CHÍNH\nSố: 12/2024/TT-BTC\n" + MOTTO
             + "Hà Nội, ngày 5 tháng 3 năm 2024\nTHÔNG TƯ\nQuy định mức thu phí\n" + BODY)
    assert (m.doc_type, m.number, m.symbol, m.issuer) == ("thong_tu", "12", "TT-BTC", "BỘ TÀI CHÍNH")
    assert (m.issued_date, m.place) == ("2024-03-05", "Hà Nội")


def test_a_type_word_line_above_the_header_does_not_wipe_it():
    m = meta("KẾ HOẠCH TRIỂN KHAI\nUỶ BAN NHÂN DÂN XÃ AN BÌNH\nSố: 05/KH-UBND\n" + MOTTO
             + "An Bình, ngày 2 tháng 4 năm 2024\nKẾ HOẠCH\nXây dựng nông thôn mới năm 2024\n" + BODY)
    assert (m.doc_type, m.number, m.issued_date) == ("ke_hoach", "05", "2024-04-02")
    assert m.subject == "Xây dựng nông thôn mới năm 2024"


def test_the_own_number_keeps_its_year_segment():
    m = meta("UỶ BAN NHÂN DÂN TỈNH LẠNG SƠN\nSố: 23/2023/QĐ-UBND\n" + MOTTO
             + "Lạng Sơn, ngày 9 tháng 8 năm 2023\nQUYẾT ĐỊNH\nBan hành quy chế\n" + BODY)
    assert (m.number, m.symbol, m.code) == ("23", "QĐ-UBND", "23/2023/QĐ-UBND")
    assert m.evidence["code"].text == "Số: 23/2023/QĐ-UBND"


def test_a_number_labelled_with_the_documents_type():
    m = meta("QUỐC HỘI\nLuật số: 51/2024/QH15\n" + MOTTO + "LUẬT\nSửa đổi, bổ sung một số điều của Luật Bảo hiểm y tế\n" + BODY)
    assert (m.doc_type, m.number, m.code) == ("luat", "51", "51/2024/QH15")
    r = meta("UỶ BAN THƯỜNG VỤ QUỐC HỘI\nNghị quyết số: 24/2022/UBTVQH15\n" + MOTTO + "NGHỊ QUYẾT\nVề chi trả hỗ trợ\n" + BODY)
    assert (r.doc_type, r.number) == ("nghi_quyet", "24")


def test_a_cited_number_in_the_header_zone_is_not_the_documents_own():
    m = meta("UỶ BAN NHÂN DÂN XÃ AN BÌNH\n" + MOTTO + "Thực hiện Nghị định số 12/2024/NĐ-CP của Chính phủ\n" + BODY)
    assert m.number is None and m.code is None


CONSOLIDATED = ("BỘ TÀI CHÍNH\n" + MOTTO + "THÔNG TƯ\nHướng dẫn kê khai thuế\n"
                "Thông tư số 95/2016/TT-BTC ngày 28 tháng 6 năm 2016 của Bộ trưởng Bộ Tài chính, có hiệu lực "
                "kể từ ngày 01 tháng 7 năm 2016, được sửa đổi bởi Thông tư số 20/2019/TT-BTC.\n" + BODY
                + "Điều 9. Thông tư này có hiệu lực kể từ ngày 01 tháng 9 năm 2019.\n")


def test_a_consolidated_text_takes_its_number_and_date_from_the_authentication_block():
    m = meta(CONSOLIDATED + "BỘ TÀI CHÍNH\nSố: 13/VBHN-BTC\nXÁC THỰC VĂN BẢN HỢP NHẤT\n"
             "Hà Nội, ngày 22 tháng 4 năm 2026\nKT. BỘ TRƯỞNG\nTHỨ TRƯỞNG\nCao Anh Tuấn\n")
    assert (m.doc_type, m.number, m.symbol, m.code) == ("van_ban_hop_nhat", "13", "VBHN-BTC", "13/VBHN-BTC")
    assert (m.issued_date, m.place) == ("2026-04-22", "Hà Nội")
    assert m.signer.name == "Cao Anh Tuấn"


def test_a_text_that_only_mentions_consolidation_keeps_its_own_header():
    m = meta("BỘ TÀI CHÍNH\nSố: 20/2019/TT-BTC\n" + MOTTO + "Hà Nội, ngày 5 tháng 3 năm 2019\nTHÔNG TƯ\nSửa đổi\n" + BODY
             + "Điều 3. Bộ Tài chính xác thực văn bản hợp nhất theo quy định.\n")
    assert (m.doc_type, m.number, m.issued_date) == ("thong_tu", "20", "2019-03-05")


def test_a_number_on_the_line_after_its_mark_is_read_and_kept_out_of_the_issuer():
    m = meta("UỶ BAN NHÂN DÂN TỈNH TIỀN GIANG\nSố:\n23/2023/QĐ-UBND\n" + MOTTO
             + "Tiền Giang, ngày 9 tháng 8 năm 2023\nQUYẾT ĐỊNH\nBan hành quy chế\n" + BODY)
    assert (m.number, m.code, m.issuer) == ("23", "23/2023/QĐ-UBND", "UỶ BAN NHÂN DÂN TỈNH TIỀN GIANG")


def test_a_place_broken_over_two_lines_is_whole():
    m = meta("UỶ BAN NHÂN DÂN TỈNH TIỀN GIANG\nSố: 23/2023/QĐ-UBND\n" + MOTTO
             + "Tiền\nGiang, ngày 9 tháng 8 năm 2023\nQUYẾT ĐỊNH\nBan hành quy chế\n" + BODY)
    assert (m.place, m.issued_date) == ("Tiền Giang", "2023-08-09")
    assert m.evidence["place"].text == "Tiền\nGiang"
    n = meta("UBND XÃ HOÀ CƯ\nSố: 5/KH-UBND\n" + MOTTO + "Hoà Cư, ngày 9 tháng 8 năm 2023\nKẾ HOẠCH\nNăm 2023\n" + BODY)
    assert n.place == "Hoà Cư"  # the motto's last line above is not part of the place
