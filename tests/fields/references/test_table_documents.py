"""End to end: a Word table listing documents, one per row, becomes references with their issue dates."""

import docx

from pipeline import extract, ingest, normalize


def _table_docx(path, rows):
    document = docx.Document()
    document.add_paragraph("DANH MỤC VĂN BẢN CÓ LIÊN QUAN")
    table = document.add_table(rows=0, cols=len(rows[0]))
    for row in rows:
        for cell, value in zip(table.add_row().cells, row, strict=True):
            cell.text = value
    document.save(path)
    return path


def test_citations_in_word_table_rows(tmp_path):
    path = _table_docx(tmp_path / "danh_muc.docx", [
        ("STT", "Tên loại văn bản", "Số, ký hiệu", "Ngày ban hành", "Trích yếu nội dung", "Thời hạn báo cáo"),
        ("1", "Quyết định", "07/2016/QĐ-UBND", "11/3/2016", "Về hỗ trợ giống cây trồng", "30/6/2025"),
        ("2", "Nghị quyết", "15/2018/NQ-HĐND", "07/12/2018", "Về phân cấp nguồn thu", "30/6/2025"),
        ("3", "Kế hoạch", "52.03/2026/KH-UBND", "02/02/2026", "Về giảm nghèo", "31/12/2026"),
    ])
    document = normalize(ingest(path))
    result = extract(document)
    assert [(r.code, r.doc_type, r.date) for r in result.references] == [
        ("07/2016/QĐ-UBND", "quyet_dinh", "2016-03-11"),
        ("15/2018/NQ-HĐND", "nghi_quyet", "2018-12-07"),
        ("52.03/2026/KH-UBND", "ke_hoach", "2026-02-02"),
    ]
    for ref in result.references:
        assert document.text[ref.span[0]:ref.span[1]] == ref.text


def test_a_task_table_lends_no_deadline_to_the_plan_it_names(tmp_path):
    path = _table_docx(tmp_path / "nhiem_vu.docx", [
        ("STT", "Nhiệm vụ", "Đơn vị thực hiện", "Thời hạn"),
        ("1", "Triển khai Kế hoạch số 61/KH-UBND", "Phòng Nông nghiệp", "30/6/2025"),
    ])
    [ref] = extract(normalize(ingest(path))).references
    assert (ref.code, ref.date) == ("61/KH-UBND", None)


def test_citations_in_ruled_pdf_table_rows_with_codes_wrapped_in_narrow_cells(tmp_path):
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    from ntm_corpus.render import register_fonts

    register_fonts()
    style = ParagraphStyle("cell", fontName="NtmSerif", fontSize=11)
    rows = [("STT", "Loại văn bản", "Số, ký hiệu", "Ngày ban hành", "Trích yếu")]
    rows += [(str(i), "Quyết định", f"{200 + i}/2017/QĐ-UBND", f"{i}/4/2017", "Về hỗ trợ phát triển sản xuất")
             for i in range(1, 9)]
    table = Table([[Paragraph(c, style) for c in row] for row in rows], colWidths=[30, 80, 110, 80, 200])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
    path = tmp_path / "danh_muc.pdf"
    SimpleDocTemplate(str(path), pagesize=A4).build([Paragraph("DANH MỤC VĂN BẢN", style), table])
    found = {r.code: r.date for r in extract(normalize(ingest(path))).references}
    assert found == {f"{200 + i}/2017/QĐ-UBND": f"2017-04-{i:02d}" for i in range(1, 9)}
