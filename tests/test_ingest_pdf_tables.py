"""Ruled tables of digital PDFs become rows of tab-separated cells; citations in a row are found."""

from __future__ import annotations

import pytest
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

from ntm_corpus import render
from pipeline.extract import run_steps
from pipeline.ingest import ingest
from pipeline.normalize import normalize_document

render.register_fonts()  # before a style names the font
STYLE = ParagraphStyle("cell", fontName="NtmSerif", fontSize=11, leading=13)
ROWS = [
    ["TT", "Văn bản", "Nội dung", "Kết quả"],
    ["1", "Quyết định số 318/QĐ-TTg ngày 08/3/2022 của Thủ tướng Chính phủ",
     "Bộ tiêu chí quốc gia về xã nông thôn mới giai đoạn 2021 - 2025", "Đạt"],
    ["2", "Kế hoạch số 45/KH-UBND ngày 12/3/2024 của UBND huyện", "Rà soát tiêu chí số 13 về tổ chức sản xuất",
     "Chưa đạt"],
]


def pdf_with(path, flowables) -> None:
    render.register_fonts()
    SimpleDocTemplate(str(path), pagesize=A4, invariant=True).build(flowables)


def ruled(rows, grid: bool = True) -> Table:
    table = Table([[Paragraph(cell, STYLE) for cell in row] for row in rows], colWidths=[30, 170, 170, 60])
    if grid:
        table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
    return table


@pytest.fixture(scope="module")
def table_pdf(tmp_path_factory):
    path = tmp_path_factory.mktemp("tables") / "bang.pdf"
    intro = Paragraph("Kết quả rà soát các văn bản chỉ đạo thực hiện Chương trình như sau:", STYLE)
    pdf_with(path, [intro, ruled(ROWS), Paragraph("Trên đây là báo cáo kết quả.", STYLE)])
    return path


def test_a_ruled_table_is_read_row_by_row_with_tabs_between_cells(table_pdf):
    text = normalize_document(ingest(table_pdf)).text
    lines = text.split("\n")
    assert lines[0].startswith("Kết quả rà soát") and lines[-1] == "Trên đây là báo cáo kết quả."
    assert "\t".join(ROWS[0]) in lines
    assert "\t".join(ROWS[1]) in lines  # wrapped cells joined, the row kept whole
    assert "\t".join(ROWS[2]) in lines


def test_a_citation_in_a_table_row_is_found_with_its_date(table_pdf):
    normalized = normalize_document(ingest(table_pdf))
    found = run_steps(normalized.text).found["references"]
    codes = {r.code for r in found}
    assert {"318/QĐ-TTg", "45/KH-UBND"} <= codes
    qd = next(r for r in found if r.code == "318/QĐ-TTg")
    assert qd.date == "2022-03-08" and normalized.text[qd.span[0]:qd.span[1]] == qd.text


def test_a_box_around_paragraphs_is_no_table(tmp_path):
    path = tmp_path / "khung.pdf"
    box = [["Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;"],
           ["Căn cứ Nghị định số 27/2022/NĐ-CP của Chính phủ;"], ["Xét đề nghị của Phòng Nông nghiệp."]]
    pdf_with(path, [Table([[Paragraph(c, STYLE) for c in row] for row in box], colWidths=[430],
                          style=TableStyle([("BOX", (0, 0), (-1, -1), 0.5, colors.black),
                                            ("LINEBELOW", (0, 0), (-1, -1), 0.5, colors.black)]))])
    text = normalize_document(ingest(path)).text
    assert "\t" not in text and "Căn cứ Nghị định số 27/2022/NĐ-CP của Chính phủ;" in text.split("\n")


def test_a_table_without_rules_is_left_to_the_text_layer(tmp_path):
    path = tmp_path / "khong_ke.pdf"
    pdf_with(path, [ruled(ROWS, grid=False)])
    doc = ingest(path)
    assert "318/QĐ-TTg" in normalize_document(doc).text
