"""OCR ingestion (Tesseract `vie`): scans of the shared documents must come back nearly verbatim.

Character error rate (CER) is measured on normalized, whitespace-collapsed text. Budget: all pages
of one document, the first page of each, one two-page TIFF, one degraded page, a few short pages.
"""

from __future__ import annotations

import pytest
from PIL import Image

from ntm_corpus import render
from ntm_corpus.render import Degrade, Para
from pipeline.errors import OcrUnavailable
from pipeline.ingest import ingest, ocr
from tests.conftest import block_text, cer, normalized

SHORT_PAGE = [
    Para("THÔNG BÁO", align="center", bold=True),
    Para("Ban Chỉ đạo xã Tân Lập thông báo kết quả rà soát các tiêu chí nông thôn mới năm 2024."),
    Para("Xã đã đạt 18/19 tiêu chí; tiêu chí số 10 về thu nhập phấn đấu hoàn thành trước ngày 30/11/2024."),
]


def _cer(doc, blocks) -> float:
    return cer(normalized("\n\n".join(p.text for p in doc.pages)), normalized(block_text(blocks)))


def test_scanned_pdf_every_page_ocrd_within_1_percent(shared_documents, renders):
    document = shared_documents[1 % len(shared_documents)]
    path = renders.file(f"{document.name}.scan.pdf", lambda p: render.to_scanned_pdf(document.blocks, p))
    doc = ingest(path)  # default: one worker process per CPU
    assert len(doc.pages) > 1
    assert all(p.source == "ocr" and p.ocr_confidence > 80 and p.ocr_rotation == 0 for p in doc.pages)
    assert _cer(doc, document.blocks) < 0.01


def test_first_page_png_within_1_percent(shared_document, renders):
    blocks = renders.first_page(shared_document.blocks)
    path = renders.file(f"{shared_document.name}.p1.png", lambda p: render.to_images(blocks)[0].save(p, dpi=(300, 300)))
    doc = ingest(path)
    assert doc.format == "png" and [p.source for p in doc.pages] == ["ocr"]
    assert _cer(doc, blocks) < 0.01


def test_multipage_tiff_gives_one_page_per_frame(shared_documents, renders):
    blocks = renders.first_page(shared_documents[0].blocks, pages=2)
    path = renders.file("two_pages.tiff", lambda p: render.to_tiff(blocks, p))
    assert Image.open(path).n_frames == 2
    doc = ingest(path, workers=1)  # in-process path
    assert doc.format == "tiff" and [p.number for p in doc.pages] == [1, 2]
    assert _cer(doc, blocks) < 0.01


def test_degraded_scan_within_2_percent(shared_documents, renders):
    blocks = renders.first_page(shared_documents[-1].blocks)
    scanner = Degrade(skew_deg=1.2, blur=1.0, noise=0.01, seed=7)
    path = renders.file("degraded.pdf", lambda p: render.to_scanned_pdf(blocks, p, degrade=scanner))
    doc = ingest(path)
    assert doc.pages[0].source == "ocr"
    assert _cer(doc, blocks) < 0.02


def test_sideways_page_is_turned_upright(tmp_path):
    path = tmp_path / "sideways.png"
    render.to_images(SHORT_PAGE)[0].rotate(90, expand=True).save(path)  # turned a quarter anticlockwise
    page = ingest(path, workers=1).pages[0]
    assert page.ocr_rotation == 90
    assert _cer_text(page.text, SHORT_PAGE) < 0.01


def test_phone_photo_exif_orientation_is_applied(tmp_path):
    path = tmp_path / "photo.jpg"
    upright = render.to_images(SHORT_PAGE)[0]
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to display": the pixels are stored turned anticlockwise
    upright.rotate(90, expand=True).save(path, quality=92, exif=exif)
    doc = ingest(path, workers=1)
    assert doc.format == "jpg" and doc.pages[0].ocr_rotation == 0
    assert _cer_text(doc.pages[0].text, SHORT_PAGE) < 0.01


def _cer_text(text: str, blocks) -> float:
    return cer(normalized(text), normalized(block_text(blocks)))


def test_missing_tesseract_is_one_clear_line(tmp_path, monkeypatch):
    path = tmp_path / "page.png"
    render.to_images(SHORT_PAGE, dpi=100)[0].save(path)
    monkeypatch.setattr(ocr.pytesseract.pytesseract, "tesseract_cmd", "/nonexistent/tesseract")
    with pytest.raises(OcrUnavailable) as e:
        ingest(path)
    assert "apt-get install tesseract-ocr tesseract-ocr-vie" in str(e.value) and "\n" not in str(e.value)


def test_missing_vietnamese_data_is_one_clear_line(tmp_path, monkeypatch):
    path = tmp_path / "page.png"
    render.to_images(SHORT_PAGE, dpi=100)[0].save(path)
    monkeypatch.setattr(ocr, "_languages", lambda: ("eng", "osd"))
    with pytest.raises(OcrUnavailable, match="no Vietnamese language data") as e:
        ingest(path)
    assert "tesseract-ocr-vie" in str(e.value)


def test_text_from_tsv_keeps_lines_and_paragraphs():
    header = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
    rows = [
        "1\t1\t0\t0\t0\t0\t0\t0\t2480\t3508\t-1\t",
        "5\t1\t1\t1\t1\t1\t0\t0\t9\t9\t96.5\tỦY",
        "5\t1\t1\t1\t1\t2\t0\t0\t9\t9\t95.5\tBAN",
        "5\t1\t1\t1\t2\t1\t0\t0\t9\t9\t90\tXÃ",
        "5\t1\t1\t1\t2\t2\t0\t0\t9\t9\t-1\t ",
        "5\t1\t2\t1\t1\t1\t0\t0\t9\t9\t88\tKẾ",
        "5\t1\t2\t1\t1\t2\t0\t0\t9\t9\t90\tHOẠCH",
    ]
    text, confidences = ocr.text_from_tsv("\n".join([header, *rows]))
    assert text == "ỦY BAN\nXÃ\n\nKẾ HOẠCH"
    assert confidences == [96.5, 95.5, 90.0, 88.0, 90.0]


def test_speckle_share_tells_scanner_noise_from_clean_text():
    clean = render.to_images(SHORT_PAGE, dpi=150)[0]
    noisy = render.to_images(SHORT_PAGE, dpi=150, degrade=Degrade(noise=0.01, seed=3))[0]
    assert ocr.speckle_share(clean) < ocr.MAX_SPECKLE_SHARE < ocr.speckle_share(noisy)


def test_despeckling_is_pillows_3x3_median():
    from PIL import ImageFilter

    noisy = ocr.grayscale(render.to_images(SHORT_PAGE, dpi=150, degrade=Degrade(noise=0.01, seed=3))[0])
    assert ocr.despeckle(noisy).tobytes() == noisy.filter(ImageFilter.MedianFilter(3)).tobytes()
    assert ocr.despeckle(noisy).tobytes() != noisy.tobytes()


def test_an_rgb_array_reaches_ocr_as_the_gray_of_its_image():
    """PDF pages go to OCR as arrays (no PIL copies): the gray page is Pillow's, and a seal's page is its
    red channel lifted, exactly as for the same page as a PIL image; a gray array is taken as it is."""
    import numpy as np

    pages = render.to_images(SHORT_PAGE * 8, dpi=100, degrade=Degrade(stamp=True, seed=1))
    stamped = 0
    for image in (page.convert("RGB") for page in pages):
        pixels = np.asarray(image)
        gray = ocr.grayscale(pixels)
        if ocr.red_ink_share(pixels) > ocr.RED_INK_MIN_SHARE:
            stamped += 1
            expected = image.getchannel("R").point(lambda v: min(255, round(v / 0.8)))
        else:
            expected = image.convert("L")
        assert gray.mode == "L" and gray.tobytes() == expected.tobytes() == ocr.grayscale(image).tobytes()
    assert stamped == 1
    gray_scan = np.asarray(pages[0].convert("L"))
    assert ocr.grayscale(gray_scan).tobytes() == gray_scan.tobytes()


def test_tesseract_gets_an_uncompressed_tiff_and_reads_the_same_words_as_from_pgm():
    import io

    import pytesseract

    page = ocr.grayscale(render.to_images(SHORT_PAGE, dpi=200)[0])
    page.info["dpi"] = (72, 72)  # a photo's header: must not reach Tesseract, which estimates the resolution
    handed = ocr._as_tiff(page)
    saved = io.BytesIO()
    handed.save(saved, format=handed.format)  # as pytesseract saves it
    reread = Image.open(saved)
    # Pillow writes a resolution of 1, which Tesseract takes for none (it estimates it), as with PGM
    assert reread.format == "TIFF" and reread.info.get("compression") == "raw" and reread.info["dpi"] == (1, 1)
    assert reread.tobytes() == page.tobytes()
    pgm = page.copy()
    pgm.format = "PPM"
    assert pytesseract.image_to_data(handed, lang="vie") == pytesseract.image_to_data(pgm, lang="vie")


def test_grayscale_puts_transparent_pixels_on_white_paper_and_scales_16_bit_scans():
    import numpy as np

    transparent = Image.new("RGBA", (8, 8), (0, 0, 0, 0))
    assert ocr.grayscale(transparent).getpixel((0, 0)) == 255
    sixteen_bit = Image.fromarray(np.array([[0, 30000], [60000, 65535]], dtype=np.uint16))
    assert np.asarray(ocr.grayscale(sixteen_bit)).ravel().tolist() == [0, 116, 233, 255]


def test_the_signer_under_a_red_seal_is_read(tmp_path):
    from ntm_corpus.render import Columns, Degrade, Para, to_scanned_pdf
    from pipeline.ingest import ingest

    blocks = [Para("Uỷ ban nhân dân xã trân trọng báo cáo./."),
              Columns(left=[Para("Nơi nhận:", bold=True), Para("- Lưu: VT, VP.")],
                      right=[Para("TM. UỶ BAN NHÂN DÂN", align="center", bold=True),
                             Para("CHỦ TỊCH", align="center", bold=True),
                             Para("Nguyễn Văn Bình", align="center", bold=True)])]
    path = tmp_path / "seal.pdf"
    to_scanned_pdf(blocks, path, dpi=300, degrade=Degrade(stamp=True, seed=3))
    text = ingest(path, workers=1).pages[-1].text
    assert "CHỦ TỊCH" in text and "Nguyễn Văn Bình" in text


def test_a_row_read_across_two_columns_gets_a_tab_at_the_column_gap():
    from pipeline.ingest.ocr import text_from_tsv

    header = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
    rows = [f"5\t1\t1\t1\t1\t{i}\t{left}\t100\t{width}\t40\t95\t{word}" for i, (left, width, word) in enumerate(
        [(100, 60, "Nơi"), (170, 90, "nhận:"), (1400, 60, "PHÓ"), (1470, 60, "CHỦ"), (1540, 80, "TỊCH")])]
    text, confidences = text_from_tsv("\n".join([header, *rows]))
    assert text == "Nơi nhận:\tPHÓ CHỦ TỊCH" and len(confidences) == 5
