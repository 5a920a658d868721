"""PDF ingestion: the per-page choice between text layer and OCR, and damaged or locked files.

Digital PDFs wrap long paragraphs into lines and normalization does not re-join them (yet), so
their text is compared with all whitespace runs collapsed to one space.
"""

from __future__ import annotations

import re

import pypdfium2 as pdfium
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from ntm_corpus import render
from ntm_corpus.render import Para
from pipeline.errors import CorruptDocument, EncryptedDocument
from pipeline.ingest import ingest, quality
from pipeline.normalize import normalize_document
from tests.conftest import block_text, cer, collapsed, normalized

SHORT_PAGE = [
    Para("BÁO CÁO", align="center", bold=True),
    Para("Kết quả thực hiện Chương trình mục tiêu quốc gia xây dựng nông thôn mới sáu tháng đầu năm 2024."),
    Para("Đến nay xã đã đạt 17/19 tiêu chí; phấn đấu hoàn thành tiêu chí số 13 về tổ chức sản xuất."),
]
TCVN3_MOTTO = "Céng hoµ x· héi chñ nghÜa ViÖt Nam §éc lËp - Tù do - H¹nh phóc"  # the motto typed in TCVN3
VNI_MOTTO = "Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam Ñoäc laäp - Töï do - Haïnh phuùc"  # ... and in VNI


def test_shared_document_digital_pdf_uses_the_text_layer(shared_document, renders):
    path = renders.file(f"{shared_document.name}.pdf", lambda p: render.to_pdf(shared_document.blocks, p))
    doc = ingest(path)
    assert doc.format == "pdf" and len(doc.pages) > 1 and doc.warnings == []
    assert all(p.source == "text_layer" and p.ocr_confidence is None for p in doc.pages)
    assert [p.number for p in doc.pages] == list(range(1, len(doc.pages) + 1))
    assert collapsed(normalize_document(doc).text) == collapsed(normalized(shared_document.text))


def _ink(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _ends(paragraphs: list[str]) -> set[int]:
    """Where each paragraph ends, counted in non-space characters."""
    ends, total = set(), 0
    for paragraph in paragraphs:
        total += len(_ink(paragraph))
        ends.add(total)
    return ends


def test_shared_document_pdf_marks_every_paragraph_end_and_no_other(shared_document, renders):
    path = renders.file(f"{shared_document.name}.pdf", lambda p: render.to_pdf(shared_document.blocks, p))
    pages = [p.text for p in ingest(path).pages]
    assert _ink("".join(pages)) == _ink(shared_document.text)
    source_ends = _ends([b.text for b in shared_document.blocks])
    page_ends = _ends(pages)
    found_ends = _ends([paragraph for page in pages for paragraph in page.split("\n\n")])
    assert found_ends - page_ends <= source_ends  # no paragraph split where the source has none
    assert source_ends <= found_ends | page_ends  # every paragraph end found (or it fell on a page end)


def _platypus_pdf(path, paragraphs: list[tuple[str, dict]]) -> None:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    render.register_fonts()
    flowables = [Paragraph(text, ParagraphStyle("p", fontName="NtmSerif", fontSize=13, leading=16, **style))
                 for text, style in paragraphs]
    SimpleDocTemplate(str(path), pagesize=A4).build(flowables)


BODY = "Tiếp tục rà soát, đánh giá thực trạng các tiêu chí; huy động mọi nguồn lực để đầu tư hạ tầng. " * 3
ITEM = "1. Tập trung chỉ đạo hoàn thành tiêu chí số 13 về tổ chức sản xuất và phát triển kinh tế nông thôn. " * 2
TITLE = "KẾ HOẠCH THỰC HIỆN CHƯƠNG TRÌNH MỤC TIÊU QUỐC GIA XÂY DỰNG NÔNG THÔN MỚI XÃ TÂN LẬP NĂM 2024"


@pytest.mark.parametrize("paragraphs", [
    [(TITLE, {"alignment": 1})] + [(BODY, {"firstLineIndent": 28})] * 4,  # no spacing: the indent tells
    [(ITEM, {"leftIndent": 20, "firstLineIndent": -20})] * 4,  # hanging indents, no spacing
    [(BODY, {"firstLineIndent": 28, "spaceBefore": 6})] * 2 + [(ITEM, {"leftIndent": 20, "firstLineIndent": -20,
                                                                    "spaceBefore": 6})] * 2,
], ids=["first_line_indent", "hanging_indent", "mixed_with_spacing"])
def test_indentation_marks_paragraphs_and_titles_stay_whole(tmp_path, paragraphs):
    path = tmp_path / "indents.pdf"
    _platypus_pdf(path, paragraphs)
    text = ingest(path).pages[0].text
    assert [collapsed(p) for p in text.split("\n\n")] == [collapsed(p) for p, _ in paragraphs]


def test_mixed_pdf_reads_text_pages_and_ocrs_scanned_pages(shared_documents, renders, tmp_path):
    digital = shared_documents[0]
    scanned = renders.first_page(shared_documents[-1].blocks)
    digital_pdf = renders.file(f"{digital.name}.pdf", lambda p: render.to_pdf(digital.blocks, p))
    scan_pdf = renders.file("first_page_scan.pdf", lambda p: render.to_scanned_pdf(scanned, p))
    mixed = pdfium.PdfDocument.new()
    mixed.import_pages(pdfium.PdfDocument(str(digital_pdf)), [0])
    mixed.import_pages(pdfium.PdfDocument(str(scan_pdf)), [0])
    mixed.import_pages(pdfium.PdfDocument(str(digital_pdf)), [1])
    path = tmp_path / "mixed.pdf"
    mixed.save(str(path))

    doc = ingest(path)
    assert [p.source for p in doc.pages] == ["text_layer", "ocr", "text_layer"]
    ocr_page = doc.pages[1]
    assert ocr_page.ocr_confidence > 80 and ocr_page.ocr_rotation == 0
    assert cer(normalized(ocr_page.text), normalized(block_text(scanned))) < 0.01


def _page_image_pdf(path, blocks, hidden_text: str = "", visible_text: str = "") -> None:
    """A PDF page that is an image of `blocks`, with an optional invisible (OCR-sandwich style)
    text layer and an optional visible line of text (a digital-signature note)."""
    image = render.to_images(blocks, dpi=200)[0]
    render.register_fonts()
    c = canvas.Canvas(str(path), pagesize=A4)
    c.drawImage(ImageReader(image), 0, 0, width=A4[0], height=A4[1])
    if hidden_text:
        text = c.beginText(72, 400)
        text.setTextRenderMode(3)
        text.setFont("NtmSerif", 11)
        text.textLine(hidden_text)
        c.drawText(text)
    if visible_text:
        c.setFont("NtmSerif", 8)
        c.drawString(300, 60, visible_text)
    c.save()


UNMAPPED = "Kế hoạch \ufffd\ufffd\ufffd số \ufffd\ufffd/\ufffd\ufffd-UBND ngày \ufffd\ufffd tháng \ufffd năm \ufffd\ufffd\ufffd\ufffd"


@pytest.mark.parametrize("hidden", [TCVN3_MOTTO, VNI_MOTTO, UNMAPPED], ids=["tcvn3", "vni", "unmapped_glyphs"])
def test_garbage_text_layer_is_replaced_by_ocr(tmp_path, hidden):
    path = tmp_path / "garbage.pdf"
    _page_image_pdf(path, SHORT_PAGE, hidden_text=hidden)
    doc = ingest(path, workers=1)
    assert [p.source for p in doc.pages] == ["ocr"]
    assert "text layer not used" in doc.warnings[0]
    assert cer(normalized(doc.pages[0].text), normalized(block_text(SHORT_PAGE))) < 0.02


def test_signed_scan_with_a_short_text_line_is_ocrd(tmp_path):
    path = tmp_path / "signed.pdf"
    note = "Ký bởi: Ủy ban nhân dân xã Tân Lập - Thời gian ký: 15.04.2024 08:30:12 +07:00"
    _page_image_pdf(path, SHORT_PAGE, visible_text=note)
    doc = ingest(path, workers=1)
    assert doc.pages[0].source == "ocr"
    assert "Đến nay xã đã đạt 17/19 tiêu chí" in normalized(doc.pages[0].text)


def _renamed_font_pdf(tmp_path, blocks, name: bytes):
    clean = tmp_path / "clean.pdf"
    render.to_pdf(blocks, clean)
    data = clean.read_bytes()
    assert b"+DejaVuSerif" in data
    path = tmp_path / "renamed.pdf"
    path.write_bytes(data.replace(b"+DejaVuSerif", b"+" + name))  # same length: offsets stay valid
    return path


def test_pdf_with_tcvn3_text_in_a_tcvn3_font_is_flagged_and_ocrd(tmp_path):
    path = _renamed_font_pdf(tmp_path, [*SHORT_PAGE, Para(TCVN3_MOTTO)], b".VnTimeABCD")
    doc = ingest(path, workers=1)
    assert doc.pages[0].source == "ocr"
    assert any(".VnTimeABCD" in w and "TCVN3" in w for w in doc.warnings)


def test_unicode_text_in_a_font_named_like_a_legacy_one_is_read_from_the_text_layer(tmp_path):
    path = _renamed_font_pdf(tmp_path, SHORT_PAGE, b"VnCentury12")  # a gazette's running-head font
    doc = ingest(path, workers=1)
    assert doc.pages[0].source == "text_layer" and doc.warnings == []
    assert "Đến nay xã đã đạt 17/19 tiêu chí" in normalized(doc.pages[0].text)


def test_a_legacy_named_font_is_judged_by_its_characters():
    from pipeline.ingest.pdf import reads_as_legacy

    assert reads_as_legacy(TCVN3_MOTTO) and reads_as_legacy(VNI_MOTTO)
    assert not reads_as_legacy("CÔNG BÁO/Số 216/Ngày 15-04-2026")
    assert not reads_as_legacy("88") and not reads_as_legacy("")
    assert not reads_as_legacy("Giá trị: 1.500 € × 2 — tương ứng")


def test_encrypted_pdf_is_refused(tmp_path):
    path = tmp_path / "locked.pdf"
    c = canvas.Canvas(str(path), encrypt="mat-khau")
    c.drawString(72, 720, "Bao cao mat")
    c.save()
    with pytest.raises(EncryptedDocument) as e:
        ingest(path)
    assert str(e.value) == f"{path}: PDF is password-protected"


def test_pdf_with_an_empty_user_password_opens(tmp_path):
    from reportlab.lib.pdfencrypt import StandardEncryption

    path = tmp_path / "owner_only.pdf"
    c = canvas.Canvas(str(path), encrypt=StandardEncryption("", ownerPassword="chu-so-huu", canCopy=0))
    c.setFont("Helvetica", 12)
    for i, line in enumerate(["Ke hoach xay dung nong thon moi nam 2024", "Ban chi dao xa Tan Lap"]):
        c.drawString(72, 720 - 20 * i, line)
    c.save()
    doc = ingest(path)
    assert doc.pages[0].source == "text_layer"
    assert "Ban chi dao xa Tan Lap" in doc.pages[0].text


@pytest.mark.parametrize("make", [
    lambda p, digital: p.write_bytes(digital.read_bytes()[: digital.stat().st_size // 2]),
    lambda p, digital: p.write_bytes(b"%PDF-1.4\n" + b"\x8f\x13 rubbish " * 200),
    lambda p, digital: p.write_bytes(b"GIF89a not a pdf at all"),
])
def test_damaged_pdf_is_a_corrupt_document(tmp_path, make):
    digital = tmp_path / "digital.pdf"
    render.to_pdf(SHORT_PAGE * 30, digital)
    path = tmp_path / "damaged.pdf"
    make(path, digital)
    with pytest.raises(CorruptDocument) as e:
        ingest(path)
    assert "\n" not in str(e.value) and str(path) in str(e.value)


# ── quality: when a text layer is usable ──────────────────────────────────────


@pytest.mark.parametrize(("text", "problem"), [
    ("Đến nay xã đã đạt 17/19 tiêu chí nông thôn mới, còn 2 tiêu chí chưa đạt.", None),
    ("Ngày 15/4/2024", "empty"),
    ("   \n  ", "empty"),
    (TCVN3_MOTTO, "legacy_encoding"),
    (VNI_MOTTO, "legacy_encoding"),
    ("\ufffd" * 30 + " Kế hoạch số 12/KH-UBND về nông thôn mới", "garbled"),
    ("\ue001\ue002\ue003 " * 10 + "Báo cáo kết quả", "garbled"),
    ("The commune has completed the rural development programme ahead of schedule. " * 4, "not_vietnamese"),
    ("Ke hoach so 12 ve xay dung nong thon moi. " * 2, None),  # too short to judge the missing accents
])
def test_quality_problem(text, problem):
    assert quality.problem(text) == problem


def test_quality_accepts_decomposed_windows_1258_text():
    text = render.windows_1258_form("Thực hiện Kế hoạch số 107/KH-UBND của Ủy ban nhân dân huyện về nông thôn mới. " * 5)
    assert quality.problem(text) is None


def test_a_plain_scan_reaches_ocr_as_its_jpegs_own_pixels(tmp_path):
    """A page that is one JPEG over the whole page at the resolution asked is decoded, not rendered
    (no resampling): a gray scan stays gray, the seal's page comes in colour (RGB)."""
    import io

    import numpy as np
    from PIL import Image

    from pipeline.ingest.pdf import render_pixels

    path = tmp_path / "scan.pdf"
    render.to_scanned_pdf(SHORT_PAGE * 30, path, dpi=100, degrade=render.Degrade(stamp=True, seed=1))
    document = pdfium.PdfDocument(str(path))
    shapes = []
    for index in range(len(document)):
        (image,) = document[index].get_objects()
        jpeg = np.asarray(Image.open(io.BytesIO(bytes(image.get_data(decode_simple=True)))))
        pixels = render_pixels(str(path), index, 100)
        assert pixels.shape == jpeg.shape and np.abs(pixels.astype(int) - jpeg).max() <= 1
        shapes.append(pixels.ndim)
    assert len(shapes) > 1 and shapes[:-1] == [2] * (len(shapes) - 1) and shapes[-1] == 3


def test_a_page_that_is_not_a_plain_scan_is_rendered(tmp_path):
    from pipeline.ingest.pdf import scan_pixels

    scan = tmp_path / "scan200.pdf"
    render.to_scanned_pdf(SHORT_PAGE, scan, dpi=200)
    signed = tmp_path / "signed.pdf"  # a line of text over the scan
    _page_image_pdf(signed, SHORT_PAGE, visible_text="Ký bởi: Ủy ban nhân dân xã Tân Lập")
    turned = tmp_path / "turned.pdf"  # the scan shown turned by the page's /Rotate
    document = pdfium.PdfDocument(str(scan))
    document[0].set_rotation(90)
    document.save(str(turned))
    assert scan_pixels(pdfium.PdfDocument(str(scan))[0], 200 / 72) is not None
    for path, dpi in [(scan, 300), (scan, 150), (signed, 200), (turned, 200)]:  # another resolution asked
        assert scan_pixels(pdfium.PdfDocument(str(path))[0], dpi / 72) is None, (path.name, dpi)
