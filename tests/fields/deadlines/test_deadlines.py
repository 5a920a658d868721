"""Deadlines: each way a time limit or a schedule is written, what is not one, and the shared documents."""

from __future__ import annotations

import json

import pytest

import pipeline
from pipeline.extract.context import Context
from pipeline.extract.deadlines import find_deadlines
from pipeline.extract.registry import STEPS
from pipeline.extract.sentences import sentence_spans
from pipeline.schema import Metadata, Reference
from tests.helpers import SHARED_GOLD, shared_documents


def deadlines(text: str, year: int | None = 2025, **found) -> list:
    ctx = Context(text=text)
    if year:
        ctx.found["metadata"] = Metadata(issued_year=year)
    ctx.found.update(found)
    items = find_deadlines(ctx)
    for item in items:
        assert text[item.span[0]:item.span[1]] == item.text
    return items


def dated(text: str, year: int | None = 2025, **found) -> list[tuple]:
    return [(d.date, d.granularity, d.inclusive) for d in deadlines(text, year, **found) if d.date]


# ── dates with a preposition ──────────────────────────────────────────────────


def test_day():
    assert dated("Các thôn nộp hồ sơ trước ngày 05/4/2025.") == [("2025-04-05", "day", False)]
    assert dated("Hoàn thành chậm nhất ngày 20 tháng 11 năm 2025.") == [("2025-11-20", "day", True)]
    assert dated("Gửi báo cáo về Văn phòng Điều phối trước ngày 15/12.") == [("2025-12-15", "day", False)]


def test_month_quarter_half_year():
    assert dated("Tổ chức hội nghị trong tháng 10 năm 2025.") == [("2025-10-31", "month", True)]
    assert dated("Khởi công nhà văn hoá thôn trong Quý I/2026.") == [("2026-03-31", "quarter", True)]
    assert dated("Hoàn thiện hồ sơ đến hết quý II năm 2025.") == [("2025-06-30", "quarter", True)]
    assert dated("Xây dựng 2 km đường trục thôn trong 6 tháng cuối năm 2025.") == [("2025-12-31", "period", True)]
    assert dated("Phấn đấu đến cuối năm 2025 xã đạt chuẩn nông thôn mới.") == [("2025-12-31", "year", True)]
    assert dated("Hoàn thành trong năm nay.") == [("2025-12-31", "year", True)]


def test_before_a_year_or_month_is_the_end_of_the_one_before():
    assert dated("Hoàn thành cứng hoá kênh mương trước năm 2026.") == [("2025-12-31", "year", True)]
    assert dated("Bàn giao mặt bằng trước tháng 9.2025.") == [("2025-08-31", "month", True)]
    assert dated("Bàn giao mặt bằng trước ngày 9.8.2025.") == [("2025-08-09", "day", False)]


def test_period_with_a_preposition_has_a_start():
    items = deadlines("Trong giai đoạn 2025 - 2027, hoàn thành nâng cấp 12 km đường trục thôn.")
    assert [(d.date, d.start, d.granularity) for d in items] == [("2027-12-31", "2025-01-01", "period")]
    # a period with no goal in its sentence only scopes the work
    assert dated("Trong giai đoạn 2025 - 2027, huy động 40 tỷ đồng xây dựng hạ tầng.") == []


def test_range_of_days():
    items = deadlines("Tổ chức tự đánh giá từ ngày 01/3/2025 đến ngày 30/4/2025.")
    assert [(d.date, d.start) for d in items if d.start] == [("2025-04-30", "2025-03-01")]


def test_after_a_label():
    assert dated("Thời gian hoàn thành: tháng 9/2025.") == [("2025-09-30", "month", True)]


# ── a year in a clause that sets a target ─────────────────────────────────────


def test_year_of_a_target():
    assert dated("Phấn đấu xã Bắc Sơn đạt chuẩn nông thôn mới năm 2025.") == [("2025-12-31", "year", True)]
    # the year a commune is recognised, or a recognition round, is not a time limit
    assert dated("Xã Bắc Sơn đạt chuẩn nông thôn mới năm 2025.") == []
    assert dated("Tỉnh công nhận thêm 4 xã đạt chuẩn nông thôn mới nâng cao đợt 2 năm 2025.") == []
    assert dated("Năm 2026, phấn đấu xã đạt chuẩn nông thôn mới nâng cao.") == [("2026-12-31", "year", True)]


def test_task_is_the_sentence_around_it():
    items = deadlines("I. MỤC TIÊU\n- Hoàn thành 3 tiêu chí còn lại trong năm 2025; duy trì các tiêu chí đã đạt.")
    assert items[0].task == "Hoàn thành 3 tiêu chí còn lại trong năm 2025; duy trì các tiêu chí đã đạt."


# ── not deadlines ─────────────────────────────────────────────────────────────


@pytest.mark.parametrize("text", [
    "Căn cứ Kế hoạch số 25/KH-UBND ngày 10/01/2025 của UBND huyện về xây dựng nông thôn mới năm 2025.",
    "Bắc Sơn, ngày 15 tháng 3 năm 2025",
    "Thực hiện nhiệm vụ năm 2024, thu nhập bình quân tăng 4 triệu đồng so với năm 2023.",
    "Đến hết năm 2025 qua rà soát, đánh giá, xã đạt 15/19 tiêu chí.",
    "Bộ tiêu chí xã nông thôn mới giai đoạn 2021 - 2025 nâng mức nhiều chỉ tiêu so với giai đoạn trước.",
    "Giữ vững các tiêu chí đã đạt chuẩn theo Bộ tiêu chí xã nông thôn mới giai đoạn 2021 - 2025.",
    "Triển khai quy hoạch chung xây dựng xã giai đoạn 2021 - 2030, tầm nhìn đến năm 2050.",
    "Nghị quyết Đại hội Đảng bộ xã nhiệm kỳ 2025 - 2030.",
    "Từng bước xây dựng trường đạt chuẩn quốc gia mức độ 2 năm 2027.",
    "Báo cáo kết quả thực hiện 6 tháng đầu năm 2025.",
    "Chào mừng kỷ niệm 80 năm Ngày Quốc khánh 2/9 (1945 - 2025).",
    "Năm học 2025 - 2026 toàn xã có 1.200 học sinh.",
    "Triển khai Chương trình mục tiêu quốc gia xây dựng nông thôn mới năm 2025.",
])
def test_not_a_deadline(text):
    assert dated(text) == []


def test_dates_inside_references_are_skipped():
    text = "Thực hiện Hướng dẫn số 12/HD-VPĐP, hoàn thành hồ sơ trước ngày 30/6/2025 theo mẫu."
    reference = Reference(span=(10, 34), text=text[10:34], code="12/HD-VPĐP")
    assert dated(text) == [("2025-06-30", "day", False)]
    inside = "Thực hiện Kế hoạch số 8/KH-UBND về hoàn thành trước ngày 30/6/2025 việc rà soát."
    assert dated(inside, references=[Reference(span=(0, len(inside) - 1), text=inside[:-1])]) == []
    assert reference.code


def test_past_years_use_the_title_when_the_date_is_unknown():
    text = "NGHỊ QUYẾT\nVề nhiệm vụ năm 2024, phương hướng năm 2025\nI. KẾT QUẢ\nĐã hoàn thành mục tiêu năm 2024 trong tháng 11/2024.\nII. MỤC TIÊU\nPhấn đấu đạt chuẩn trong năm 2025."
    assert {d[0] for d in dated(text, year=None)} == {"2025-12-31"}


# ── schedules ─────────────────────────────────────────────────────────────────


def test_recurrences():
    items = deadlines("Định kỳ hàng tháng, quý báo cáo kết quả; hằng năm tổ chức tổng kết; kiểm tra 6 tháng/lần.")
    assert [(d.recurrence, d.granularity, d.date) for d in items] == [
        ("monthly", "month", None), ("quarterly", "quarter", None), ("yearly", "year", None),
        ("semiannually", "period", None)]
    assert [d.recurrence for d in deadlines("Ra quân dọn vệ sinh 2 lần/tháng và 01 tuần/lần kiểm tra.")] == ["2/month", "weekly"]


def test_not_recurrences():
    assert deadlines("Thu nhập bình quân hàng năm tăng 8%; xây dựng nông thôn mới năm 2023.") == []


# ── the shared documents ──────────────────────────────────────────────────────


def test_shared_documents_against_gold():
    tp = fp = fn = 0
    for path in shared_documents():
        gold = json.loads((SHARED_GOLD / f"{path.stem}.json").read_text(encoding="utf-8"))
        text = pipeline.normalize(pipeline.ingest(path)).text
        ctx = Context(text=text, sentences=sentence_spans(text))
        for name in ("metadata", "references", "deadlines"):
            ctx.found[name] = STEPS[name](ctx)
        for item in ctx.found["deadlines"]:
            assert text[item.span[0]:item.span[1]] == item.text
        predicted = {d.date for d in ctx.found["deadlines"] if d.date}
        expected = {d["date"] for d in gold["deadlines"] if not d.get("optional")}
        tp += len(predicted & expected)
        fp += len(predicted - expected)
        fn += len(expected - predicted)
    assert 2 * tp / (2 * tp + fp + fn) >= 0.85, (tp, fp, fn)


# ── issue 11: what real documents write ──────────────────────────────────────


def issued_on(text: str, iso: str) -> list[tuple]:
    found = {"metadata": Metadata(issued_date=iso, issued_year=int(iso[:4]))}
    return [(d.date, d.granularity) for d in deadlines(text, None, **found) if d.date]


def test_a_date_without_a_year_is_its_next_occurrence_after_the_document_date():
    assert issued_on("Các xã gửi hồ sơ về huyện trước ngày 25-11.", "2023-11-02") == [("2023-11-25", "day")]
    assert issued_on("Các xã gửi hồ sơ về huyện chậm nhất ngày 15.01.", "2023-12-18") == [("2024-01-15", "day")]
    assert issued_on("Báo cáo kết quả trước ngày 05/3 năm 2024.", "2023-12-18") == [("2024-03-05", "day")]


def test_past_events_and_titles_are_not_deadlines():
    assert dated("Từ ngày 03/3/2025 đến ngày 12/3/2025 đã tổ chức lấy ý kiến tại 6 thôn.") == []
    assert dated("Tháng 10 vừa qua, đoàn công tác của tỉnh đã kiểm tra thực tế tại xã.") == []
    assert dated("KẾ HOẠCH\nTHỰC HIỆN XÃ ĐẠT CHUẨN NÔNG THÔN MỚI NÂNG CAO NĂM 2025\nHoàn thành trước ngày 30/9/2025.") \
        == [("2025-09-30", "day", False)]
    # a duty before the past word keeps the date
    assert dated("Các thôn phải nộp hồ sơ trước ngày 20/5/2025, thôn Đông đã nộp.") == [("2025-05-20", "day", False)]


def test_narrative_years_need_a_goal():
    assert dated("Trong năm 2025, toàn huyện công bố thêm 5 xã đạt chuẩn nông thôn mới.") == []
    assert dated("Phấn đấu trong năm 2025 hoàn thành 3 tiêu chí còn lại.") == [("2025-12-31", "year", True)]


def test_recurring_duties_keep_their_day_and_month():
    items = deadlines("Các phòng chuyên môn báo cáo kết quả trước ngày 20 hằng tháng.")
    assert [(d.recurrence, d.day, d.month, d.date) for d in items] == [("monthly", 20, None, None)]
    items = deadlines("UBND cấp xã gửi báo cáo năm trước ngày 10 tháng 12 hằng năm.")
    assert [(d.recurrence, d.day, d.month, d.date) for d in items] == [("yearly", 10, 12, None)]
    assert deadlines("Cán bộ không chuyên trách hưởng phụ cấp hằng tháng bằng 1,0 mức lương cơ sở.") == []
    assert deadlines("Duy trì chế độ họp giao ban hằng tuần.") == []


def test_a_task_tables_time_column():
    table = ("STT\nNhiệm vụ\nCơ quan chủ trì\nThời gian\nhoàn thành\n1\nXây dựng cơ sở dữ liệu hộ nghèo\nSở Nội vụ\n"
             "Quý III/2026\n2\nBan hành quy chế phối hợp\nVăn phòng\n2027\n3\nSơ kết thực hiện\nCác sở\nHằng năm\n")
    items = [(d.date, d.granularity, d.task) for d in deadlines(table, 2026) if d.date]
    assert items == [("2026-09-30", "quarter", "Xây dựng cơ sở dữ liệu hộ nghèo Sở Nội vụ"),
                     ("2027-12-31", "year", "Ban hành quy chế phối hợp Văn phòng")]
    # the same lines without a time column are a list of figures, not deadlines
    assert [d for d in deadlines(table.replace("Thời gian\nhoàn thành\n", ""), 2026) if d.date] == []


def test_a_date_held_before_is_a_condition_not_a_time_limit():
    assert dated("Các hợp đồng ký trước ngày 01/7/2025 tiếp tục thực hiện đến hết thời hạn.") == []
    assert dated("Các đơn vị phải gửi hồ sơ trước ngày 01/7/2025.") == [("2025-07-01", "day", False)]
    assert dated("Kết quả thực hiện các chỉ tiêu đến hết tháng 9/2025 được tổng hợp vào biểu.") == []


def test_a_schedule_day_outside_the_calendar_gives_no_day_and_no_crash():
    ctx = Context(text="Báo cáo trước ngày 0/0 hàng ngày; nộp trước ngày 32 hằng tháng.", sentences=[(0, 63)])
    for name in ("metadata", "references", "criteria_summaries"):
        ctx.found[name] = STEPS[name](ctx)
    assert all(d.day is None and d.month is None for d in find_deadlines(ctx))


# ── routines of a regulation are no schedules of a duty ───────────────────────


@pytest.mark.parametrize("text", [
    # grading people on a schedule
    "Tổ trưởng nhận xét, xếp loại hằng tuần đối với từng học viên của tổ.",
    "Cuối mỗi tháng, hội đồng bình xét thi đua đối với người lao động trong trại.",
    # a weekday routine
    "Chiều thứ Năm hằng tuần, các phòng tổ chức kiểm tra vệ sinh khu ở.",
    "Ngày Chủ nhật hằng tuần thân nhân đến thăm theo lịch của cơ sở.",
    # rules of conduct and rights
    "Học viên phải tuân thủ thời gian biểu, kiểm tra quân số hằng ngày.",
    "Mỗi tuần người bệnh được gọi điện cho gia đình một lần, do cán bộ quản lý kiểm tra.",
    # a payment or an allowance on a day of the month
    "Kho bạc chi trả phụ cấp cho cán bộ thôn trước ngày 10 hằng tháng.",
    "Đơn vị thanh toán tiền ăn cho học viên chậm nhất ngày 5 hằng tháng.",
    # a form's name in a list of records
    "2. Sổ theo dõi, đánh giá kết quả lao động hằng tháng;",
    "c) Biểu mẫu tổng hợp số liệu kiểm tra hàng quý.",
])
def test_routines_are_not_recurring_deadlines(text):
    assert [d.recurrence for d in deadlines(text) if d.recurrence] == []


def test_duties_next_to_routine_words_stay():
    # a report of payments is a duty; a deadline before a weekday bounds it
    items = deadlines("Phòng Tài chính tổng hợp kết quả chi trả trợ cấp, báo cáo UBND huyện trước ngày 20 hằng tháng.")
    assert [(d.recurrence, d.day) for d in items if d.recurrence] == [("monthly", 20)]
    items = deadlines("Chậm nhất thứ Sáu hằng tuần, các thôn gửi báo cáo tiến độ làm đường về UBND xã.")
    assert [d.recurrence for d in items if d.recurrence] == ["weekly"]
    assert [d.recurrence for d in deadlines("Định kỳ hằng quý, UBND xã kiểm tra tiến độ các công trình.")] == ["quarterly"]


def extracted(tmp_path, text: str):
    path = tmp_path / "van_ban.txt"
    path.write_text(text, encoding="utf-8")
    return pipeline.process(path)


HEADER = ("ỦY BAN NHÂN DÂN\nXÃ HÒA BÌNH\nSố: {code}\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
          "Hòa Bình, ngày 05 tháng 12 năm 2024\n\n")


def test_the_subject_scopes_the_document_and_sets_no_limit(tmp_path):
    report = extracted(tmp_path, HEADER.format(code="88/BC-UBND") + (
        "BÁO CÁO\nKết quả thực hiện Chương trình xây dựng nông thôn mới năm 2024\n"
        "STT\tNhiệm vụ\tThời gian hoàn thành\n1\tRà soát hộ nghèo\tQuý I/2025\n"))
    assert report.metadata.subject == "Kết quả thực hiện Chương trình xây dựng nông thôn mới năm 2024"
    assert [(d.text, d.task) for d in report.deadlines] == [("Quý I/2025", "Rà soát hộ nghèo")]
    plan = extracted(tmp_path, HEADER.format(code="12/KH-UBND") + (
        "KẾ HOẠCH\nXây dựng xã đạt chuẩn nông thôn mới nâng cao năm 2025\n\n"
        "Phấn đấu đến cuối năm 2025 xã đạt chuẩn nông thôn mới nâng cao.\n"))
    subject = plan.metadata.evidence["subject"].span
    assert [d.text for d in plan.deadlines] == ["năm 2025"]
    assert plan.metadata.subject == "Xây dựng xã đạt chuẩn nông thôn mới nâng cao năm 2025"
    assert all(not subject[0] <= d.span[0] < subject[1] for d in plan.deadlines)
    # a bound in a letter's subject is a time limit
    letter = extracted(tmp_path, HEADER.format(code="301/UBND-VP") + (
        "V/v báo cáo kết quả rà soát trước ngày 15/12/2024\n\nKính gửi: Các thôn trên địa bàn xã.\n"))
    assert [(d.date, d.inclusive) for d in letter.deadlines] == [("2024-12-15", False)]
