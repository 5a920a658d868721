"""The render module that makes ingestion's test documents (and the synthetic corpus)."""

from __future__ import annotations

import unicodedata

import numpy as np
import pypdfium2 as pdfium
import pytest
from PIL import Image

from ntm_corpus import render
from ntm_corpus.render import Columns, Degrade, Para
from pipeline.ingest import pdf as pdf_reader
from pipeline.ingest.pdf_text import clean

TEXT = (
    "ỦY BAN NHÂN DÂN XÃ TÂN LẬP\n\n"
    "KẾ HOẠCH\n"
    "Thực hiện tiêu chí số 17 về môi trường và an toàn thực phẩm năm 2024.\n"
    "   \n"
    "- Tỷ lệ hộ gia đình sử dụng nước sạch đạt 65%.\n"
)
HEADER = Columns(left=[Para("ỦY BAN NHÂN DÂN"), Para("Số: 45/KH-UBND")],
                 right=[Para("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), Para("Tân Lập, ngày 12 tháng 4 năm 2024")])


def test_layout_from_text_makes_one_para_per_line_and_centres_capital_titles():
    blocks = render.layout_from_text(TEXT)
    assert [b.text for b in blocks] == [line.strip() for line in TEXT.splitlines() if line.strip()]
    assert [(b.align, b.bold) for b in blocks] == [("center", True), ("center", True), ("justify", False),
                                                   ("justify", False)]


def _pdf_pages(path) -> list[str]:
    pdf = pdfium.PdfDocument(str(path))
    try:
        return [clean(pdf[i].get_textpage().get_text_range()) for i in range(len(pdf))]
    finally:
        pdf.close()


def test_pdf_is_a4_with_a_text_layer_and_wraps_long_paragraphs(tmp_path):
    path = tmp_path / "a.pdf"
    long = Para("Tiếp tục duy trì và nâng cao chất lượng các tiêu chí đã đạt. " * 6)
    render.to_pdf([HEADER, long], path)
    pdf = pdfium.PdfDocument(str(path))
    width, height = pdf[0].get_size()
    pdf.close()
    assert (round(width), round(height)) == (595, 842)
    text = _pdf_pages(path)[0]
    assert "Số: 45/KH-UBND" in text and "Tân Lập, ngày 12 tháng 4 năm 2024" in text
    assert text.index("ỦY BAN NHÂN DÂN") < text.index("CỘNG HÒA")  # left column first
    assert " ".join(text.split()).endswith(" ".join(long.text.split()))
    assert text.count("\n") >= 6  # the paragraph was wrapped onto several lines


def test_long_documents_flow_onto_several_pages(tmp_path):
    path = tmp_path / "long.pdf"
    render.to_pdf([Para(f"Mục {i}: rà soát tiêu chí giao thông, thủy lợi, điện, trường học.") for i in range(80)], path)
    pages = _pdf_pages(path)
    assert len(pages) > 1 and "Mục 79:" in pages[-1]


def test_images_are_page_sized_at_the_requested_dpi():
    [page] = render.to_images([Para("Báo cáo sơ kết.")], dpi=150)
    assert page.mode == "L" and abs(page.width - 1240) <= 1 and abs(page.height - 1754) <= 1


def test_degradation_is_seeded_and_the_stamp_is_red():
    blocks = [Para("Nơi nhận:"), Para("- Lưu: VT."), Para("TM. ỦY BAN NHÂN DÂN", align="right", bold=True)]
    scanner = Degrade(skew_deg=1.0, blur=0.8, noise=0.01, stamp=True, seed=5)
    first = render.to_images(blocks, dpi=100, degrade=scanner)
    again = render.to_images(blocks, dpi=100, degrade=scanner)
    other = render.to_images(blocks, dpi=100, degrade=Degrade(skew_deg=1.0, blur=0.8, noise=0.01, stamp=True, seed=6))
    assert np.array_equal(np.asarray(first[-1]), np.asarray(again[-1]))
    assert not np.array_equal(np.asarray(first[-1]), np.asarray(other[-1]))
    rgb = np.asarray(first[-1]).astype(int)
    assert first[-1].mode == "RGB" and ((rgb[..., 0] > 150) & (rgb[..., 1] < 90)).sum() > 500  # red seal ink


def test_scanned_pdf_has_no_text_layer_and_tiff_one_frame_per_page(tmp_path):
    blocks = [Para(f"Đoạn {i} về xây dựng nông thôn mới kiểu mẫu.") for i in range(60)]
    render.to_scanned_pdf(blocks, tmp_path / "scan.pdf", dpi=100)
    render.to_tiff(blocks, tmp_path / "scan.tiff", dpi=100)
    pdf = pdfium.PdfDocument(str(tmp_path / "scan.pdf"))
    pages = len(pdf)
    assert pages > 1
    assert all(pdf[i].get_textpage().get_text_range().strip() == "" for i in range(pages))
    assert pdf_reader.image_coverage(pdf[0]) > 0.99
    pdf.close()
    assert Image.open(tmp_path / "scan.tiff").n_frames == pages


def test_docx_keeps_paragraph_formatting(tmp_path):
    import docx

    path = tmp_path / "a.docx"
    render.to_docx([HEADER, Para("KẾ HOẠCH", align="center", bold=True, size=14)], path)
    document = docx.Document(str(path))
    assert len(document.tables) == 1 and len(document.tables[0].columns) == 2
    title = document.paragraphs[-1]
    assert title.text == "KẾ HOẠCH" and title.runs[0].bold and title.runs[0].font.size.pt == 14


@pytest.mark.parametrize("encoding", sorted(render.TEXT_ENCODINGS))
def test_text_file_encodings(tmp_path, encoding):
    path = tmp_path / "t.txt"
    render.to_text_file("Hòa Cư, ngày 5 tháng 3 năm 2024\nỦy ban nhân dân xã", path, encoding)
    data = path.read_bytes()
    codec, bom = render.TEXT_ENCODINGS[encoding]
    assert data.startswith(bom)
    decoded = unicodedata.normalize("NFC", data[len(bom):].decode(codec)).replace("\r\n", "\n")
    assert decoded == "Hòa Cư, ngày 5 tháng 3 năm 2024\nỦy ban nhân dân xã"


def test_windows_1258_form_separates_tones_but_keeps_vowel_letters():
    assert render.windows_1258_form("Việt") == "Vi\u00ea\u0323t"  # ê precomposed, dot below apart
    assert render.windows_1258_form("ướ") == "\u01b0\u01a1\u0301"
    assert render.windows_1258_form("đạt") == "đa\u0323t"
