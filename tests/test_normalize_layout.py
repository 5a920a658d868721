"""Line joining: hard wraps and page breaks inside a sentence are re-joined, structure is kept.

The documents here are written for the tests in the genre of commune plans, resolutions and
reports; the real documents are exercised in test_normalize_shared.py.
"""

import textwrap

import pytest

from pipeline.normalize import normalize_document
from pipeline.schema import Document, Page


def normalize(*pages: str, source: str = "plain") -> str:
    doc = Document(
        source="test", sha256="", format="txt",
        pages=[Page(number=i + 1, text=text, source=source) for i, text in enumerate(pages)],
    )
    return normalize_document(doc).text


def lines(*pages: str, source: str = "plain") -> list[str]:
    return normalize(*pages, source=source).split("\n")


def wrap(paragraphs: list[str], width: int = 88) -> str:
    """Paragraphs hard-wrapped the way a PDF text layer gives them: one printed line per line."""
    return "\n".join(line for p in paragraphs for line in textwrap.wrap(p, width))


# ── the output convention ────────────────────────────────────────────────────


def test_one_logical_line_per_newline_without_blank_lines_or_outer_spaces():
    text = normalize("\n\n  I. MỤC TIÊU  \n\n\n   Duy trì 15 tiêu chí đã đạt.   \n\n- Giảm tỷ lệ hộ nghèo.\n\n")
    assert text == "I. MỤC TIÊU\nDuy trì 15 tiêu chí đã đạt.\n- Giảm tỷ lệ hộ nghèo."


def test_a_joined_break_becomes_exactly_one_space():
    assert normalize("phát triển kinh tế   \n\n\n   nông thôn bền vững.") == "phát triển kinh tế nông thôn bền vững."


@pytest.mark.parametrize("text", ["", "\n\n", "   \t\u00a0\n \u200b"])
def test_empty_or_blank_documents_normalize_to_empty_text(text):
    assert normalize(text) == ""


# ── lines that continue ──────────────────────────────────────────────────────


def test_a_lower_case_line_continues_the_sentence_a_page_break_split():
    text = normalize("Việc lãnh đạo, chỉ đạo của cấp uỷ còn chậm; công tác\n\nvận động nhân dân hiến đất chưa đạt yêu cầu.")
    assert "công tác vận động nhân dân" in text
    assert text.count("\n") == 0


@pytest.mark.parametrize(
    ("before", "after", "joined"),
    [
        ("xây dựng nông", "thôn mới năm 2024.", "xây dựng nông thôn mới năm 2024."),
        ("giữ gìn bản sắc văn hoá, thực sự là vùng", "quê yên bình.", "vùng quê yên bình."),
        ("duy trì các tiêu", "chí đã đạt.", "các tiêu chí đã đạt"),
        ("vệ sinh môi trường đạt", "thấp. Các chỉ tiêu khác đạt.", "môi trường đạt thấp. Các chỉ tiêu"),
        ("tập trung chỉ đạo.", "tiếp tục rà soát các tiêu chí.", "chỉ đạo. tiếp tục rà soát"),
    ],
)
def test_lower_case_continuations_join_across_blank_lines(before, after, joined):
    assert joined in normalize(f"{before}\n\n{after}")


@pytest.mark.parametrize(
    ("before", "after", "joined"),
    [
        # a word that cannot end a clause
        ("ban hành kèm theo Quyết định của", "Uỷ ban nhân dân huyện.", "Quyết định của Uỷ ban nhân dân huyện."),
        ("phối hợp với", "Phòng Nông nghiệp và Phát triển nông thôn;", "phối hợp với Phòng Nông nghiệp"),
        ("kế hoạch của Ban Chỉ đạo các", "Chương trình mục tiêu quốc gia.", "các Chương trình mục tiêu"),
        # a name split after its first syllable
        ("trên địa bàn tỉnh Lạng", "Sơn giai đoạn 2021 - 2025.", "tỉnh Lạng Sơn giai đoạn"),
        ("giao đồng chí Hoàng", "Văn Nam, Phó Chủ tịch UBND xã, theo dõi.", "đồng chí Hoàng Văn Nam, Phó"),
        # a comma or a spaced dash
        ("Về kết quả thực hiện nhiệm vụ năm 2023,", "Phương hướng nhiệm vụ năm 2024", "năm 2023, Phương hướng"),
        ("phát triển kinh tế -", "Xã hội ổn định.", "kinh tế - Xã hội"),
    ],
)
def test_a_capitalised_line_continues_a_line_that_plainly_runs_on(before, after, joined):
    assert joined in normalize(f"{before}\n\n{after}")


@pytest.mark.parametrize(
    ("before", "after", "joined"),
    [
        ("phấn đấu đạt chuẩn nông thôn mới trong năm", "2024 và duy trì bền vững.", "trong năm 2024 và"),
        ("theo phương châm", "“Dân biết, dân bàn, dân làm, dân kiểm tra”.", "phương châm “Dân biết"),
        ("tổng kinh phí thực hiện", "(dự kiến) 1.250 triệu đồng.", "thực hiện (dự kiến) 1.250"),
    ],
)
def test_digits_quotes_and_brackets_continue_an_unfinished_sentence(before, after, joined):
    assert joined in normalize(f"{before}\n{after}")


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("theo Quyết định số 1543-\nQĐ/HU ngày 20/01/2024", "1543-QĐ/HU ngày"),
        ("Quyết định số 318/QĐ-\nTTg ngày 08/3/2022", "318/QĐ-TTg ngày"),
        ("Quyết định số 1494/QĐ-\nUBND, ngày 14/9/2022", "1494/QĐ-UBND, ngày"),
        ("Kế hoạch số 45/\nKH-UBND của xã", "45/KH-UBND của"),
        ("ban hành ngày 08/\n3/2022 của Thủ tướng", "08/3/2022 của"),
        ("giai đoạn 2021-\n2025 của tỉnh", "2021-2025 của"),
    ],
)
def test_a_document_code_split_after_its_hyphen_or_slash_is_rejoined_without_a_space(raw, code):
    assert code in normalize(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("phát triển kinh tế -\nxã hội", "phát triển kinh tế - xã hội"),  # a spaced dash is not a code
        ("phát triển kinh tế-\nxã hội", "phát triển kinh tế- xã hội"),  # no digit or slash: a word, not a code
        ("Đoàn công tác theo QĐ 1543\n\nHU;", "Đoàn công tác theo QĐ 1543\nHU;"),  # nothing says it is one code
    ],
)
def test_only_real_code_splits_lose_their_break(raw, expected):
    assert normalize(raw) == expected


def test_a_citation_of_an_article_continues_the_sentence():
    text = normalize("thực hiện theo quy định tại\nĐiều 5 Luật Đất đai năm 2024.")
    assert text == "thực hiện theo quy định tại Điều 5 Luật Đất đai năm 2024."


# ── lines that stay apart ────────────────────────────────────────────────────


def test_paragraphs_ending_without_punctuation_stay_apart_from_a_capitalised_paragraph():
    text = normalize("Căn cứ Kế hoạch số 12/KH-UBND của UBND huyện về xây dựng nông thôn mới năm 2024\n\n"
                     "Thực hiện Nghị quyết của Đảng uỷ xã về nhiệm vụ năm 2024.")
    assert len(text.split("\n")) == 2


@pytest.mark.parametrize(
    "heading",
    ["I. MỤC ĐÍCH, YÊU CẦU", "II- Quan điểm và mục tiêu", "1. Mục đích", "1.2. Chỉ tiêu cụ thể", "2.1 Công tác chỉ đạo",
     "a) Chỉ tiêu kinh tế", "đ) Chỉ tiêu quốc phòng, an ninh", "Điều 1. Phê duyệt kế hoạch", "Chương II",
     "KẾT QUẢ THỰC HIỆN NĂM 2023", "Phần thứ nhất", "3/ Giải pháp thực hiện"],
)
def test_headings_stay_on_their_own_line(heading):
    before = "Các thôn chủ động rà soát, bổ sung kế hoạch của thôn"
    after = "Tiếp tục duy trì các tiêu chí đã đạt"
    assert lines(f"{before}\n{heading}\n{after}") == [before, heading, after]


@pytest.mark.parametrize("marker", ["- ", "+ ", "• ", "-", "– ", "1. ", "2) ", "a) ", "(1) "])
def test_list_items_stay_on_their_own_line_even_after_an_unfinished_one(marker):
    items = [f"{marker}Tỷ lệ hộ nghèo giảm còn dưới 3%", f"{marker}Thu nhập bình quân đạt 50 triệu đồng",
             f"{marker}tỷ lệ lao động qua đào tạo đạt 70%"]
    assert lines("Các chỉ tiêu chủ yếu gồm:\n" + "\n".join(items)) == ["Các chỉ tiêu chủ yếu gồm:", *items]


def test_a_lower_case_line_after_a_colon_starts_an_item():
    assert lines("Các chỉ tiêu gồm:\nduy trì 19 tiêu chí đã đạt;") == ["Các chỉ tiêu gồm:", "duy trì 19 tiêu chí đã đạt;"]


def test_a_wrapped_list_item_is_rejoined():
    text = normalize("- Tiếp tục rà soát, bổ sung quy hoạch chung xây dựng xã và\nquy hoạch chi tiết các khu dân cư;\n"
                     "- Lưu: VT.")
    assert text == "- Tiếp tục rà soát, bổ sung quy hoạch chung xây dựng xã và quy hoạch chi tiết các khu dân cư;\n- Lưu: VT."


HEADER_BLOCK = [
    "UỶ BAN NHÂN DÂN",
    "XÃ HOÀ BÌNH",
    "Số: 45/KH-UBND",
    "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "Hoà Bình, ngày 12 tháng 3 năm 2024",
    "KẾ HOẠCH",
    "Triển khai thực hiện Chương trình mục tiêu quốc gia xây dựng nông thôn mới năm 2024",
]
SIGNATURE_BLOCK = [
    "Nơi nhận:",
    "- Như trên;",
    "- UBND huyện (b/c);",
    "- Lưu: VT.",
    "TM. UỶ BAN NHÂN DÂN",
    "KT. CHỦ TỊCH",
    "PHÓ CHỦ TỊCH",
    "(Đã ký)",
    "Nguyễn Văn Bình",
]
BODY = [
    "Căn cứ Quyết định số 318/QĐ-TTg ngày 08/3/2022 của Thủ tướng Chính phủ;",
    "Uỷ ban nhân dân xã xây dựng Kế hoạch thực hiện như sau:",
    "I. MỤC ĐÍCH, YÊU CẦU",
    "Duy trì và nâng cao chất lượng các tiêu chí đã đạt, phấn đấu đạt thêm 02 tiêu chí trong năm 2024./.",
]


@pytest.mark.parametrize("separator", ["\n", "\n\n"])
def test_header_and_signature_lines_stay_apart(separator):
    raw = separator.join(HEADER_BLOCK + BODY + SIGNATURE_BLOCK)
    assert lines(raw) == HEADER_BLOCK + BODY + SIGNATURE_BLOCK


def test_header_and_signature_lines_stay_apart_in_a_hard_wrapped_text_layer():
    body = wrap([
        "Căn cứ Quyết định số 318/QĐ-TTg ngày 08/3/2022 của Thủ tướng Chính phủ ban hành Bộ tiêu chí quốc gia "
        "về xã nông thôn mới giai đoạn 2021 - 2025 và Bộ tiêu chí quốc gia về xã nông thôn mới nâng cao;",
        "Uỷ ban nhân dân xã xây dựng Kế hoạch triển khai thực hiện Chương trình mục tiêu quốc gia xây dựng "
        "nông thôn mới trên địa bàn xã năm 2024 với các nội dung cụ thể như sau:",
        "Tập trung huy động các nguồn lực để đầu tư xây dựng kết cấu hạ tầng kinh tế - xã hội nông thôn, "
        "trong đó ưu tiên các công trình thiết yếu phục vụ sản xuất và đời sống của Nhân dân; phấn đấu "
        "hoàn thành các tiêu chí còn lại trong năm 2024./.",
    ])
    result = lines("\n".join(HEADER_BLOCK) + "\n" + body + "\n" + "\n".join(SIGNATURE_BLOCK), source="text_layer")
    assert result[: len(HEADER_BLOCK)] == HEADER_BLOCK
    assert result[-len(SIGNATURE_BLOCK):] == SIGNATURE_BLOCK
    assert len(result) == len(HEADER_BLOCK) + 3 + len(SIGNATURE_BLOCK)


def test_recipients_without_dashes_stay_one_per_line():
    assert lines("Nơi nhận:\nNhư trên,\nThường trực Huyện uỷ,\nLưu VT.") == [
        "Nơi nhận:", "Như trên,", "Thường trực Huyện uỷ,", "Lưu VT.",
    ]


def test_a_recipient_wrapped_in_the_middle_is_rejoined():
    assert lines("Nơi nhận:\n- Thường trực Huyện uỷ, (để\nbáo cáo);\n- Lưu: VP.") == [
        "Nơi nhận:", "- Thường trực Huyện uỷ, (để báo cáo);", "- Lưu: VP.",
    ]


def test_the_end_of_document_mark_is_never_joined():
    assert lines("triển khai thực hiện có hiệu quả./.\nnơi nhận") == ["triển khai thực hiện có hiệu quả./.", "nơi nhận"]


# ── hard-wrapped text layers and OCR ─────────────────────────────────────────

PARAGRAPHS = [
    "Năm 2023, xã đạt 15/19 tiêu chí xây dựng nông thôn mới theo Bộ tiêu chí quốc gia giai đoạn 2021 - 2025 "
    "của Thủ tướng Chính phủ; các tiêu chí còn lại gồm Giao thông, Thu nhập, Nghèo đa chiều và Môi trường "
    "đang được tập trung chỉ đạo thực hiện.",
    "Thu nhập bình quân đầu người năm 2023 đạt 42 triệu đồng, tăng 3,5 triệu đồng so với năm 2022; tỷ lệ "
    "hộ nghèo theo chuẩn nghèo đa chiều giảm còn 4,2%, tỷ lệ hộ cận nghèo giảm còn 6,1%; Ban Chỉ đạo "
    "Chương trình Mục tiêu quốc gia huyện Văn Lãng đánh giá xã hoàn thành tốt nhiệm vụ.",
    "Phấn đấu đến hết năm 2024 xã đạt chuẩn nông thôn mới; mỗi thôn có ít nhất một mô hình sản xuất hiệu "
    "quả; tỷ lệ người dân tham gia bảo hiểm y tế đạt trên 95%; Mặt trận Tổ quốc và các đoàn thể Chính trị "
    "- xã hội tiếp tục vận động Nhân dân hiến đất làm đường giao thông nông thôn.",
]


def test_a_hard_wrapped_text_layer_is_rejoined_into_its_paragraphs():
    result = lines(wrap(PARAGRAPHS), source="text_layer")
    assert result == PARAGRAPHS


def test_ocr_paragraphs_separated_by_blank_lines_are_rejoined():
    raw = "\n\n".join("\n".join(textwrap.wrap(p, 80)) for p in PARAGRAPHS)
    assert lines(raw, source="ocr") == PARAGRAPHS


def test_a_wrap_before_a_spaced_dash_is_not_a_list_item():
    paragraph = ("Ban Chỉ đạo tập trung huy động các nguồn lực để phát triển kết cấu hạ tầng kinh tế "
                 "- xã hội nông thôn; ưu tiên các công trình thiết yếu phục vụ sản xuất và đời sống của Nhân dân.")
    width = paragraph.index(" - xã")  # the dash no longer fits on the first line
    raw = wrap(PARAGRAPHS[:2]) + "\n" + "\n".join(textwrap.wrap(paragraph, width)) + "\n" + wrap(PARAGRAPHS[2:])
    assert raw.count("\n- xã hội") == 1
    assert paragraph in lines(raw, source="text_layer")


def test_in_a_text_layer_a_short_line_is_a_heading_or_a_paragraph_end():
    raw = wrap(PARAGRAPHS[:1]) + "\n1. Mục đích\n" + wrap(PARAGRAPHS[1:2]) + "\nKết quả cụ thể\n" + wrap(PARAGRAPHS[2:])
    assert lines(raw, source="text_layer") == [PARAGRAPHS[0], "1. Mục đích", PARAGRAPHS[1], "Kết quả cụ thể", PARAGRAPHS[2]]


def test_plain_paragraphs_of_any_length_are_never_joined_by_width():
    # one paragraph per line, as Word and markdown give them: nothing shows a wrap width
    raw = "\n".join(["Uỷ ban nhân dân xã giao các ban ngành thực hiện", "Các thôn tổ chức tuyên truyền"] * 3)
    assert len(lines(raw)) == 6


def test_a_page_break_inside_a_paragraph_is_rejoined():
    first, second = wrap(PARAGRAPHS[:2]), wrap(PARAGRAPHS[2:])
    cut = first.rindex("\n", 0, first.rindex("\n"))  # leave two lines of the second paragraph for page 2
    assert lines(first[:cut] + "\n", first[cut + 1:] + "\n" + second, source="text_layer") == PARAGRAPHS


def test_a_page_break_between_paragraphs_stays_a_line_break():
    assert lines(wrap(PARAGRAPHS[:1]), wrap(PARAGRAPHS[1:]), source="text_layer") == PARAGRAPHS


def test_a_page_break_inside_a_sentence_of_a_markdown_document_is_rejoined():
    assert lines("Uỷ ban nhân dân xã tổ chức\n", "\nhội nghị triển khai kế hoạch.") == [
        "Uỷ ban nhân dân xã tổ chức hội nghị triển khai kế hoạch."
    ]


def test_an_all_caps_title_wrapped_before_its_year_or_after_a_connector_is_rejoined():
    assert lines("NGHỊ QUYẾT\nVỀ VIỆC XÂY DỰNG XÃ ĐẠT CHUẨN NÔNG THÔN MỚI NĂM\n2024\nCăn cứ Luật Tổ chức chính quyền địa phương;") == [
        "NGHỊ QUYẾT", "VỀ VIỆC XÂY DỰNG XÃ ĐẠT CHUẨN NÔNG THÔN MỚI NĂM 2024", "Căn cứ Luật Tổ chức chính quyền địa phương;",
    ]
    assert lines("BÁO CÁO\nKẾT QUẢ THỰC HIỆN CHƯƠNG TRÌNH CỦA\nUỶ BAN NHÂN DÂN XÃ") == [
        "BÁO CÁO", "KẾT QUẢ THỰC HIỆN CHƯƠNG TRÌNH CỦA UỶ BAN NHÂN DÂN XÃ",
    ]


def test_a_word_that_did_not_fit_on_the_line_marks_a_wrap_even_before_a_capital():
    # OCR of a proportional font: the line before a long abbreviation stops well short of the margin
    short = "nước chủ động. Thường xuyên kiện toàn Ban Chỉ huy"
    raw = "\n".join(textwrap.wrap(PARAGRAPHS[0], 66) + [short, "PCTT&TKCN, Đội xung kích tổ chức tập huấn, huy động"]
                    + textwrap.wrap(PARAGRAPHS[1], 66))
    assert f"{short} PCTT&TKCN, Đội xung kích" in normalize(raw, source="ocr")


def test_table_rows_stay_one_per_line():
    rows = ["TT\tChỉ tiêu\tĐơn vị\tNăm 2024", "1\tTỷ lệ hộ nghèo\t%\t3,5", "2\tThu nhập bình quân\ttriệu đồng\t45"]
    raw = "Các chỉ tiêu chủ yếu năm 2024 như sau\n" + "\n".join(rows) + "\ntrong đó chỉ tiêu thu nhập là chỉ tiêu khó."
    assert lines(raw) == ["Các chỉ tiêu chủ yếu năm 2024 như sau", *rows, "trong đó chỉ tiêu thu nhập là chỉ tiêu khó."]


def test_a_first_line_indent_starts_a_paragraph_in_hard_wrapped_plain_text():
    first = textwrap.wrap(PARAGRAPHS[0], 80)
    last = "để tổ chức thực hiện hoàn thành các chỉ tiêu, nhiệm vụ của Chương trình năm 2024"  # full, no stop
    second = textwrap.wrap(PARAGRAPHS[1], 80)
    assert len(last) >= 0.9 * max(len(line) for line in first)
    indented = "\n".join(["    " + first[0], *first[1:], last, "    " + second[0], *second[1:]])
    assert lines(indented) == [PARAGRAPHS[0] + " " + last, PARAGRAPHS[1]]
    flush = indented.replace("    ", "")  # without the indent the full line reads as a wrap
    assert lines(flush) == [PARAGRAPHS[0] + " " + last + " " + PARAGRAPHS[1]]


# ── a whole multi-page document ──────────────────────────────────────────────


def test_a_multi_page_text_layer_document_end_to_end():
    body = [
        "Căn cứ Quyết định số 318/QĐ-TTg ngày 08/3/2022 của Thủ tướng Chính phủ ban hành Bộ tiêu chí quốc gia "
        "về xã nông thôn mới giai đoạn 2021 - 2025;",
        "Uỷ ban nhân dân xã xây dựng Kế hoạch thực hiện như sau:",
        "I. MỤC ĐÍCH, YÊU CẦU",
        *PARAGRAPHS,
        "II. NHIỆM VỤ, GIẢI PHÁP",
        "1. Công tác tuyên truyền",
        "Đẩy mạnh công tác tuyên truyền, vận động Nhân dân tham gia xây dựng nông thôn mới, trong đó chú trọng "
        "vận động hiến đất, góp công làm đường giao thông và giữ gìn vệ sinh môi trường nông thôn./.",
    ]
    printed = HEADER_BLOCK + wrap(body).split("\n") + SIGNATURE_BLOCK
    pages, size = [], 14
    for n, start in enumerate(range(0, len(printed), size), 1):
        top = [f"- {n} -"] if n > 1 else []
        footer = [f"Kế hoạch số 45/KH-UBND xã Hoà Bình - Trang {n}"]
        pages.append("\n".join(top + printed[start:start + size] + footer))
    assert len(pages) >= 3
    doc = Document(source="kh.pdf", sha256="", format="pdf",
                   pages=[Page(number=i + 1, text=t, source="text_layer") for i, t in enumerate(pages)])
    result = normalize_document(doc)
    assert result.text.split("\n") == HEADER_BLOCK + body + SIGNATURE_BLOCK

    # a phrase printed on page 2 maps back to page 2, at the offset it has there
    phrase = "Thu nhập bình quân đầu người năm 2023"
    page, offset = next((i + 1, t.find(phrase)) for i, t in enumerate(pages) if phrase in t)
    start = result.text.index(phrase)
    runs = [r for r in result.char_map if r.start <= start < r.start + r.length]
    assert (runs[0].page, runs[0].raw_start + start - runs[0].start) == (page, offset)


def test_an_issuing_body_wrapped_inside_its_commune_name_is_rejoined():
    from pipeline.normalize.layout import Line, heading_runs_on

    def line(text):
        return Line(0, len(text), text, 0, False)

    assert heading_runs_on("BCH ĐẢNG BỘ XÃ SONG", line("LỘC"))
    assert heading_runs_on("UỶ BAN NHÂN DÂN THÀNH PHỐ", line("LẠNG SƠN"))
    assert not heading_runs_on("ĐẢNG UỶ XÃ SƠN", line("NGHỊ QUYẾT"))  # a heading of its own
    assert not heading_runs_on("ĐẢNG BỘ HUYỆN MỸ TÚ", line("BCH ĐẢNG BỘ XÃ SONG LỘC"))
