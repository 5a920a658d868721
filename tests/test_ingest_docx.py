"""DOCX ingestion: paragraphs and tables in reading order, text boxes, damaged files."""

from __future__ import annotations

import zipfile

import docx
import pytest
from docx.oxml import parse_xml

from ntm_corpus import render
from ntm_corpus.render import Columns, Para
from pipeline.errors import CorruptDocument
from pipeline.ingest import ingest
from tests.conftest import normalized

HEADER = Columns(
    left=[Para("ỦY BAN NHÂN DÂN", bold=True), Para("XÃ TÂN LẬP", bold=True), Para("Số: 45/KH-UBND")],
    right=[Para("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True), Para("Độc lập - Tự do - Hạnh phúc"),
           Para("Tân Lập, ngày 12 tháng 4 năm 2024", italic=True)],
)
BODY = [
    Para("KẾ HOẠCH", align="center", bold=True),
    Para("Xây dựng xã đạt chuẩn nông thôn mới nâng cao năm 2024"),
    Para("Phấn đấu đến hết năm 2024 xã đạt 19/19 tiêu chí."),
]


def test_shared_document_docx_text_equals_source(shared_document, renders):
    path = renders.file(f"{shared_document.name}.docx", lambda p: render.to_docx(shared_document.blocks, p))
    doc = ingest(path)
    assert doc.format == "docx" and [p.source for p in doc.pages] == ["plain"]
    assert normalized(doc.pages[0].text) == normalized(shared_document.text)


def test_header_table_reads_left_cell_then_right_cell_then_body(tmp_path):
    path = tmp_path / "kh.docx"
    render.to_docx([HEADER, *BODY], path)
    lines = ingest(path).pages[0].text.splitlines()
    assert lines == [p.text for p in HEADER.left + HEADER.right + BODY]


def test_table_between_paragraphs_keeps_its_place_and_rows_stay_on_one_line(tmp_path):
    document = docx.Document()
    document.add_paragraph("Kết quả thực hiện các chỉ tiêu:")
    table = document.add_table(rows=3, cols=3)
    rows = [("STT", "Chỉ tiêu", "Kết quả"), ("1", "Thu nhập bình quân", "65 triệu đồng/người/năm"),
            ("2", "Tỷ lệ hộ nghèo đa chiều", "2,5%")]
    for row, values in zip(table.rows, rows, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    document.add_paragraph("Các chỉ tiêu còn lại tiếp tục duy trì.")
    path = tmp_path / "bang.docx"
    document.save(str(path))
    assert ingest(path).pages[0].text.splitlines() == [
        "Kết quả thực hiện các chỉ tiêu:", *("\t".join(r) for r in rows), "Các chỉ tiêu còn lại tiếp tục duy trì.",
    ]


def test_merged_cells_are_read_once(tmp_path):
    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    merged = table.cell(0, 0).merge(table.cell(0, 1))
    merged.text = "BIỂU TỔNG HỢP KẾT QUẢ"
    table.cell(1, 0).text, table.cell(1, 1).text = "Tiêu chí số 17", "Chưa đạt"
    path = tmp_path / "gop.docx"
    document.save(str(path))
    assert ingest(path).pages[0].text.splitlines() == ["BIỂU TỔNG HỢP KẾT QUẢ", "Tiêu chí số 17\tChưa đạt"]


W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
MC_NS = 'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'


def _text_box_run(text: str):
    """A run holding a text box as Word writes it: the drawing, then a VML fallback copy."""
    box = f'<w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent>'
    return parse_xml(
        f'<w:r {W_NS} {MC_NS}><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>{box}</w:drawing>'
        f'</mc:Choice><mc:Fallback><w:pict>{box}</w:pict></mc:Fallback></mc:AlternateContent></w:r>'
    )


def test_text_box_is_read_once_after_its_anchor_paragraph(tmp_path):
    document = docx.Document()
    anchor = document.add_paragraph("ỦY BAN NHÂN DÂN XÃ TÂN LẬP")
    anchor._p.append(_text_box_run("Số: 45/KH-UBND"))
    document.add_paragraph("KẾ HOẠCH")
    path = tmp_path / "hop.docx"
    document.save(str(path))
    assert ingest(path).pages[0].text.splitlines() == ["ỦY BAN NHÂN DÂN XÃ TÂN LẬP", "Số: 45/KH-UBND", "KẾ HOẠCH"]


@pytest.mark.parametrize("make", [
    lambda p: p.write_bytes(b"\x00\x01 not a zip archive " * 40),
    lambda p: zipfile.ZipFile(p, "w").writestr("readme.txt", "không phải tài liệu Word"),
    lambda p: (render.to_docx(BODY, p), p.write_bytes(p.read_bytes()[: p.stat().st_size // 2])),
])
def test_damaged_docx_is_a_corrupt_document(tmp_path, make):
    path = tmp_path / "hong.docx"
    make(path)
    with pytest.raises(CorruptDocument) as e:
        ingest(path)
    assert "\n" not in str(e.value) and str(path) in str(e.value)



def test_an_empty_cell_and_a_merged_heading_keep_their_columns(tmp_path):
    document = docx.Document()
    table = document.add_table(rows=2, cols=4)
    table.cell(0, 0).text, table.cell(0, 1).text = "Tên xã", "Các tiêu chí đạt"
    table.cell(0, 1).merge(table.cell(0, 3))
    table.cell(1, 0).text, table.cell(1, 1).text, table.cell(1, 3).text = "Xã Tân Lập", "x", "x"
    path = tmp_path / "marks.docx"
    document.save(str(path))
    assert ingest(path).pages[0].text.splitlines() == ["Tên xã\tCác tiêu chí đạt\t\t", "Xã Tân Lập\tx\t\tx"]


def test_a_data_tables_cell_of_several_paragraphs_stays_one_cell(tmp_path):
    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).text, table.cell(0, 1).text, table.cell(0, 2).text = "TT", "Tên tiêu chí", "Kết quả"
    table.cell(1, 0).text = "2"
    table.cell(1, 1).text = "Tiêu chí số 2"
    table.cell(1, 1).add_paragraph("Giao thông")
    table.cell(1, 2).text = "Chưa đạt"
    header = document.add_table(rows=1, cols=2)  # a two-column header block keeps its lines
    header.cell(0, 0).text = "ỦY BAN NHÂN DÂN"
    header.cell(0, 0).add_paragraph("XÃ TÂN LẬP")
    header.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    path = tmp_path / "cells.docx"
    document.save(str(path))
    assert ingest(path).pages[0].text.splitlines() == [
        "TT\tTên tiêu chí\tKết quả", "2\tTiêu chí số 2 Giao thông\tChưa đạt",
        "ỦY BAN NHÂN DÂN", "XÃ TÂN LẬP", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]
