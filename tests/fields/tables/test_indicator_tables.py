"""Indicator and task tables: a Target per value cell (indicator, unit, comparator, kind and year from the
header) and a Deadline per time cell with its row's task. Negatives: money and note columns, empty or '-'
cells, rows that do not line up, tables of contents and of names, a report's dates of work done."""

from __future__ import annotations

from tests.fields.tables.common import read, rows

PLAN = ("ỦY BAN NHÂN DÂN XÃ TÂN LẬP\nSố: 45/KH-UBND\nTân Lập, ngày 10 tháng 3 năm 2025\nKẾ HOẠCH\n"
        "Thực hiện các chỉ tiêu xây dựng nông thôn mới trên địa bàn xã\n")


def _targets(result):
    return [(t.indicator, t.comparator, t.value, t.unit, t.kind, t.year) for t in result.targets]


def _deadlines(result):
    return [(d.task, d.date, d.inclusive) for d in result.deadlines]


def test_an_indicator_row_gives_its_target_and_its_deadline():
    table = rows(("TT", "Chỉ tiêu", "Đơn vị tính", "Chỉ tiêu năm 2025", "Thời gian hoàn thành", "Ghi chú"),
                 ("(1)", "(2)", "(3)", "(4)", "(5)", "(6)"),
                 ("1", "Tỷ lệ hộ nghèo đa chiều", "%", "dưới 2,5", "Quý IV/2025", ""),
                 ("2", "Tỷ lệ người dân tham gia bảo hiểm y tế", "%", "≥ 95", "Trước 30/9/2025"),
                 ("3", "Số km đường giao thông nông thôn được cứng hoá", "km", "", "Năm 2025"),
                 ("4", "Thu nhập bình quân đầu người", "triệu đồng", "-", "2025"))
    result = read(PLAN + table + "\nNơi nhận:\n- Như trên;")
    assert _targets(result) == [("Tỷ lệ hộ nghèo đa chiều", "<", 2.5, "%", "target", 2025),
                                ("Tỷ lệ người dân tham gia bảo hiểm y tế", ">=", 95, "%", "target", 2025)]
    assert _deadlines(result) == [
        ("Tỷ lệ hộ nghèo đa chiều", "2025-12-31", True),
        ("Tỷ lệ người dân tham gia bảo hiểm y tế", "2025-09-30", False),
        ("Số km đường giao thông nông thôn được cứng hoá", "2025-12-31", True),
        ("Thu nhập bình quân đầu người", "2025-12-31", True)]
    assert [d.text for d in result.deadlines] == ["Quý IV/2025", "30/9/2025", "Năm 2025", "2025"]


def test_a_merged_year_heading_over_plan_and_result_columns():
    report = ("ỦY BAN NHÂN DÂN HUYỆN ĐÔNG SƠN\nBÁO CÁO\nKết quả thực hiện nông thôn mới năm 2024\n" + rows(
        ("STT", "Nội dung", "ĐVT", "Năm 2024", "", "Kế hoạch năm 2025"),
        ("Kế hoạch", "Ước thực hiện"),
        ("I", "Kinh tế"),
        ("1", "Tổng diện tích gieo trồng", "ha", "1.250", "1.262", "1.270"),
        ("2", "Tỷ lệ xã đạt chuẩn nông thôn mới", "%", "80", "82,5", "90")))
    assert _targets(read(report)) == [
        ("Tổng diện tích gieo trồng", "=", 1250, "ha", "target", 2024),
        ("Tổng diện tích gieo trồng", "=", 1262, "ha", "result", 2024),
        ("Tổng diện tích gieo trồng", "=", 1270, "ha", "target", 2025),
        ("Tỷ lệ xã đạt chuẩn nông thôn mới", "=", 80, "%", "target", 2024),
        ("Tỷ lệ xã đạt chuẩn nông thôn mới", "=", 82.5, "%", "result", 2024),
        ("Tỷ lệ xã đạt chuẩn nông thôn mới", "=", 90, "%", "target", 2025)]


def test_a_task_table_gives_each_task_its_time():
    table = rows(("TT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời hạn hoàn thành"),
                 ("1", "Rà soát, đánh giá hiện trạng các tiêu chí", "UBND xã", "Các thôn", "Tháng 4/2025"),
                 ("2", "Xây dựng kế hoạch nâng chất lượng tiêu chí môi trường", "Công chức địa chính", "",
                  "Hoàn thành trong quý II/2025"),
                 ("3", "Tuyên truyền, vận động nhân dân", "Mặt trận Tổ quốc xã", "Các đoàn thể", "Thường xuyên"))
    result = read(PLAN + table)
    assert _deadlines(result) == [("Rà soát, đánh giá hiện trạng các tiêu chí", "2025-04-30", True),
                                  ("Xây dựng kế hoạch nâng chất lượng tiêu chí môi trường", "2025-06-30", True)]


def test_money_columns_and_dates_of_work_done_are_neither_targets_nor_deadlines():
    budget = rows(("TT", "Nội dung", "ĐVT", "Kinh phí (triệu đồng)", "Nguồn vốn"),
                  ("1", "Nâng cấp nhà văn hoá thôn", "công trình", "850", "Ngân sách tỉnh"),
                  ("2", "Cứng hoá kênh mương nội đồng", "km", "1.200", "Ngân sách huyện"))
    done = rows(("TT", "Nội dung công việc", "Thời gian hoàn thành", "Kết quả"),
                ("1", "Tổ chức hội nghị triển khai", "Tháng 1/2025", "Đã hoàn thành"),
                ("2", "Kiểm tra các thôn", "15/02/2025", "Đã hoàn thành"))
    result = read(PLAN + "1. Kinh phí thực hiện\n" + budget + "\n2. Công việc đã làm\n" + done)
    assert _targets(result) == [] and _deadlines(result) == []


def test_tables_of_contents_and_of_names_stay_quiet():
    contents = rows(("TT", "Nội dung", "Trang"), ("1", "Đánh giá kết quả thực hiện", "3"),
                    ("2", "Giải pháp chủ yếu", "12"))
    names = rows(("STT", "Họ và tên", "Chức vụ", "Đơn vị", "Số điện thoại"),
                 ("1", "Trần Văn Bình", "Phó Chủ tịch", "UBND xã", "0912 345 678"),
                 ("2", "Hoàng Thị Lan", "Công chức", "Văn phòng", "0987 654 321"))
    result = read(PLAN + contents + "\nDanh sách tổ công tác\n" + names)
    assert _targets(result) == [] and _deadlines(result) == []


def test_a_row_that_lost_its_number_cell_is_not_read_under_the_wrong_headings():
    table = rows(("TT", "Chỉ tiêu", "ĐVT", "Mục tiêu năm 2025"),
                 ("1", "Tỷ lệ hộ dùng nước sạch", "%", "75"),
                 ("Tỷ lệ chất thải rắn được thu gom", "%", "90"))
    assert _targets(read(PLAN + table)) == [("Tỷ lệ hộ dùng nước sạch", "=", 75, "%", "target", 2025)]


def test_without_a_unit_column_the_indicator_names_its_unit_in_parentheses():
    table = rows(("STT", "Chỉ tiêu", "Kết quả năm 2024", "Kế hoạch năm 2025"),
                 ("1", "Thu nhập bình quân đầu người (triệu đồng/người/năm)", "52", "56"),
                 ("2", "Tỷ lệ hộ nghèo (%)", "3,2", "< 2,5"),
                 ("3", "Số hộ được hỗ trợ nhà ở", "12", "15"))  # no unit named: nothing
    assert _targets(read(PLAN + table)) == [
        ("Thu nhập bình quân đầu người", "=", 52, "triệu đồng/người/năm", "result", 2024),
        ("Thu nhập bình quân đầu người", "=", 56, "triệu đồng/người/năm", "target", 2025),
        ("Tỷ lệ hộ nghèo", "=", 3.2, "%", "result", 2024),
        ("Tỷ lệ hộ nghèo", "<", 2.5, "%", "target", 2025)]


def test_a_communes_planned_year_of_the_standard_is_its_deadline():
    plan = ("ỦY BAN NHÂN DÂN HUYỆN MINH SƠN\nSố: 12/KH-UBND\nMinh Sơn, ngày 10 tháng 01 năm 2025\nKẾ HOẠCH\n"
            "Xây dựng nông thôn mới giai đoạn 2025 - 2027\n"
            "Biểu 1: Lộ trình các xã phấn đấu đạt chuẩn\n"
            + rows(("TT", "Tên xã", "Số tiêu chí đã đạt", "Dự kiến năm đạt chuẩn"),
                   ("1", "Xã Tân Lập", "16", "2026"), ("2", "Xã Đồng Tâm", "14", "Năm 2027")))
    done = ("BÁO CÁO kết quả năm 2025\nBiểu 2: Các xã đã đạt chuẩn\n"
            + rows(("TT", "Tên xã", "Năm đạt chuẩn"), ("1", "Xã Kim Sơn", "2025"), ("2", "Xã Kim Đông", "2023")))
    assert _deadlines(read(plan)) == [("Xã Tân Lập: Dự kiến năm đạt chuẩn", "2026-12-31", True),
                                      ("Xã Đồng Tâm: Dự kiến năm đạt chuẩn", "2027-12-31", True)]
    assert _deadlines(read(done)) == []  # a report of communes that reached the standard: no goal is set
