"""The shared table reader: headings typed from models/grammar/tables.json (its examples), header rows, merged
headings over sub-headings, numbering rows, cells with their spans."""

from __future__ import annotations

import pytest

from pipeline.extract.grammar.tables import heading_kind, tables
from tests.data_examples import examples


@pytest.mark.parametrize("case", examples("grammar/tables.json", "examples"), ids=lambda c: c["text"])
def test_a_heading_names_its_kind_of_column(case):
    assert heading_kind(case["text"]) == (case["kind"], case["year"])


def test_a_merged_heading_takes_the_row_below_as_its_sub_headings_and_a_numbering_row_is_skipped():
    text = ("Biểu 1\nTT\tChỉ tiêu\tĐVT\tNăm 2024\t\tMục tiêu năm 2025\tGhi chú\nKế hoạch\tThực hiện\n"
            "(1)\t(2)\t(3)\t(4)\t(5)\t(6)\t(7)\n1\tTỷ lệ hộ nghèo\t%\t3\t2,8\t2\nHết biểu")
    [table] = tables(text)
    assert [(c.kind, c.year) for c in table.columns] == [
        ("number", None), ("indicator", None), ("unit", None), ("target", 2024), ("result", 2024),
        ("target", 2025), ("note", None)]
    assert [c.heading for c in table.columns][3:5] == ["Năm 2024 / Kế hoạch", "Năm 2024 / Thực hiện"]
    [row] = table.rows
    assert [text[c.start:c.end] for c in row.cells] == [c.text for c in row.cells] == ["1", "Tỷ lệ hộ nghèo", "%", "3",
                                                                                       "2,8", "2"]
    assert row.cell(6) is None and text[table.above:table.start] == "Biểu 1\n"


def test_a_title_row_above_the_header_and_lines_without_tabs_end_a_table():
    text = "BIỂU TỔNG HỢP\tnăm 2024\nSTT\tTên xã\tSố tiêu chí đạt\n1\tXã A Lưới\t15\nTổng hợp chung\n1\t2"
    [table] = tables(text)
    assert [c.kind for c in table.columns] == ["number", "place", "criteria_count"]
    assert [[c.text for c in r.cells] for r in table.rows] == [["1", "Xã A Lưới", "15"]]


def test_rows_without_a_header_of_two_kinds_are_no_table():
    assert tables("Họ tên\tNguyễn Văn A\nĐịa chỉ\tThôn 3\n") == ()
    assert tables("1\t2\t3\n4\t5\t6") == ()
    assert tables("TT\tTên xã\n") == ()  # a header alone
