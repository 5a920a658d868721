"""Dates written away from their code: a sentence's lead date, a date shared by a list, a date after
the issuer, an amending law's date; codes listed by number, new numbering, table rows, wrapped codes.
Every category has its negatives: a date of another clause is never attached."""

import pytest

from pipeline.extract.grammar.dates import match_day_month
from tests.fields.references.test_references import by_code, refs_of


def dates(text):
    return {code: ref.date for code, ref in by_code(text).items()}


# ── the lead date of an issuing sentence ──────────────────────────────────────


@pytest.mark.parametrize("text", [
    "Ngày 03/8/2024, UBND huyện Yên Thế ban hành Kế hoạch số 75/KH-UBND về phát triển sản xuất.",
    "Ngày 3-8-2024 Chủ tịch UBND huyện đã ký Kế hoạch 75/KH-UBND triển khai mô hình.",
    "Vừa qua, ngày 03 tháng 8 năm 2024, UBND huyện vừa ký ban hành Kế hoạch số: 75/KH-UBND.",
    "Chiều ngày 3/8/2024, Ban Thường vụ ra Kế hoạch số 75/KH-UBND về tổ chức đại hội.",
    "Ngày 3/8/2024, HĐND huyện khóa XX, kỳ họp thứ 12 đã thông qua Kế hoạch số 75/KH-UBND.",
    "Ngày 3/8/2024, tại kỳ họp thứ 12, HĐND huyện đã thông qua Kế hoạch số 75/KH-UBND.",
    "Ngày 3/8/2024, Thủ tướng Chính phủ đã phê duyệt Đề án phát triển du lịch nông thôn giai đoạn 2024-2030 "
    "tại Kế hoạch số 75/KH-UBND.",
])
def test_a_lead_date_dates_the_document_its_sentence_issues(text):
    assert dates(text) == {"75/KH-UBND": "2024-08-03"}


def test_a_lead_date_covers_every_code_the_verb_issues():
    found = dates("Ngày 7/11/2023, Chủ tịch UBND tỉnh đã ký các quyết định số 3310, 3311 và 3312/QĐ-UBND "
                  "công nhận 3 xã đạt chuẩn; Quyết định số 3313/QĐ-UBND và Quyết định số 3314/QĐ-UBND.")
    assert found == {"3310/QĐ-UBND": "2023-11-07", "3311/QĐ-UBND": "2023-11-07", "3312/QĐ-UBND": "2023-11-07",
                     "3313/QĐ-UBND": None, "3314/QĐ-UBND": None}
    both = dates("Ngày 7/11/2023, UBND tỉnh ban hành Quyết định số 3313/QĐ-UBND và Kế hoạch số 90/KH-UBND.")
    assert both == {"3313/QĐ-UBND": "2023-11-07", "90/KH-UBND": "2023-11-07"}


@pytest.mark.parametrize("text", [
    "Ngày 03/8/2024, UBND huyện tổ chức hội nghị triển khai Kế hoạch số 75/KH-UBND.",  # an event
    "Đến ngày 03/8/2024, UBND huyện đã ban hành Kế hoạch số 75/KH-UBND.",  # as of
    "Từ ngày 03/8/2024, các xã thực hiện Kế hoạch số 75/KH-UBND.",  # a start
    "Kế hoạch số 75/KH-UBND có hiệu lực từ ngày 03/8/2024.",  # an effective date
    "Trước ngày 03/8/2024, các xã báo cáo kết quả thực hiện Kế hoạch số 75/KH-UBND.",  # a deadline
    "Ngày 03/8, UBND huyện ban hành Kế hoạch số 75/KH-UBND.",  # no year: not guessed
    "Ngày 03/8/2024, UBND huyện họp. Sau đó, UBND huyện ban hành Kế hoạch số 75/KH-UBND.",  # another sentence
    "Ngày 03/8/2024, đoàn kiểm tra làm việc tại xã, sau đó UBND huyện ban hành Kế hoạch số 75/KH-UBND.",
    "Ngày 03/8/2024, HĐND huyện họp, kỳ họp thứ 12 xem xét, sau đó ban hành Kế hoạch số 75/KH-UBND.",
    "Ngày 03/8/2024, các xã gửi hồ sơ để UBND huyện ban hành Kế hoạch số 75/KH-UBND.",  # a purpose
    "Ngày 03/8/2024 UBND huyện chưa ban hành Kế hoạch số 75/KH-UBND.",  # not done
])
def test_a_date_of_another_clause_is_not_the_documents(text):
    assert dates(text) == {"75/KH-UBND": None}


def test_a_lead_date_goes_to_the_nearer_citation_only():
    found = dates("Ngày 12/01/2024, UBND xã ban hành Kế hoạch số 05/KH-UBND thực hiện Quyết định số "
                  "318/QĐ-TTg của Thủ tướng Chính phủ.")
    assert found == {"05/KH-UBND": "2024-01-12", "318/QĐ-TTg": None}


def test_a_citations_own_date_wins_over_the_lead_date():
    found = dates("Ngày 12/01/2024, UBND xã ban hành Kế hoạch số 05/KH-UBND ngày 10/01/2024 về giảm nghèo.")
    assert found == {"05/KH-UBND": "2024-01-10"}


@pytest.mark.parametrize("text", [
    "Ngày 9/12, HĐND tỉnh đã thông qua Nghị quyết số 21/2022/NQ-HĐND về phân cấp nguồn thu.",
    "Thực hiện Nghị quyết số 21/2022/NQ-HĐND ngày 9/12 của HĐND tỉnh;",
    "Thực hiện Nghị quyết số 21/2022/NQ-HĐND, ngày 9 tháng 12 của HĐND tỉnh;",
])
def test_a_yearless_date_takes_the_year_its_code_carries(text):
    assert dates(text) == {"21/2022/NQ-HĐND": "2022-12-09"}


@pytest.mark.parametrize(("text", "iso"), [
    ("Ngày 9/12, UBND tỉnh ban hành Quyết định số 812/QĐ-UBND.", None),  # no year in the code: not guessed
    ("Nghị quyết số 21/2022/NQ-HĐND có hiệu lực từ ngày 9/12.", None),
    ("Thực hiện Nghị quyết số 21/2022/NQ-HĐND ngày 9/12/2021 của HĐND tỉnh;", "2021-12-09"),  # as written
])
def test_a_yearless_date_is_not_guessed(text, iso):
    assert list(dates(text).values()) == [iso]


@pytest.mark.parametrize(("text", "found"), [
    ("ngày 9/12 của HĐND", (2022, 12, 9, "ngày 9/12")),
    ("ngày 9 tháng 12, HĐND", (2022, 12, 9, "ngày 9 tháng 12")),
    ("ngày 9-12.", (2022, 12, 9, "ngày 9-12")),
    ("ngày 9/12/2021", None),
    ("ngày 9 tháng 12 năm 2021", None),
    ("ngày 9.12.2021", None),
    ("ngày 9/12/", None),  # a year cut off, not a yearless date
    ("ngày 9 tháng 12 Khoản này được sửa đổi", None),  # a footnote cut the date
    ("ngày 9 tháng 12\n2022", None),
])
def test_the_yearless_day_month_grammar(text, found):
    date = match_day_month(text, 0, 2022)
    assert (date and (date.year, date.month, date.day, date.text)) == found


# ── a date shared by a list under one type word ───────────────────────────────


@pytest.mark.parametrize("text", [
    "Thực hiện Nghị quyết số 21/2022/NQ-HĐND và số 22/2022/NQ-HĐND ngày 09 tháng 12 năm 2022 của HĐND tỉnh;",
    "Thực hiện các Nghị quyết số 21/2022/NQ-HĐND, 22/2022/NQ-HĐND ngày 09/12/2022 của HĐND tỉnh;",
    "Thực hiện Nghị quyết số 21, 22/2022/NQ-HĐND ngày 09/12/2022 của HĐND tỉnh;",
])
def test_a_date_after_a_list_dates_the_whole_list(text):
    assert dates(text) == {"21/2022/NQ-HĐND": "2022-12-09", "22/2022/NQ-HĐND": "2022-12-09"}


def test_a_repeated_type_word_keeps_the_date_with_the_nearer_code():
    found = dates("Thực hiện Nghị quyết số 21/2022/NQ-HĐND và Nghị quyết số 22/2022/NQ-HĐND ngày 09/12/2022.")
    assert found == {"21/2022/NQ-HĐND": None, "22/2022/NQ-HĐND": "2022-12-09"}


def test_a_list_not_joined_to_the_dated_code_keeps_its_own():
    found = dates("Căn cứ Nghị quyết số 21/2022/NQ-HĐND; số 22/2022/NQ-HĐND ngày 09/12/2022 của HĐND tỉnh.")
    assert found == {"21/2022/NQ-HĐND": None, "22/2022/NQ-HĐND": "2022-12-09"}


# ── numbers listed before a code ──────────────────────────────────────────────


def test_numbers_listed_before_a_code_are_documents_of_that_symbol():
    found = by_code("UBND huyện đã ban hành các quyết định số 415, 416 và 417/QĐ-UBND ngày 02/4/2024 "
                    "công nhận thôn đạt chuẩn.")
    assert {c: (r.doc_type, r.date) for c, r in found.items()} == {
        "415/QĐ-UBND": ("quyet_dinh", "2024-04-02"), "416/QĐ-UBND": ("quyet_dinh", "2024-04-02"),
        "417/QĐ-UBND": ("quyet_dinh", "2024-04-02")}
    assert found["416/QĐ-UBND"].text == "416"


@pytest.mark.parametrize("text", [
    "Xã đạt các tiêu chí số 1, 2 và 17/19 tiêu chí; theo Quyết định số 417/QĐ-UBND.",
    "Sửa đổi Điều 3, 4 và 5/QĐ-UBND.",
    "Thực hiện Kế hoạch số 15, 16 và 417/QĐ-UBND.",  # the type word disagrees with the code
])
def test_counts_and_clause_numbers_are_not_listed_documents(text):
    assert all("/" in ref.text for ref in refs_of(text))


# ── the date after the issuer ─────────────────────────────────────────────────


@pytest.mark.parametrize(("text", "issuer"), [
    ("theo Kế hoạch số 40/KH-UBND do UBND tỉnh ban hành ngày 21-11-2022, các xã triển khai.", "UBND tỉnh"),
    ("theo Quyết định số 40/KH-UBND Thủ tướng Chính phủ ký ngày 21/11/2022.", "Thủ tướng Chính phủ"),
    ("Kế hoạch số 40/KH-UBND được HĐND huyện thông qua vào ngày 21/11/2022.", "HĐND huyện"),
])
def test_a_date_after_the_issuer_and_its_verb(text, issuer):
    [ref] = refs_of(text)
    assert (ref.date, ref.issuer) == ("2022-11-21", issuer)


@pytest.mark.parametrize("text", [
    "theo Kế hoạch số 40/KH-UBND các xã tổ chức ký cam kết ngày 21/11/2022.",
    "các xã triển khai Kế hoạch số 40/KH-UBND vào ngày 21/11/2022 tại hội trường.",
    "theo Kế hoạch số 40/KH-UBND, Quyết định số 41/QĐ-UBND do UBND tỉnh ban hành ngày 21/11/2022.",
])
def test_no_date_through_another_clause_or_citation(text):
    assert by_code(text)["40/KH-UBND"].date is None


# ── amending laws ─────────────────────────────────────────────────────────────


def test_the_date_of_an_amending_law_is_not_the_date_of_the_laws_it_amends():
    found = refs_of("Căn cứ Luật số 47/2019/QH14 sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và "
                    "Luật Tổ chức chính quyền địa phương ngày 22 tháng 11 năm 2019;")
    assert [(r.code, r.title, r.date) for r in found] == [("47/2019/QH14", None, "2019-11-22")]
    named = refs_of("Căn cứ Luật sửa đổi, bổ sung một số điều của Luật Đầu tư công, Luật Ngân sách nhà nước "
                    "ngày 29/11/2024;")
    assert [(r.title, r.date) for r in named] == [
        ("Luật sửa đổi, bổ sung một số điều của Luật Đầu tư công, Luật Ngân sách nhà nước", "2024-11-29")]


def test_an_amended_document_with_a_code_keeps_its_own_date():
    found = dates("Căn cứ Nghị quyết số 30/2023/NQ-HĐND sửa đổi Điều 2 của Nghị quyết số 09/2021/NQ-HĐND "
                  "ngày 16/7/2021 của HĐND tỉnh;")
    assert found == {"30/2023/NQ-HĐND": None, "09/2021/NQ-HĐND": "2021-07-16"}


# ── numbering, tables, wrapped codes ──────────────────────────────────────────


def test_a_number_within_a_session():
    assert dates("Căn cứ Nghị quyết số 48.01/2025/NQ-CP ngày 02/6/2025 của Chính phủ;") == {
        "48.01/2025/NQ-CP": "2025-06-02"}
    assert refs_of("Giá tăng 2.5/3 lần; chỉ tiêu 6.3/19 xã.") == []


def test_citations_in_tab_separated_table_rows():
    text = ("TT\tSố, ký hiệu\tNgày ban hành\tTrích yếu\n"
            "1\tQuyết định số 925/QĐ-TTg\t02/8/2022\tPhê duyệt chương trình\n"
            "2\t18/2022/TT-BNNPTNT\t30/11/2022\tHướng dẫn một số nội dung\n"
            "3\t1432/UBND-NN\t\tVề rà soát\n")
    assert dates(text) == {"925/QĐ-TTg": "2022-08-02", "18/2022/TT-BNNPTNT": "2022-11-30", "1432/UBND-NN": None}


@pytest.mark.parametrize("heading", ["Ngày ban hành", "Thời gian ban hành", "Ngày, tháng, năm ban hành", "Ngày ký"])
def test_issue_date_headings(heading):
    text = f"TT\tSố, ký hiệu\tTrích yếu\t{heading}\n1\tKế hoạch số 61/KH-UBND\tVề giảm nghèo\t30/6/2025\n"
    assert dates(text) == {"61/KH-UBND": "2025-06-30"}


@pytest.mark.parametrize("heading", ["Thời gian thực hiện", "Ngày hết hiệu lực", "Thời hạn ban hành"])
def test_other_date_headings(heading):
    for text in (f"TT\tSố, ký hiệu\tTrích yếu\t{heading}\n1\tKế hoạch số 61/KH-UBND\tVề giảm nghèo\t30/6/2025\n",
                 f"TT\tSố, ký hiệu\t{heading}\n1\tKế hoạch số 61/KH-UBND\t30/6/2025\n"):
        assert dates(text) == {"61/KH-UBND": None}


def test_a_list_of_documents_as_a_table_with_the_date_column_apart():
    text = ("Danh mục văn bản bãi bỏ\n"
            "STT\tTên loại văn bản\tSố, ký hiệu\tTrích yếu\tNgày ban hành\tNgày hết hiệu lực\n"
            "1\tQuyết định\t07/2016/QĐ-UBND\tVề quy định hỗ trợ giống cây trồng\t11/3/2016\t01/01/2025\n"
            "2\tNghị quyết\t15/2018/NQ-HĐND\tVề phân cấp nguồn thu\t07/12/2018\t01/01/2025\n")
    found = by_code(text)
    assert {c: (r.doc_type, r.date) for c, r in found.items()} == {
        "07/2016/QĐ-UBND": ("quyet_dinh", "2016-03-11"), "15/2018/NQ-HĐND": ("nghi_quyet", "2018-12-07")}
    assert found["07/2016/QĐ-UBND"].text == "Quyết định\t07/2016/QĐ-UBND"


@pytest.mark.parametrize("text", [
    # a task table: the date cell is a deadline, the code sits in a task
    "TT\tNhiệm vụ\tThời hạn hoàn thành\n1\tTriển khai Kế hoạch số 61/KH-UBND\t30/6/2025\n",
    # the column next to the code is headed as a deadline or an effective date
    "TT\tSố, ký hiệu\tThời hạn hoàn thành\n1\tKế hoạch số 61/KH-UBND\t30/6/2025\n",
    "TT\tSố, ký hiệu\tNgày có hiệu lực\n1\t61/KH-UBND\t30/6/2025\n",
    # no header naming an issue date, and the date is not next to the code
    "1\t61/KH-UBND\tVề giảm nghèo\t30/6/2025\n",
    # two documents in one row: the column date belongs to neither for sure
    "TT\tSố, ký hiệu\tVăn bản thay thế\tNgày ban hành\n1\t61/KH-UBND\tKế hoạch số 70/KH-UBND\t30/6/2025\n",
])
def test_a_table_date_that_is_not_the_issue_date(text):
    assert by_code(text)["61/KH-UBND"].date is None


@pytest.mark.parametrize("written", ["925/QĐ-\nTTg", "925/\n\nQĐ-TTg", "925 / QĐ - TTg", "925/QĐ\n-TTg", "925\n/QĐ-TTg"])
def test_a_code_wrapped_over_a_line_or_page_break(written):
    assert dates(f"Căn cứ Quyết định số {written} ngày 02/8/2022 của Thủ tướng Chính phủ;") == {
        "925/QĐ-TTg": "2022-08-02"}


@pytest.mark.parametrize("written", ["925/QĐ-UB ND", "925/QĐ-UB\nND", "925/QĐ-UBN D"])
def test_a_symbol_part_wrapped_in_a_narrow_cell(written):
    assert dates(f"1\tQuyết định\t{written}\t02/8/2022\tVề hỗ trợ") == {"925/QĐ-UBND": "2022-08-02"}


@pytest.mark.parametrize(("text", "code"), [
    ("theo Công văn số 55/UBND-NN VÀ KẾ HOẠCH của huyện", "55/UBND-NN"),  # a whole part, then a word
    ("theo Quyết định số 925/QĐ-UBND ND", "925/QĐ-UBND"),  # a known part stays as it is
    ("theo Quyết định số 925/QĐ-UB HUYỆN", "925/QĐ-UB"),  # no issuer when joined
])
def test_no_wrapped_part_when_the_pieces_do_not_make_an_issuer(text, code):
    assert list(by_code(text)) == [code]


def test_a_list_item_after_a_line_break_is_not_part_of_a_code():
    assert [r.code for r in refs_of("theo Quyết định số 925/QĐ\n- TTg chỉ đạo các bộ")] != ["925/QĐ-TTg"]


# ── the document's own number ─────────────────────────────────────────────────


def test_the_own_number_in_a_header_is_not_a_reference_but_one_in_a_sentence_is():
    header = "UBND HUYỆN YÊN THẾ\nSố: 75/KH-UBND\nYên Thế, ngày 03 tháng 8 năm 2024\nKẾ HOẠCH\nPhát triển sản xuất"
    assert refs_of(header) == []
    for own in ("QUỐC HỘI\nLuật số: 51/2024/QH15\nLUẬT\nSửa đổi", "ỦY BAN THƯỜNG VỤ QUỐC HỘI\nNghị quyết số: 24/2022/UBTVQH15"):
        assert refs_of(own) == []
    press = ("Công nhận xã đạt chuẩn\n\nNgày 03-8-2024, UBND tỉnh ban hành Quyết định số: 75/QĐ-UBND công nhận "
             "3 xã đạt chuẩn nông thôn mới.")
    assert dates(press) == {"75/QĐ-UBND": "2024-08-03"}
