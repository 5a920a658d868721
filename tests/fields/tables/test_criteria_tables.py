"""Communes × criteria tables: a Criterion per marked cell, named by its commune row; a count column gives a
CriteriaSummary per commune. Negatives: other programmes' and sets' tables, rows that do not line up,
tables of names, a legal text's grading table."""

from __future__ import annotations

from tests.fields.tables.common import read, rows

INTRO = ("ỦY BAN NHÂN DÂN HUYỆN MINH SƠN\nBÁO CÁO\nKết quả xây dựng nông thôn mới năm 2024\n"
         "Biểu 02: Kết quả thực hiện các tiêu chí nông thôn mới của các xã đến hết năm 2024\n")


def _statuses(result):
    return sorted((c.unit_name, c.criterion, c.status) for c in result.criteria if c.unit_name)


def test_a_commune_row_under_merged_criteria_numbers_gives_each_mark():
    table = rows(("TT", "Tên xã", "Các tiêu chí đạt chuẩn", "", "", "", "Số tiêu chí đạt", "Ghi chú"),
                 ("1", "2", "3", "4"),
                 ("1", "Xã Tân Lập", "x", "", "x", "x", "3", ""),
                 ("2", "Xã Đồng Tâm", "Đạt", "Chưa đạt", "Đạt", "", "2", "Đang hoàn thiện hồ sơ"),
                 ("", "Tổng cộng", "2", "1", "2", "1", "", ""))
    result = read(INTRO + table + "\nNơi nhận:\n- Như trên.")
    assert _statuses(result) == [
        ("Xã Tân Lập", 1, "met"), ("Xã Tân Lập", 3, "met"), ("Xã Tân Lập", 4, "met"),
        ("Xã Đồng Tâm", 1, "met"), ("Xã Đồng Tâm", 2, "unmet"), ("Xã Đồng Tâm", 3, "met")]
    assert {c.text for c in result.criteria} == {"x", "Đạt", "Chưa đạt"}
    assert {c.as_of for c in result.criteria} == {2024}
    counts = sorted((s.unit_name, s.achieved, s.status) for s in result.criteria_summaries if s.unit_name)
    assert counts == [("Xã Tân Lập", 3, "met"), ("Xã Đồng Tâm", 2, "met")]


def test_criteria_named_as_headings_and_a_numbering_row():
    table = rows(("STT", "Đơn vị", "Quy hoạch", "Giao thông", "Thủy lợi và phòng, chống thiên tai", "Điện"),
                 ("(1)", "(2)", "(3)", "(4)", "(5)", "(6)"),
                 ("1", "Phú Xuân", "✓", "✓", "", "✓"),
                 ("2", "Hòa Bình", "✓", "", "✓", "✓"))
    result = read(INTRO + table)
    assert _statuses(result) == [("Hoà Bình", 1, "met"), ("Hoà Bình", 3, "met"), ("Hoà Bình", 4, "met"),
                                 ("Phú Xuân", 1, "met"), ("Phú Xuân", 2, "met"), ("Phú Xuân", 4, "met")]


def test_a_single_header_row_of_criteria_numbers():
    numbers = rows(("TT", "Tên xã", "1", "2", "3", "4", "5", "Tổng số tiêu chí đạt"),
                   ("1", "Xã Sơn Hà", "x", "x", "", "x", "x", "4"))
    result = read(INTRO + numbers)
    assert _statuses(result) == [("Xã Sơn Hà", n, "met") for n in (1, 2, 4, 5)]
    assert [(s.unit_name, s.achieved) for s in result.criteria_summaries if s.unit_name] == [("Xã Sơn Hà", 4)]


def test_numbered_columns_of_years_or_without_criteria_words_are_no_criteria():
    years = rows(("TT", "Tên xã", "Năm 2022", "Năm 2023", "Năm 2024"), ("1", "Xã Sơn Hà", "x", "x", "x"))
    plain = rows(("TT", "Tên xã", "1", "2", "3", "4"), ("1", "Xã Sơn Hà", "x", "x", "", "x"))
    assert _statuses(read("Báo cáo nông thôn mới\nBiểu 3: các xã\n" + years + "\n" + "Biểu 4\n" + plain)) == []


def test_a_row_that_does_not_line_up_is_not_read():
    # the second row lost its empty number cell: the commune sits under 'TT' and marks under 'Tên xã'
    table = rows(("TT", "Tên xã", "Các tiêu chí đã đạt", "", ""),
                 ("1", "2", "3"),
                 ("1", "Xã Kim Sơn", "x", "x", "x"),
                 ("Xã Kim Đông", "x", "x", "12"))
    result = read(INTRO + table)
    assert _statuses(result) == [("Xã Kim Sơn", 1, "met"), ("Xã Kim Sơn", 2, "met"), ("Xã Kim Sơn", 3, "met")]


def test_an_urban_or_advanced_table_is_not_the_commune_set():
    urban = ("Biểu tổng hợp kết quả thực hiện Bộ tiêu chí đô thị văn minh của các phường năm 2024 (nông thôn mới "
             "ở các xã báo cáo riêng)\n" + rows(("TT", "Tên phường", "Các tiêu chí", "", ""), ("1", "2", "3"),
                                                ("1", "Phường Bắc Sơn", "x", "x", "x")))
    advanced = ("Kết quả thực hiện các tiêu chí xã nông thôn mới nâng cao\n" + rows(
        ("TT", "Tên xã", "Các tiêu chí", "", ""), ("1", "2", "3"), ("1", "Xã An Thái", "Đạt", "Đạt", "Đạt")))
    assert _statuses(read(urban)) == []
    assert _statuses(read(advanced)) == []


def test_tables_that_are_not_criteria_stay_quiet():
    contents = rows(("TT", "Nội dung", "Trang"), ("1", "Tiêu chí Giao thông", "5"), ("2", "Tiêu chí Điện", "9"))
    names = rows(("TT", "Họ và tên", "Chức vụ", "Đơn vị"), ("1", "Nguyễn Văn Hải", "Chủ tịch", "Xã Tân Lập"),
                 ("2", "Lê Thị Mai", "Phó Chủ tịch", "Xã Đồng Tâm"))
    budget = rows(("TT", "Tên xã", "Kinh phí (triệu đồng)", "Nguồn vốn"), ("1", "Xã Tân Lập", "1.200", "Ngân sách tỉnh"),
                  ("2", "Xã Đồng Tâm", "950", "Ngân sách huyện"))
    result = read(INTRO + contents + "\nDanh sách cán bộ phụ trách\n" + names + "\nKinh phí hỗ trợ\n" + budget)
    assert _statuses(result) == [] and [s for s in result.criteria_summaries if s.unit_name] == []


def test_a_text_not_about_the_programme_reads_no_matrix():
    table = rows(("TT", "Tên xã", "Các tiêu chí đạt", "", ""), ("1", "2", "3"), ("1", "Xã An Hòa", "x", "x", "x"))
    assert _statuses(read("BÁO CÁO\nKết quả chấm điểm cải cách hành chính\n" + table)) == []


def test_a_criteria_by_communes_table_names_each_mark_by_its_column():
    table = rows(("TT", "Tên tiêu chí", "Xã Tân Lập", "Xã Đồng Tâm", "Ghi chú"),
                 ("1", "Quy hoạch", "Đạt", "Đạt"),
                 ("2", "Giao thông", "Chưa đạt", "Đạt", "Đang thi công"),
                 ("3", "Thủy lợi và phòng, chống thiên tai", "", "Chưa đạt"),
                 ("4", "Điện", "Đạt", "Đang rà soát"))  # not a mark: the row says nothing
    assert _statuses(read(INTRO + table)) == [
        ("Xã Tân Lập", 1, "met"), ("Xã Tân Lập", 2, "unmet"),
        ("Xã Đồng Tâm", 1, "met"), ("Xã Đồng Tâm", 2, "met"), ("Xã Đồng Tâm", 3, "unmet")]


def test_one_communes_table_of_criteria_keeps_its_single_status_column():
    # one commune's own table: 'Kết quả' is no commune; the row's status is the document's own
    table = rows(("TT", "Tên tiêu chí", "Kết quả tự đánh giá"), ("1", "Quy hoạch", "Đạt"),
                 ("2", "Giao thông", "Chưa đạt"))
    result = read("Báo cáo kết quả xây dựng nông thôn mới xã Tân Lập\n" + table)
    assert sorted((c.unit_name, c.criterion, c.status) for c in result.criteria) == [(None, 1, "met"), (None, 2, "unmet")]


def test_marks_under_a_caption_that_sets_a_goal_are_targets():
    plan = ("KẾ HOẠCH xây dựng nông thôn mới năm 2025\nBiểu 3: Các tiêu chí các xã phấn đấu đạt chuẩn trong năm 2025\n"
            + rows(("TT", "Tên xã", "Tiêu chí", "", "", "Số tiêu chí đạt"), ("1", "2", "3"),
                   ("1", "Xã Tân Lập", "x", "", "x", "2")))
    result = read(plan)
    assert _statuses(result) == [("Xã Tân Lập", 1, "target"), ("Xã Tân Lập", 3, "target")]
    assert {c.as_of for c in result.criteria} == {2025}
    assert [(s.unit_name, s.achieved, s.status) for s in result.criteria_summaries] == [("Xã Tân Lập", 2, "target")]


def test_a_word_table_with_a_merged_heading_and_empty_cells_is_read(tmp_path):
    import docx

    from pipeline import extract, ingest, normalize

    document = docx.Document()
    for line in INTRO.splitlines():
        document.add_paragraph(line)
    table = document.add_table(rows=4, cols=6)
    table.cell(0, 0).text, table.cell(0, 1).text, table.cell(0, 2).text = "TT", "Tên xã", "Tiêu chí đã đạt"
    table.cell(0, 2).merge(table.cell(0, 4))
    table.cell(0, 5).text = "Tổng số"
    for column, number in zip((2, 3, 4), ("1", "2", "3"), strict=True):
        table.cell(1, column).text = number
    for row, (name, marks, total) in enumerate((("Xã Tân Lập", ("x", "", "x"), "2"),
                                                ("Xã Đồng Tâm", ("", "x", ""), "1")), start=2):
        table.cell(row, 0).text, table.cell(row, 1).text, table.cell(row, 5).text = str(row - 1), name, total
        for column, mark in zip((2, 3, 4), marks, strict=True):
            table.cell(row, column).text = mark
    path = tmp_path / "bieu.docx"
    document.save(str(path))
    result = extract(normalize(ingest(path)))
    assert _statuses(result) == [("Xã Tân Lập", 1, "met"), ("Xã Tân Lập", 3, "met"), ("Xã Đồng Tâm", 2, "met")]
    assert [(s.unit_name, s.achieved) for s in result.criteria_summaries] == [("Xã Tân Lập", 2), ("Xã Đồng Tâm", 1)]


def test_a_dash_is_unmet_only_where_the_tables_legend_says_so():
    table = rows(("TT", "Tên xã", "Các tiêu chí", "", "", ""), ("1", "2", "3", "4"),
                 ("1", "Xã Tân Lập", "x", "-", "x", ""))
    legend = 'Ghi chú: "x" là tiêu chí đã đạt; "-" là chưa đạt.'
    assert _statuses(read(INTRO + table + "\n" + legend)) == [
        ("Xã Tân Lập", 1, "met"), ("Xã Tân Lập", 2, "unmet"), ("Xã Tân Lập", 3, "met")]
    assert _statuses(read(INTRO + table + "\nGhi chú: số liệu do các xã báo cáo.")) == [
        ("Xã Tân Lập", 1, "met"), ("Xã Tân Lập", 3, "met")]  # no legend: a dash says nothing
