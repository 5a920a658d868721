"""Page furniture of multi-page documents: running page numbers, headers and footers."""

import textwrap

import pytest

from pipeline.normalize import normalize_document
from pipeline.schema import Document, Page

HAMLETS = ["Nà Pàn", "Khòn Pình", "Bản Chu", "Còn Quan", "Pác Lùng", "Nà Lầy", "Khau Phạ", "Bó Luông", "Tà Lài",
           "Lũng Vài", "Phai Xả", "Nà Thâm"]


def body(n: int) -> list[str]:
    """Two sentences only page `n` has: each names its own hamlet."""
    hamlet = HAMLETS[n % len(HAMLETS)]
    return [
        f"Thôn {hamlet} duy trì 15/19 tiêu chí, thu nhập bình quân đạt 42 triệu đồng/người/năm.",
        f"Nhân dân thôn {hamlet} hiến 2.400 m2 đất để mở rộng đường giao thông nông thôn.",
    ]


def page(number: int, *lines: str, source: str = "text_layer") -> Page:
    return Page(number=number, text="\n".join(lines) + "\n", source=source)


def normalize(pages: list[Page]) -> str:
    return normalize_document(Document(source="test.pdf", sha256="", format="pdf", pages=pages)).text


@pytest.mark.parametrize(
    ("where", "template"),
    [("top", "- {n} -"), ("top", "{n}"), ("bottom", "{n}"), ("bottom", "Trang {n}"), ("bottom", "Trang {n}/4"),
     ("bottom", "{n}/4"), ("top", "– {n} –"), ("bottom", "trang {n} trên 4"), ("bottom", "Page {n}")],
)
def test_page_numbers_are_dropped(where, template):
    pages = []
    for n in range(1, 5):
        number = template.format(n=n)
        lines = [number, *body(n)] if where == "top" else [*body(n), number]
        pages.append(page(n, *(lines if n > 1 else body(n))))
    assert normalize(pages).split("\n") == [line for n in range(1, 5) for line in body(n)]


def test_a_page_number_on_the_second_page_only_is_dropped():
    assert normalize([page(1, *body(1)), page(2, "2", *body(2))]).split("\n") == body(1) + body(2)


def test_page_numbers_counted_from_an_unnumbered_cover_are_dropped():
    pages = [page(1, *body(0))] + [page(n, f"- {n - 1} -", *body(n)) for n in range(2, 5)]
    assert "- 1 -" not in normalize(pages)


def test_a_number_that_does_not_agree_with_its_page_is_kept():
    text = normalize([page(1, *body(1)), page(2, *body(2), "15"), page(3, *body(3))])
    assert "15" in text.split("\n")


def test_a_single_page_keeps_a_lone_number():
    doc = Document(source="t.txt", sha256="", format="txt", pages=[Page(number=1, text="Kết quả thực hiện.\n2\n", source="plain")])
    assert normalize_document(doc).text.split("\n") == ["Kết quả thực hiện.", "2"]


def test_a_page_number_between_the_halves_of_a_sentence_is_dropped_and_the_sentence_rejoined():
    text = normalize([
        page(1, "Uỷ ban nhân dân xã chỉ đạo đẩy mạnh công tác", "1"),
        page(2, "- 2 -", "tuyên truyền vận động Nhân dân tham gia xây dựng nông thôn mới."),
    ])
    assert text == "Uỷ ban nhân dân xã chỉ đạo đẩy mạnh công tác tuyên truyền vận động Nhân dân tham gia xây dựng nông thôn mới."


def test_running_headers_and_footers_are_dropped_digits_aside():
    pages = [page(1, "UỶ BAN NHÂN DÂN XÃ HOÀ BÌNH", *body(0), "Kế hoạch số 45/KH-UBND ngày 12/3/2024 - Trang 1")]
    for n in range(2, 6):
        pages.append(page(n, "Kế hoạch xây dựng nông thôn mới xã Hoà Bình năm 2024", *body(n),
                          f"Kế hoạch số 45/KH-UBND ngày 12/3/2024 - Trang {n}"))
    text = normalize(pages)
    assert "Trang" not in text
    assert "Kế hoạch xây dựng nông thôn mới xã Hoà Bình" not in text
    assert text.split("\n") == ["UỶ BAN NHÂN DÂN XÃ HOÀ BÌNH", *[line for n in [0, 2, 3, 4, 5] for line in body(n)]]


def test_a_line_repeated_on_two_of_ten_pages_is_not_furniture():
    pages = [page(n, *body(n)) for n in range(1, 11)]
    pages[3] = page(4, "Tiếp tục duy trì các tiêu chí đã đạt", *body(4))
    pages[7] = page(8, "Tiếp tục duy trì các tiêu chí đã đạt", *body(8))
    assert normalize(pages).count("Tiếp tục duy trì các tiêu chí đã đạt") == 2


def test_a_line_at_the_top_of_one_page_and_the_bottom_of_another_is_not_furniture():
    text = normalize([page(1, *body(1), "Các thôn tổ chức thực hiện."), page(2, "Các thôn tổ chức thực hiện.", *body(2))])
    assert text.count("Các thôn tổ chức thực hiện.") == 2


def test_the_header_of_each_document_in_a_bundle_is_kept():
    header = ["CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    pages = [page(n, *header, *body(n)) for n in range(1, 4)]
    text = normalize(pages)
    assert text.count(header[0]) == 3 and text.count(header[1]) == 3


def test_furniture_of_an_ocr_scan_is_dropped_too():
    pages = [page(n, *textwrap.wrap(" ".join(body(n)), 80), "", f"Trang {n}", source="ocr") for n in range(1, 4)]
    assert "Trang" not in normalize(pages)


# ── furniture in the flow of a text with no page breaks (a print-out saved as text) ──


def flow(*lines: str) -> str:
    doc = Document(source="t.txt", sha256="", format="txt", pages=[Page(number=1, text="\n".join(lines) + "\n", source="plain")])
    return normalize_document(doc).text


def printed_pages(head, count: int = 4, lines_per_page: int = 20) -> list[str]:
    """`count` printed pages of numbered sentences, each page starting with head(n) (a list of lines)."""
    out = []
    for n in range(1, count + 1):
        out += head(n)
        out += [f"Thôn {HAMLETS[(n + k) % len(HAMLETS)]} hoàn thành chỉ tiêu thứ {k} của trang {n}." for k in range(lines_per_page)]
    return out


def test_a_gazette_running_head_and_its_page_number_are_dropped_wherever_they_stand():
    text = flow(*printed_pages(lambda n: ["CÔNG BÁO/Số 88/Ngày 12-03-2024", "", str(40 + n), ""], count=2))
    assert "CÔNG BÁO" not in text and "\n41\n" not in f"\n{text}\n" and "\n42\n" not in f"\n{text}\n"
    assert text.count("Thôn") == 40


def test_a_short_line_with_a_number_repeated_a_page_apart_is_a_running_line():
    text = flow(*printed_pages(lambda n: ["", f"Báo cáo số 15/BC-UBND ngày {n + 2}/3/2024", ""], count=4))
    assert "Báo cáo số 15" not in text and text.count("Thôn") == 80
    # not set apart by a blank line or a page number, as in text normalized once already: content
    kept = flow(*printed_pages(lambda n: [f"Báo cáo số 15/BC-UBND ngày {n + 2}/3/2024"], count=4))
    assert kept.count("Báo cáo số 15") == 4


def test_a_running_line_splitting_a_sentence_is_dropped_and_the_sentence_rejoined():
    lines = printed_pages(lambda n: ["", "Kế hoạch 12/KH-UBND năm 2024", ""], count=3)
    lines[22] = "Uỷ ban nhân dân xã chỉ đạo đẩy mạnh công tác"  # the last line of page 1
    lines[26] = "tuyên truyền vận động Nhân dân."  # the first line of page 2
    text = flow(*lines)
    assert "Kế hoạch 12/KH-UBND" not in text
    assert "Uỷ ban nhân dân xã chỉ đạo đẩy mạnh công tác tuyên truyền vận động Nhân dân." in text.split("\n")


def test_repeated_lines_closer_than_a_page_are_content():
    lines = ["Căn cứ Nghị định số 38/2024/NĐ-CP;", "Căn cứ Nghị định số 12/2023/NĐ-CP;", "Căn cứ Nghị định số 7/2022/NĐ-CP;",
             *printed_pages(lambda n: [], count=1)]
    assert flow(*lines).count("Căn cứ Nghị định số") == 3


def test_form_headings_and_article_headings_repeated_a_page_apart_are_kept():
    text = flow(*printed_pages(lambda n: [f"Mẫu số 0{n}", f"Điều {n}"], count=4))
    assert all(f"Mẫu số 0{n}" in text and f"Điều {n}" in text for n in range(1, 5))


def test_a_line_repeated_twice_not_at_a_page_top_is_kept():
    lines = printed_pages(lambda n: [], count=2)
    lines[3] = lines[30] = "Tổng số 12 thôn đạt chuẩn"
    assert flow(*lines).count("Tổng số 12 thôn đạt chuẩn") == 2


def test_an_e_signature_stamp_is_dropped_but_a_lone_field_line_is_kept():
    text = flow("Uỷ ban nhân dân xã báo cáo kết quả thực hiện.", "Ký bởi: Ủy ban Nhân dân xã Hòa Cư",
                "Cơ quan: Tỉnh Lạng Sơn", "Thời gian ký: 12.03.2024 08:15:22 +07:00",
                "Đơn vị báo cáo gồm:", "Cơ quan: Uỷ ban nhân dân xã Hoà Cư")
    assert text.split("\n") == ["Uỷ ban nhân dân xã báo cáo kết quả thực hiện.", "Đơn vị báo cáo gồm:",
                                 "Cơ quan: Uỷ ban nhân dân xã Hoà Cư"]


def test_list_items_repeated_a_page_apart_with_other_numbers_are_content():
    lines = printed_pages(lambda n: [], count=4)
    for n in range(4):
        lines[5 + 20 * n] = f"Thôn Nà Pàn có {10 + n} hộ thoát nghèo;"
    assert flow(*lines).count("Thôn Nà Pàn có") == 4
