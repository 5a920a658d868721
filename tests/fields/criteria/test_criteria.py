"""Criteria statuses and criteria summaries: one test per way documents write them, and what is not one."""

from __future__ import annotations

import json

import pytest

import pipeline
from pipeline.evaluate import match, same_number
from pipeline.extract.context import Context
from pipeline.extract.criteria import find_criteria, find_summaries
from pipeline.extract.registry import STEPS
from pipeline.extract.sentences import sentence_spans
from tests.helpers import SHARED_GOLD, shared_documents


def statuses(text: str) -> list[tuple[int, str]]:
    ctx = Context(text=text)
    found = find_criteria(ctx)
    for item in found:
        assert text[item.span[0]:item.span[1]] == item.text
    return [(c.criterion, c.status) for c in found]


def summaries(text: str) -> list[tuple[float, int | None, str, str | None]]:
    found = find_summaries(Context(text=text))
    for item in found:
        assert text[item.span[0]:item.span[1]] == item.text
    return [(s.achieved, s.total, s.unit, s.status) for s in found]


# ── lists after a status phrase ───────────────────────────────────────────────


def test_met_list_by_number_and_name_separated_by_semicolons():
    text = ("Qua rà soát đến hết năm 2022, xã Tân Tiến đạt 4/19 tiêu chí gồm tiêu chí số 01 Quy hoạch; "
            "tiêu chí số 4 Điện; Tiêu chí 15 Y tế; tiêu chí số 19 Quốc phòng và an ninh).")
    assert statuses(text) == [(1, "met"), (4, "met"), (15, "met"), (19, "met")]
    assert {c.as_of for c in find_criteria(Context(text=text))} == {2022}


def test_unmet_list_in_parentheses_after_the_count():
    text = "Số tiêu chí chưa đạt 3/19 tiêu chí, gồm: (Tiêu chí số 02 Giao thông; tiêu chí số 9 Nhà ở dân cư; tiêu chí số 13 Tổ chức sản xuất)."
    assert statuses(text) == [(2, "unmet"), (9, "unmet"), (13, "unmet")]


def test_names_only_with_commas_inside_names():
    text = ("Năm 2023 xã đạt 5/19 tiêu chí, gồm các tiêu chí: Quy hoạch, Thuỷ lợi và phòng, chống thiên tai, "
            "Điện, Giáo dục và Đào tạo, Văn hoá.")
    assert statuses(text) == [(1, "met"), (3, "met"), (4, "met"), (14, "met"), (16, "met")]


def test_bullet_list_after_gom():
    text = ("Còn 03 tiêu chí chưa đạt, gồm:\n- Tiêu chí số 6 về Cơ sở vật chất văn hoá;\n"
            "- Tiêu chí số 7 về Cơ sở hạ tầng thương mại nông thôn: chợ xuống cấp;\n- Tiêu chí số 17 về Môi trường.\n"
            "II. NHIỆM VỤ NĂM 2025")
    assert statuses(text) == [(6, "unmet"), (7, "unmet"), (17, "unmet")]


def test_list_of_numbers():
    assert statuses("Các tiêu chí chưa đạt: tiêu chí số 2, 5 và 17.") == [(2, "unmet"), (5, "unmet"), (17, "unmet")]
    assert statuses("Các tiêu chí số 1, 3, 14 và 15 đã đạt chuẩn.") == [(1, "met"), (3, "met"), (14, "met"), (15, "met")]


def test_target_list_in_the_next_sentence_of_the_same_item():
    text = "- Năm 2025 phấn đấu đạt thêm 01 tiêu chí. Tiêu chí số 9. Nhà ở dân cư."
    assert statuses(text) == [(9, "target")]


def test_target_from_the_sentence_cue_and_its_year():
    text = ("Tính đến tháng 6/2024, xã đạt 12/19 tiêu chí; phấn đấu đến cuối năm 2024 đạt thêm 2 tiêu chí gồm "
            "tiêu chí số 5 - Trường học, tiêu chí số 12 - Lao động.")
    found = find_criteria(Context(text=text))
    assert [(c.criterion, c.status, c.as_of) for c in found] == [(5, "target", 2024), (12, "target", 2024)]


def test_remaining_criteria_after_a_met_count():
    text = "Xã có 15/19 tiêu chí đạt chuẩn, còn 4 tiêu chí chưa đạt (Giao thông, Trường học, Thu nhập, Môi trường)."
    assert statuses(text) == [(2, "unmet"), (5, "unmet"), (10, "unmet"), (17, "unmet")]


def test_except_list_is_unmet():
    text = "Đến nay xã đã đạt chuẩn 17/19 tiêu chí (trừ tiêu chí Giao thông và tiêu chí Môi trường)."
    assert statuses(text) == [(2, "unmet"), (17, "unmet")]


def test_an_item_with_its_own_status_ends_the_list():
    text = "Năm 2023 xã đã hoàn thành tiêu chí Giao thông; tiêu chí Trường học chưa đạt."
    assert statuses(text) == [(2, "met"), (5, "unmet")]


def test_completing_is_a_target_in_a_plan_and_a_result_when_done():
    assert statuses("Năm 2025 hoàn thành 02 tiêu chí còn lại là tiêu chí Trường học và tiêu chí Y tế.") == [
        (5, "target"), (15, "target")]
    assert statuses("Xã đã hoàn thành 2 tiêu chí gồm tiêu chí Điện và tiêu chí Y tế.") == [(4, "met"), (15, "met")]


# ── criteria followed by their status ─────────────────────────────────────────


def test_status_after_each_bullet():
    text = "- Tiêu chí số 10 - Thu nhập: Chưa đạt;\n- Tiêu chí số 11 - Nghèo đa chiều: Đạt.\n- Tiêu chí số 3 (Thuỷ lợi) chưa đạt do thiếu vốn."
    assert statuses(text) == [(10, "unmet"), (11, "met"), (3, "unmet")]


def test_status_after_several_names():
    assert statuses("Tiêu chí Giao thông và tiêu chí Thuỷ lợi vẫn chưa đạt.") == [(2, "unmet"), (3, "unmet")]
    assert statuses("Tiêu chí số 19 Quốc phòng và an ninh: đạt chuẩn theo quy định.") == [(19, "met")]


def test_table_rows():
    text = ("| TT | Tên tiêu chí | Kết quả tự đánh giá |\n|---|---|---|\n| 1 | Quy hoạch | Đạt |\n"
            "| 2 | Giao thông | Chưa đạt |\n| 6.1 | Nhà văn hoá xã | Đạt |\n| 16 | Tiêu chí số 16 - Văn hoá | Không đạt |")
    assert statuses(text) == [(1, "met"), (2, "unmet"), (16, "unmet")]


def test_table_rows_between_tabs_and_rows_read_as_one_line():
    text = ("1\tQuy hoạch\tĐạt\n2\tGiao thông\t2.1\tTỷ lệ đường trục xã được cứng hoá\t100%\tChưa đạt\n"
            "6.1\tNhà văn hoá xã\tĐạt\n3 Thuỷ lợi và phòng, chống thiên tai 3.1 Tỷ lệ diện tích được tưới 85% Đạt\n"
            "15. Y tế Chưa đạt chuẩn")
    assert statuses(text) == [(1, "met"), (2, "unmet"), (3, "met"), (15, "unmet")]


@pytest.mark.parametrize("text", [
    "5 Giao thông Đạt",  # the row number is not the criterion's
    "1. Quy hoạch: rà soát, điều chỉnh quy hoạch chung, phấn đấu đạt.",
    "2. Giao thông: làm mới 2 km đường. Hoàn thành trong quý III, đạt.",
])
def test_numbered_lines_that_are_not_rows(text):
    assert statuses(text) == []


# ── no status ─────────────────────────────────────────────────────────────────


@pytest.mark.parametrize("text", [
    # a plan's task per criterion states no status
    "- Tiêu chí Giao thông: Huy động nguồn lực bê tông hoá 2 km đường trục thôn, đạt 80%.",
    "- Tiêu chí Y tế: vận động người dân tham gia bảo hiểm y tế đạt 95% trở lên.",
    # criteria named as examples of slow progress
    "Một số tiêu chí đạt kết quả thấp, chậm tiến độ như tiêu chí về giao thông, thu nhập, môi trường.",
    "Những tiêu chí đã đạt nhưng chưa bền vững như tiêu chí Thu nhập, tiêu chí Nghèo đa chiều.",
    # a sub-indicator is not its criterion
    "Năm 2025 đạt thêm 01 chỉ tiêu. Chỉ tiêu 6.3 - Tỷ lệ thôn có nơi sinh hoạt văn hoá.",
    "Tiêu chí 6.3 đạt chuẩn.",
    # a number with a unit after it is a quantity
    "Tiêu chí Thu nhập đạt 52 triệu đồng/người/năm.",
    # people in charge of criteria
    "Cán bộ phụ trách tiêu chí số 15 Y tế chủ động tham mưu; UBND xã phân công phụ trách tiêu chí: Giao thông (đ/c Hùng).",
    # a count without a list
    "Đến nay xã đạt 17/19 tiêu chí nông thôn mới.",
])
def test_no_status(text):
    assert statuses(text) == []


def test_lacking_is_unmet():
    assert statuses("Xã Hồng Phong còn thiếu 2 tiêu chí là Giao thông và Môi trường.") == [(2, "unmet"), (17, "unmet")]
    assert statuses("Xã Đông Sơn chưa hoàn thành tiêu chí trường học.") == [(5, "unmet")]


def test_list_broken_across_lines_after_a_separator():
    text = "Xã đạt 4/19 tiêu chí (Quy hoạch; Giao thông; Điện;\nY tế)."
    assert statuses(text) == [(1, "met"), (2, "met"), (4, "met"), (15, "met")]


def test_advanced_and_model_sets_are_not_mapped_onto_the_19():
    assert statuses("Xã đạt 10/19 tiêu chí xã nông thôn mới nâng cao gồm: tiêu chí Giao thông, tiêu chí Điện.") == []
    text = "2. Xây dựng xã nông thôn mới nâng cao\nĐến nay xã đạt 12/19 tiêu chí gồm: Quy hoạch, Giao thông, Điện."
    assert statuses(text) == []
    assert statuses("Thôn Nà Lừa đạt 8/10 tiêu chí khu dân cư kiểu mẫu gồm: tiêu chí Giao thông, Văn hoá.") == []
    table = "Kết quả tự đánh giá theo Bộ tiêu chí xã nông thôn mới nâng cao:\n| TT | Tiêu chí | Kết quả |\n| 1 | Quy hoạch | Đạt |"
    assert statuses(table) == []


def test_count_mismatch_and_name_mismatch_warnings():
    ctx = Context(text="Xã đạt 3/19 tiêu chí gồm: tiêu chí số 1 Quy hoạch; tiêu chí số 5 Giáo dục và Đào tạo.")
    found = find_criteria(ctx)
    assert [(c.criterion, c.name) for c in found] == [(1, "Quy hoạch"), (5, "Trường học")]
    assert {w.code for w in ctx.warnings} == {"count_mismatch", "criterion_name_mismatch"}


def test_one_item_per_criterion_and_status_in_a_list():
    assert statuses("Các tiêu chí đã đạt: tiêu chí số 4 Điện; tiêu chí Điện; tiêu chí số 15 Y tế.") == [(4, "met"), (15, "met")]


def test_text_without_accents():
    assert statuses("Xa dat 2/19 tieu chi gom: tieu chi so 1 Quy hoach; tieu chi so 4 Dien.") == [(1, "met"), (4, "met")]


# ── summaries ─────────────────────────────────────────────────────────────────


def test_summary_forms():
    assert summaries("Đến nay xã đạt 15/19 tiêu chí.") == [(15, 19, "tiêu chí", "met")]
    assert summaries("Còn 4/19 tiêu chí chưa đạt.") == [(4, 19, "tiêu chí", "unmet")]
    assert summaries("Số tiêu chí chưa đạt 13/19 tiêu chí.") == [(13, 19, "tiêu chí", "unmet")]
    assert summaries("Số tiêu chí đạt: 16/19.") == [(16, 19, "tiêu chí", "met")]
    # ratios of communes or villages are results of the programme, not counts of criteria
    assert summaries("Toàn huyện có 18/30 xã đạt chuẩn nông thôn mới.") == []
    assert summaries("Có 2/21 chỉ tiêu không đạt kế hoạch.") == [(2, 21, "chỉ tiêu", "unmet")]
    assert summaries("Mục tiêu xây dựng 4/4 thôn đạt khu dân cư kiểu mẫu.") == []
    assert summaries("Phấn đấu năm 2025 đạt 19/19 tiêu chí.") == [(19, 19, "tiêu chí", "target")]
    assert summaries("Đảng bộ có 9/9 chi bộ hoàn thành tốt nhiệm vụ.") == []


def test_an_average_is_a_result_not_a_summary():
    for text in ("Toàn huyện bình quân đạt 16,45 tiêu chí/xã.", "Bình quân toàn tỉnh đạt 12,5 tiêu chí/xã."):
        assert find_summaries(Context(text=text)) == [], text


def test_summary_with_thousands():
    assert summaries("Toàn tỉnh đạt 1.012/1.140 tiêu chí.") == [(1012, 1140, "tiêu chí", "met")]


@pytest.mark.parametrize("text", [
    "Căn cứ Quyết định số 318/QĐ-TTg ngày 08/3/2022 của Thủ tướng Chính phủ.",
    "Thu ngân sách đạt 9,2 tỷ đồng/7,5 tỷ đồng, đạt 122% kế hoạch.",
    "Thu nhập bình quân 52 triệu đồng/người/năm.",
    "Tuyên truyền tối thiểu 01 tháng/lần.",
    "Lập quy hoạch chi tiết tỷ lệ 1/500.",
])
def test_not_summaries(text):
    assert summaries(text) == []


# ── the shared documents ──────────────────────────────────────────────────────


def _steps_on(path):
    """The steps up to the criteria, on a shared document, as the pipeline runs them."""
    text = pipeline.normalize(pipeline.ingest(path)).text
    ctx = Context(text=text, sentences=sentence_spans(text))
    for name in ("metadata", "references", "criteria", "criteria_summaries"):
        ctx.found[name] = STEPS[name](ctx)
    return ctx


def test_shared_documents_against_gold():
    totals = {"criteria": [], "criteria_summaries": []}
    for path in shared_documents():
        gold = json.loads((SHARED_GOLD / f"{path.stem}.json").read_text(encoding="utf-8"))
        ctx = _steps_on(path)
        for item in ctx.found["criteria"] + ctx.found["criteria_summaries"]:
            assert ctx.text[item.span[0]:item.span[1]] == item.text
        criteria = [c.model_dump() for c in ctx.found["criteria"]]
        score, _, rest = match(gold["criteria"], criteria,
                               lambda g, p: g["criterion"] == p["criterion"] and g["status"] == p["status"])
        totals["criteria"].append(score)
        sums = [s.model_dump() for s in ctx.found["criteria_summaries"]]
        score, _, _ = match(gold["criteria_summaries"], sums,
                            lambda g, p: same_number(g["achieved"], p["achieved"]) and g.get("total") == p.get("total"))
        totals["criteria_summaries"].append(score)
    for field, floor in (("criteria", 0.95), ("criteria_summaries", 0.9)):
        tp = sum(s.tp for s in totals[field])
        fp = sum(s.fp for s in totals[field])
        fn = sum(s.fn for s in totals[field])
        f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0
        assert f1 >= floor, (field, tp, fp, fn)


# ── a criterion named in prose, then what it still lacks ──────────────────────


@pytest.mark.parametrize("text, expected", [
    ("Xã Phú Lâm cơ bản hoàn thành, riêng tiêu chí nhà ở dân cư còn thiếu 12 nhà chưa đạt chuẩn của Bộ Xây dựng.",
     [(9, "unmet")]),
    ("Tiêu chí về Y tế hiện vẫn còn thiếu trạm y tế đạt chuẩn quốc gia.", [(15, "unmet")]),
    ("Tiêu chí số 6 - Cơ sở vật chất văn hoá: còn thiếu nhà văn hoá ở 2 thôn.", [(6, "unmet")]),
    ("Riêng tiêu chí trường học còn thiếu một trường mầm non chưa được công nhận.", [(5, "unmet")]),
    # name-first, and a status stated after the name with its reason
    ("Tiêu chí Môi trường chưa đạt vì tỷ lệ thu gom rác thải mới đạt 60%.", [(17, "unmet")]),
    ("Đến cuối năm 2024 các tiêu chí Điện, Y tế đã đạt.", [(4, "met"), (15, "met")]),
    ("Xã đã đạt các tiêu chí: Thuỷ lợi (tiêu chí số 3), Điện (tiêu chí số 4).", [(3, "met"), (4, "met")]),
])
def test_criterion_in_prose(text, expected):
    assert statuses("Kết quả xây dựng nông thôn mới năm 2024.\n" + text) == expected


def test_a_lack_is_read_only_in_a_text_about_the_programme():
    lack = "Riêng tiêu chí Y tế còn thiếu bác sĩ thường trực tại trạm."
    assert statuses("Báo cáo kết quả thực hiện Chương trình nông thôn mới (NTM).\n" + lack) == [(15, "unmet")]
    assert statuses("Báo cáo công tác y tế cơ sở năm 2024.\n" + lack) == []


@pytest.mark.parametrize("text", [
    # the facility without the word "tiêu chí": no criterion
    "Trường học của xã còn thiếu 3 phòng học bộ môn.",
    "Trạm y tế còn thiếu bác sĩ, trường học còn thiếu giáo viên tiếng Anh.",
    # a numbered "tiêu chí" of an accreditation or grading: no name, no criterion of the set
    "Tiêu chí 1 còn thiếu minh chứng về kế hoạch chiến lược của nhà trường.",
    "Tiêu chí 4 còn thiếu biên bản họp hội đồng trường.",
    # "tiêu chí" of another programme whose words are no criterion name
    "Tiêu chí xét tuyển còn thiếu điểm ưu tiên đối với thí sinh vùng khó khăn.",
    # the lack of a criterion of another set (advanced commune) or of another programme
    "Về xã nông thôn mới nâng cao, tiêu chí Giao thông còn thiếu 3 km đường được chiếu sáng.",
    "Đối chiếu Bộ tiêu chí đô thị văn minh, tiêu chí Môi trường còn thiếu thùng rác công cộng.",
    "Kết quả tự đánh giá kiểm định chất lượng trường: tiêu chí Y tế còn thiếu nhân viên y tế học đường.",
])
def test_lack_without_a_criterion(text):
    assert statuses("Kết quả xây dựng nông thôn mới năm 2024.\n" + text) == []
