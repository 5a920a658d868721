"""Cited documents: forms of citation, what is not a citation, and the three shared documents."""

import json

import pytest

import pipeline
from pipeline.evaluate import code_key
from pipeline.extract.context import Context
from pipeline.extract.metadata import find_metadata
from pipeline.extract.references import find_references
from tests.helpers import SHARED_DOCS, SHARED_GOLD

SHARED = sorted(SHARED_DOCS.glob("*.md")) if SHARED_DOCS.is_dir() else []


def run(text):
    ctx = Context(text=text)
    ctx.found["metadata"] = find_metadata(ctx)
    refs = find_references(ctx)
    for ref in refs:  # every item and mention is a slice of the text
        assert ref.text == text[ref.span[0]:ref.span[1]]
        assert ref.mentions and ref.mentions[0].span == ref.span
        for mention in ref.mentions:
            assert mention.text == text[mention.span[0]:mention.span[1]]
    return refs, ctx


def refs_of(text):
    return run(text)[0]


def by_code(text):
    return {r.code: r for r in refs_of(text)}


# ── the parts of one citation ─────────────────────────────────────────────────


def test_full_citation_with_date_issuer_and_subject():
    text = ("Căn cứ Quyết định số 1205/QĐ-UBND ngày 15/4/2022 của UBND tỉnh Nghệ An về việc ban hành "
            "Bộ tiêu chí xã nông thôn mới giai đoạn 2022 - 2025; Căn cứ tình hình thực tế của xã.")
    [ref] = refs_of(text)
    assert ref.text == "Quyết định số 1205/QĐ-UBND ngày 15/4/2022"
    assert (ref.doc_type, ref.number, ref.symbol, ref.code) == ("quyet_dinh", "1205", "QĐ-UBND", "1205/QĐ-UBND")
    assert (ref.date, ref.date_text) == ("2022-04-15", "ngày 15/4/2022")
    assert (ref.issuer, ref.issuer_level) == ("UBND tỉnh Nghệ An", "province")
    assert ref.subject == "ban hành Bộ tiêu chí xã nông thôn mới giai đoạn 2022 - 2025"


@pytest.mark.parametrize(("text", "iso"), [
    ("theo Kế hoạch số 56/KH-UBND ngày 08-3-2023 của UBND huyện Lộc Bình;", "2023-03-08"),
    ("theo Kế hoạch số 56/KH-UBND, ngày 8 tháng 3 năm 2023 của UBND huyện Lộc Bình;", "2023-03-08"),
    ("theo Kế hoạch số 56/KH-UBND của UBND huyện Lộc Bình ngày 08/3/2023;", "2023-03-08"),
    ("theo Kế hoạch số 56/KH-UBND (ngày 08.3.2023) của UBND huyện Lộc Bình;", "2023-03-08"),
    ("theo Kế hoạch của Uỷ ban nhân dân huyện Lộc Bình số 56/KH-UBND ngày 08/3/2023;", "2023-03-08"),
    ("theo Kế hoạch số 56/KH-UBND (08/3/2023) của UBND huyện Lộc Bình;", "2023-03-08"),
])
def test_date_forms_and_positions(text, iso):
    [ref] = refs_of(text)
    assert (ref.code, ref.date) == ("56/KH-UBND", iso)
    assert ref.issuer in ("UBND huyện Lộc Bình", "Uỷ ban nhân dân huyện Lộc Bình")
    assert ref.issuer_level == "district"


def test_a_bare_date_in_a_table_row():
    [ref] = refs_of("| 2 | Kế hoạch số 56/KH-UBND | 08/3/2023 | UBND huyện Lộc Bình |")
    assert (ref.code, ref.date, ref.issuer) == ("56/KH-UBND", "2023-03-08", "Uỷ ban nhân dân")


def test_a_bare_number_is_not_a_date():
    [ref] = refs_of("Quyết định số 12/QĐ-UBND, 15 hộ được hỗ trợ")
    assert ref.date is None


@pytest.mark.parametrize(("text", "code", "doc_type"), [
    ("Thực hiện Quyết định 318/QĐ-TTg của Thủ tướng Chính phủ", "318/QĐ-TTg", "quyet_dinh"),
    ("thực hiện QĐ số 1543-QĐ/HU của Ban Thường vụ Huyện uỷ", "1543-QĐ/HU", "quyet_dinh"),
    ("quán triệt NQ số 05-NQ/ĐU của Đảng uỷ xã Yên Bình", "05-NQ/ĐU", "nghi_quyet"),
    ("triển khai KH 25/KH-UBND của UBND xã", "25/KH-UBND", "ke_hoach"),
    ("theo CV số 1234/UBND-NN của UBND huyện", "1234/UBND-NN", "cong_van"),
    ("theo Công văn số 1234/UBND-NN của UBND huyện", "1234/UBND-NN", "cong_van"),
    ("theo văn bản số 2350/BNN-VPĐP của Bộ Nông nghiệp và Phát triển nông thôn", "2350/BNN-VPĐP", "van_ban"),
    ("theo TB số 12-TB/HU của Thường trực Huyện uỷ", "12-TB/HU", "thong_bao"),
    ("Căn cứ Chỉ thị số 15-CT/TU của Ban Thường vụ Tỉnh uỷ", "15-CT/TU", "chi_thi"),
    ("Thực hiện Kết luận số 01-KL/TW của Bộ Chính trị", "01-KL/TW", "ket_luan"),
    ("Thực hiện Công điện số 35/CĐ-TTg của Thủ tướng Chính phủ", "35/CĐ-TTg", "cong_dien"),
    ("Căn cứ Nghị quyết số 08/2019/NQ-HĐND của HĐND tỉnh", "08/2019/NQ-HĐND", "nghi_quyet"),
    ("Căn cứ Thông tư số 13/2020/TT-BGDĐT của Bộ Giáo dục và Đào tạo", "13/2020/TT-BGDĐT", "thong_tu"),
    ("Căn cứ Quyết định số 09/2024/QĐ-UBND của UBND tỉnh Bắc Giang", "09/2024/QĐ-UBND", "quyet_dinh"),
    ("theo đề nghị tại văn bản số 487/VPQH-TK-m", "487/VPQH-TK-m", "van_ban"),
    ("theo Tờ trình số 56/TTr-UBND của UBND xã", "56/TTr-UBND", "to_trinh"),
    ("căn cứ 57/2018/NĐ-CP về cơ chế khuyến khích đầu tư", "57/2018/NĐ-CP", "nghi_dinh"),
    ("Căn cứ Luật Ngân sách nhà nước số 83/2015/QH13", "83/2015/QH13", "luat"),
])
def test_types_abbreviations_and_code_shapes(text, code, doc_type):
    [ref] = refs_of(text)
    assert (ref.code, ref.doc_type) == (code, doc_type)


def test_issuer_and_level_from_the_symbol_when_not_written():
    found = by_code("Căn cứ Quyết định số 318/QĐ-TTg; Nghị định số 27/2022/NĐ-CP; Thông tư số 05/2022/TT-BNNPTNT; "
                    "Nghị quyết số 19-NQ/TW; Quyết định số 2986-QĐ/HU; Nghị quyết số 74-NQ/ĐU.")
    assert {c: (r.issuer, r.issuer_level) for c, r in found.items()} == {
        "318/QĐ-TTg": ("Thủ tướng Chính phủ", "central"),
        "27/2022/NĐ-CP": ("Chính phủ", "central"),
        "05/2022/TT-BNNPTNT": ("Bộ Nông nghiệp và Phát triển nông thôn", "central"),
        "19-NQ/TW": ("Ban Chấp hành Trung ương", "party"),
        "2986-QĐ/HU": ("Huyện uỷ", "party"),
        "74-NQ/ĐU": ("Đảng uỷ", "party"),
    }


@pytest.mark.parametrize(("issuer", "level"), [
    ("Hội đồng nhân dân xã Tân Lập", "commune"),
    ("UBND huyện Đình Lập", "district"),
    ("Uỷ ban nhân dân tỉnh Cao Bằng", "province"),
    ("Ban Thường vụ Huyện uỷ Đình Lập", "party"),
    ("Bộ trưởng Bộ Tài chính", "central"),
    ("UBND thành phố Hà Nội", "province"),
])
def test_issuer_level_from_the_written_issuer(issuer, level):
    [ref] = refs_of(f"Căn cứ Quyết định số 77/QĐ-UBND ngày 02/02/2024 của {issuer} về việc giao chỉ tiêu;")
    assert (ref.issuer, ref.issuer_level) == (issuer, level)


# ── several citations together ────────────────────────────────────────────────


def test_a_shared_date_belongs_to_the_nearest_code():
    found = by_code("(theo Thông tư số 21/2019/TT-BYT và Thông tư số 22/2019/TT-BYT, ngày 12/6/2019 của Bộ trưởng Bộ Y tế).")
    assert found["21/2019/TT-BYT"].date is None
    assert found["22/2019/TT-BYT"].date == "2019-06-12"
    assert found["22/2019/TT-BYT"].issuer == "Bộ trưởng Bộ Y tế"


def test_cung_ngay_dates_both_codes():
    found = by_code("Căn cứ Quyết định số 318/QĐ-TTg và Quyết định số 320/QĐ-TTg cùng ngày 08/3/2022 của Thủ tướng Chính phủ;")
    assert {c: r.date for c, r in found.items()} == {"318/QĐ-TTg": "2022-03-08", "320/QĐ-TTg": "2022-03-08"}


def test_one_reference_per_code_with_every_mention():
    text = ("Thực hiện Nghị quyết số 12-NQ/ĐU của Đảng uỷ xã về phát triển kinh tế. Để triển khai Nghị quyết "
            "số 12-NQ/ĐU ngày 04/01/2024, UBND xã giao nhiệm vụ; kết quả thực hiện 12-NQ/ĐU được báo cáo hằng quý.")
    [ref] = refs_of(text)
    assert len(ref.mentions) == 3
    assert ref.text == "Nghị quyết số 12-NQ/ĐU"  # the first mention
    assert ref.date == "2024-01-04"  # filled from a later mention
    assert ref.subject == "phát triển kinh tế"


def test_the_same_number_in_two_years_is_two_documents():
    found = refs_of("Kế hoạch số 15/KH-UBND ngày 10/01/2023 và Kế hoạch số 15/KH-UBND ngày 12/01/2024 của UBND xã.")
    assert sorted(r.date for r in found) == ["2023-01-10", "2024-01-12"]


def test_subject_stops_at_the_next_clause_but_keeps_a_cited_document():
    found = by_code("Căn cứ Nghị quyết số 20/2023/NQ-HĐND ngày 05/7/2023 của HĐND tỉnh sửa đổi một số điều của "
                    "Nghị quyết số 11/2021/NQ-HĐND; Quyết định số 45/QĐ-UBND ngày 01/02/2024 về việc giao vốn "
                    "và Quyết định số 46/QĐ-UBND ngày 02/02/2024 về việc phân bổ vốn.")
    assert found["20/2023/NQ-HĐND"].subject == "sửa đổi một số điều của Nghị quyết số 11/2021/NQ-HĐND"
    assert found["45/QĐ-UBND"].subject == "giao vốn"
    assert found["46/QĐ-UBND"].subject == "phân bổ vốn"


# ── laws by name ──────────────────────────────────────────────────────────────


def test_laws_cited_by_name_and_date():
    text = ("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; Luật sửa đổi, bổ sung một số "
            "điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương ngày 22/11/2019; "
            "Căn cứ Luật Đất đai năm 2013;")
    found = refs_of(text)
    assert [(r.doc_type, r.code, r.title, r.date) for r in found] == [
        ("luat", None, "Luật Tổ chức chính quyền địa phương", "2015-06-19"),
        ("luat", None, "Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính "
                       "quyền địa phương", "2019-11-22"),
        ("luat", None, "Luật Đất đai", None),
    ]
    assert found[2].date_text == "năm 2013"


def test_law_with_a_number_keeps_its_name_as_title():
    [ref] = refs_of("Căn cứ Luật Đất đai số 31/2024/QH15 ngày 18/01/2024;")
    assert (ref.code, ref.title, ref.date, ref.issuer) == ("31/2024/QH15", "Luật Đất đai", "2024-01-18", "Quốc hội")


def test_a_law_without_a_date_is_not_a_reference():
    assert refs_of("Thực hiện tốt Pháp lệnh Ưu đãi người có công với cách mạng; chính sách trợ giúp xã hội.") == []


# ── damaged text ──────────────────────────────────────────────────────────────


@pytest.mark.parametrize("written", [
    "318/QÐ-TTg", "318 / QĐ-TTg", "318/ QĐ - TTg", "318/QĐ-\nTTg", "318/\nQĐ-TTg", "318/QD-TTG",
])
def test_ocr_and_typing_noise_in_codes(written):
    [ref] = refs_of(f"Căn cứ Quyết định số {written} ngày 08/3/2022 của Thủ tướng Chính phủ;")
    assert (ref.code, ref.date) == ("318/QĐ-TTg", "2022-03-08")


def test_a_code_whose_separators_were_lost_over_a_line_break():
    text = "- Đoàn kiểm tra của huyện theo QĐ 2017\n\nHU;\n- Lưu VP."
    [ref] = refs_of(text)
    assert (ref.code, ref.doc_type, ref.issuer_level) == ("2017-QĐ/HU", "quyet_dinh", "party")
    assert ref.text == "QĐ 2017\n\nHU"


def test_an_impossible_date_is_kept_as_text_with_a_warning():
    refs, ctx = run("Thực hiện Công văn số 88/UBND-VX ngày 31/02/2023 của UBND huyện;")
    [ref] = refs
    assert (ref.date, ref.date_text) == (None, "ngày 31/02/2023")
    assert [w.code for w in ctx.warnings] == ["invalid_date"]
    assert ctx.warnings[0].text == "ngày 31/02/2023"


# ── what is not a reference ───────────────────────────────────────────────────


@pytest.mark.parametrize("text", [
    "UBND XÃ TÂN LẬP\nSố: 12/KH-UBND\nTân Lập, ngày 02 tháng 3 năm 2024\nKẾ HOẠCH\nPhát triển sản xuất năm 2024",
    "ĐẢNG UỶ XÃ TÂN LẬP\nSố 15-NQ/ĐU\nNGHỊ QUYẾT",
    "Số: /KH-UBND",
    "UBND XÃ TÂN LẬP\nSố: 12/KH-UBND\nKẾ HOẠCH\nNăm 2024\nPHỤ LỤC\n(Kèm theo Kế hoạch số 12/KH-UBND của UBND xã)",
    "Đến nay xã đạt 15/19 tiêu chí; Chỉ tiêu 6.3 đạt 100%; phấn đấu năm 2024 đạt thêm 2 tiêu chí.",
    "Hoàn thành trong Quý I/2024; giai đoạn 2021 - 2025; năng suất 60 tạ/ha; thu 11,08 tỷ đồng/5,57 tỷ đồng.",
    "4/ Ban chỉ đạo xã phân công thành viên phụ trách.\n3/ Huy động nguồn lực.",
    "Kê khai theo Mẫu số 01/TK-HGĐ và tổng hợp tại Biểu số 02/BC-NTM.",
    "6/6 thôn đạt chuẩn; 12/12 chi bộ HTTNV; 2/21 chỉ tiêu không đạt.",
    "Thực hiện tốt Luật Đất đai trước ngày 30/6/2024.",
])
def test_not_references(text):
    assert refs_of(text) == []


# ── the shared documents ──────────────────────────────────────────────────────


@pytest.mark.skipif(not SHARED, reason="../shared/corpus is not beside the repository")
@pytest.mark.parametrize("path", SHARED, ids=lambda p: p.stem)
def test_shared_documents_match_gold(path):
    gold = json.loads((SHARED_GOLD / f"{path.stem}.json").read_text(encoding="utf-8"))["references"]
    text = pipeline.normalize(pipeline.ingest(path)).text
    predicted = {code_key(r.code): r for r in refs_of(text) if r.code}
    for g in gold:
        ref = predicted.pop(code_key(g["code"]), None)
        if g.get("optional"):
            continue
        assert ref is not None, f"missed {g['code']}"
        if not g.get("date_any"):
            assert ref.date == g.get("date"), g["code"]
    assert not predicted, f"not in gold: {sorted(predicted)}"


# ── issue 11: the date belongs to its document wherever it is written ────────


def test_a_date_that_opens_the_sentence_of_a_signing():
    refs = by_code("Ngày 12/4/2024, Chủ tịch UBND huyện đã ký ban hành Quyết định số 845/QĐ-UBND công nhận 3 thôn.")
    assert refs["845/QĐ-UBND"].date == "2024-04-12"
    # a dated event that only follows a plan is not the plan's date
    refs = by_code("Ngày 12/4/2024, đoàn kiểm tra làm việc tại xã theo Kế hoạch số 45/KH-UBND của huyện.")
    assert refs["45/KH-UBND"].date is None
    # another code between the date and this one: the date is not this one's
    refs = by_code("Ngày 12/4/2024, UBND tỉnh ban hành Quyết định số 7/QĐ-UBND thay thế Quyết định số 9/QĐ-UBND.")
    assert refs["7/QĐ-UBND"].date == "2024-04-12" and refs["9/QĐ-UBND"].date is None


def test_a_date_after_the_issuer_written_without_cua():
    refs = by_code("Các xã thực hiện theo Quyết định số 1020/QĐ-TTg Thủ tướng Chính phủ ban hành ngày 14-8-2021.")
    assert refs["1020/QĐ-TTg"].date == "2021-08-14"
    refs = by_code("Thực hiện Kế hoạch số 77/KH-UBND do UBND huyện ban hành ngày 03-3-2024, xã tổ chức rà soát.")
    assert refs["77/KH-UBND"].date == "2024-03-03"


def test_a_code_cited_after_a_type_word_is_a_reference_even_when_read_as_the_own_number():
    text = "Tin tức\nNgày 02-10-2021, UBND tỉnh ban hành Quyết định số: 1502/QĐ-UBND công nhận 5 xã đạt chuẩn."
    assert "1502/QĐ-UBND" in by_code(text)
