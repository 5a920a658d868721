"""The two-column header block read column by column (pipeline.ingest.columns), from Tesseract's word boxes."""

from __future__ import annotations

import pytest

from ntm_corpus import render
from ntm_corpus.render import Columns, Para
from pipeline.ingest import ocr
from pipeline.ingest.columns import header_columns_first
from pipeline.ingest.ocr import text_from_tsv
from tests.conftest import cer, normalized

HEAD = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"


def tsv(*lines: list[tuple[int, int, str]]) -> str:
    """Lines of (left, width, word) at 40 px per line, each line its own Tesseract line."""
    rows = [HEAD]
    for n, line in enumerate(lines, start=1):
        for k, (left, width, word) in enumerate(line, start=1):
            rows.append(f"5\t1\t1\t1\t{n}\t{k}\t{left}\t{40 * n}\t{width}\t30\t95\t{word}")
    return "\n".join(rows)


def words(x: int, *text: str) -> list[tuple[int, int, str]]:
    out = []
    for w in text:
        out.append((x, 20 * len(w), w))
        x += 20 * len(w) + 15
    return out


def test_a_header_read_across_its_columns_is_read_column_by_column():
    page = tsv(
        words(100, "UBND", "HUYỆN", "A") + words(1300, "CỘNG", "HOÀ", "XÃ", "HỘI"),
        words(100, "UBND", "XÃ", "B") + words(1300, "VIỆT", "NAM"),
        words(100, "Số:", "12/KH-UBND") + words(1300, "B,", "ngày", "5"),
        words(200, "KẾ", "HOẠCH", "THỰC", "HIỆN", "NHIỆM", "VỤ", "NĂM", "NAY", "VỀ", "NÔNG", "THÔN", "MỚI"),
        words(100, "Căn", "cứ", "kế", "hoạch", "của", "huyện", "về", "xây", "dựng", "nông", "thôn", "mới", "năm", "nay"),
    )
    text, _ = text_from_tsv(header_columns_first(page))
    assert [line for line in text.split("\n") if line] == ["UBND HUYỆN A", "UBND XÃ B", "Số: 12/KH-UBND", "CỘNG HOÀ XÃ HỘI", "VIỆT NAM",
                                "B, ngày 5", "KẾ HOẠCH THỰC HIỆN NHIỆM VỤ NĂM NAY VỀ NÔNG THÔN MỚI",
                                "Căn cứ kế hoạch của huyện về xây dựng nông thôn mới năm nay"]


def test_a_page_of_body_text_or_a_one_sided_top_is_left_as_read():
    body = tsv(*[words(100, "Nhân", "dân", "tham", "gia", "làm", "đường", "giao", "thông", "nông", "thôn", "mới")] * 4)
    assert header_columns_first(body) == body
    one_side = tsv(words(100, "I.", "MỤC", "ĐÍCH"), words(100, "1.", "Mục", "đích"),
                   words(100, "Nhân", "dân", "tham", "gia", "làm", "đường", "giao", "thông", "nông", "thôn", "mới"))
    assert header_columns_first(one_side) == one_side
    assert header_columns_first("") == ""


def test_a_scanned_header_block_reads_issuer_first_then_motto():
    block = [Columns([Para("UBND HUYỆN HỒNG DÂN", align="center"), Para("UBND XÃ BÌNH ĐỨC", align="center"),
                      Para("Số: 15/KH-UBND", align="center")],
                     [Para("CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", align="center", bold=True),
                      Para("Độc lập - Tự do - Hạnh phúc", align="center"),
                      Para("Bình Đức, ngày 12 tháng 2 năm 2024", align="center")])]
    page = render.to_images(block, dpi=200)[0]
    text = ocr.recognize(page, detect_orientation=False).text
    gold = "\n".join(p.text for p in block[0].left + block[0].right)
    assert cer(normalized(text), normalized(gold)) < 0.02
    assert normalized(text).index("Số: 15/KH-UBND") < normalized(text).index("CỘNG HOÀ")


def test_recipients_beside_the_signature_are_read_column_by_column():
    page = tsv(
        words(100, "Nhân", "dân", "tham", "gia", "làm", "đường", "giao", "thông", "nông", "thôn", "mới", "năm", "nay./."),
        words(100, "Nơi", "nhận:") + words(1300, "TM.", "UỶ", "BAN", "NHÂN", "DÂN"),
        words(100, "-", "UBND", "huyện;") + words(1400, "CHỦ", "TỊCH"),
        words(100, "-", "Lưu:", "VT.") + words(1350, "Lý", "Bá", "Trọng"),
    )
    text, _ = text_from_tsv(header_columns_first(page))
    assert [line for line in text.split("\n") if line] == [
        "Nhân dân tham gia làm đường giao thông nông thôn mới năm nay./.",
        "Nơi nhận:", "- UBND huyện;", "- Lưu: VT.", "TM. UỶ BAN NHÂN DÂN", "CHỦ TỊCH", "Lý Bá Trọng"]


@pytest.mark.parametrize("ink", [{}, {"seal_ink": "blue", "signature": "blue"}], ids=["red seal", "blue seal and signature"])
def test_the_signer_under_a_seal_on_a_200_dpi_scan_is_read(ink):
    import json
    from pathlib import Path

    from pipeline.extract.context import Context
    from pipeline.extract.metadata import find_metadata
    from pipeline.normalize import normalize_document
    from pipeline.schema import Document, Page

    corpus = Path(__file__).resolve().parents[1] / "corpus"
    right = 0
    for name in ("syn1_000", "syn1_003"):
        blocks = render.layout_from_text((corpus / "documents" / f"{name}.txt").read_text(encoding="utf-8"))
        last = render.to_images(blocks, dpi=200, degrade=render.Degrade(skew_deg=1.0, blur=0.8, noise=0.01, stamp=True, seed=5, **ink))[-1]
        text = ocr.recognize(last, detect_orientation=False).text
        doc = Document(source=f"{name}.png", sha256="", format="png", pages=[Page(number=1, text=text, source="ocr")])
        meta = find_metadata(Context(normalize_document(doc).text))
        gold = json.loads((corpus / "gold" / f"{name}.json").read_text(encoding="utf-8"))["metadata"]["signer"]
        right += meta.signer is not None and meta.signer.name == gold["name"]
    assert right == 2


# ── the signer's name line read again as its own region (signature_block.py) ──


def _strip_reader(text: str, conf: int):
    """A stand-in for Tesseract reading the cut-out strip as one line: records the strip, answers `text`."""
    seen = []

    def read(strip):
        seen.append(strip.size)
        row = [f"5\t1\t1\t1\t1\t{k}\t{10 + 60 * k}\t8\t50\t30\t{conf}\t{w}" for k, w in enumerate(text.split(), start=1)]
        return "\n".join([HEAD, *row])
    return read, seen


SIGNED = [words(100, "Nhân", "dân", "tham", "gia", "làm", "đường", "giao", "thông", "nông", "thôn", "mới"),
          words(100, "Nơi", "nhận:") + words(1300, "TM.", "UỶ", "BAN", "NHÂN", "DÂN"),
          words(100, "-", "Lưu:", "VT.") + words(1400, "CHỦ", "TỊCH")]


def test_a_name_line_split_in_two_by_tesseract_is_read_again_as_one_line():
    from PIL import Image

    from pipeline.ingest.signature_block import reread_name_line

    page = tsv(*SIGNED, words(1350, "N", "Q", "Hả"))
    rows = page.splitlines()  # the second piece of the same printed line, as Tesseract's own line 5
    rows += [f"5\t1\t1\t1\t5\t{k}\t{x}\t162\t40\t30\t93\t{w}" for k, (x, w) in enumerate([(1370, "guyễn"), (1450, "uang"), (1530, "i")], 1)]
    read, seen = _strip_reader("Nguyễn Quang Hải", 90)
    out = reread_name_line(Image.new("L", (2000, 400), 255), "\n".join(rows), read)
    text, _ = text_from_tsv(header_columns_first(out))
    assert seen and text.rstrip().endswith("CHỦ TỊCH\nNguyễn Quang Hải")
    assert "\nguyễn" not in text and " Hả\n" not in text


def test_a_name_read_whole_is_kept_unless_the_strip_reads_more_confidently_or_differs_only_in_marks():
    from PIL import Image

    from pipeline.ingest.signature_block import reread_name_line

    page = tsv(*SIGNED, words(1350, "Lê", "Thi", "Loan"))  # confidence 95 (tsv's default)
    image = Image.new("L", (2000, 400), 255)
    assert reread_name_line(image, page, _strip_reader("Lê Thị Lan", 80)[0]) == page  # other letters, less sure
    assert reread_name_line(image, page, _strip_reader("Lê Thị", 80)[0]) == page  # a word fewer
    assert reread_name_line(image, page, _strip_reader("Lê Thi Loan", 80)[0]) == page  # the same, less sure
    assert reread_name_line(image, page, _strip_reader("Lê Thị Loan", 80)[0]) == page  # other marks, far less sure
    marks = reread_name_line(image, page, _strip_reader("Lê Thị Loan", 93)[0])
    assert text_from_tsv(marks)[0].endswith("Lê Thị Loan")
    better = reread_name_line(image, page, _strip_reader("Lê Thị Lan", 97)[0])
    assert text_from_tsv(better)[0].endswith("Lê Thị Lan")


def test_a_reduced_pages_name_line_is_cut_from_the_page_at_full_size_and_its_boxes_scaled_back():
    from PIL import Image

    from pipeline.ingest.signature_block import reread_name_line

    page = tsv(*SIGNED, words(1350, "N", "Q", "Hả"))
    rows = page.splitlines()
    rows += [f"5\t1\t1\t1\t5\t{k}\t{x}\t162\t40\t30\t93\t{w}" for k, (x, w) in enumerate([(1370, "guyễn"), (1450, "uang"), (1530, "i")], 1)]
    read, seen = _strip_reader("Nguyễn Quang Hải", 90)
    reduced, full = Image.new("L", (2000, 400), 255), Image.new("L", (4000, 800), 255)
    out = reread_name_line(reduced, "\n".join(rows), read, source=full)
    alone, seen_alone = _strip_reader("Nguyễn Quang Hải", 90)
    reread_name_line(reduced, "\n".join(rows), alone)
    assert seen == [(2 * seen_alone[0][0], 2 * seen_alone[0][1])]  # the same strip, cut at twice the size
    assert text_from_tsv(header_columns_first(out))[0].rstrip().endswith("Nguyễn Quang Hải")
    name = [r.split("\t") for r in out.splitlines() if r.endswith(("Nguyễn", "Quang", "Hải"))]
    # the strip's words (at 10 + 60k, 50 px wide in the full-size strip) are half as far and as wide on the page
    assert [int(f[8]) for f in name] == [25, 25, 25] and int(name[1][6]) - int(name[0][6]) == 30


def test_a_body_page_or_a_short_last_line_without_a_title_is_not_read_again():
    from PIL import Image

    from pipeline.ingest.signature_block import reread_name_line

    read, seen = _strip_reader("x", 99)
    image = Image.new("L", (2000, 400), 255)
    body = tsv(*[words(100, "Nhân", "dân", "tham", "gia", "làm", "đường", "giao", "thông", "nông", "thôn", "mới")] * 4)
    assert reread_name_line(image, body, read) == body
    no_title = tsv(SIGNED[0], words(1300, "tham", "gia", "làm", "đường"), words(1350, "Lê", "Văn", "An"))
    assert reread_name_line(image, no_title, read) == no_title
    assert reread_name_line(image, HEAD, read) == HEAD and not seen
    unread = tsv(*SIGNED)  # the title is the last line read (the name lost under ink): a title is no name
    assert reread_name_line(image, unread, read) == unread and not seen


def test_the_signer_of_a_stamped_200_dpi_pdf_is_read_as_extract_reads_it(tmp_path):
    """The whole-document path: the scan's JPEG page rendered at ingest's 300 dpi. The first pass reads
    "Hãng" (95) for "Hằng", the name line read alone "Hằng" (94): the same letters, so the strip's marks win."""
    import pypdfium2 as pdfium

    from ntm_corpus.generate import documents
    from pipeline.extract.context import Context
    from pipeline.extract.metadata import find_metadata
    from pipeline.ingest.pdf import render_pixels
    from pipeline.normalize import normalize_document
    from pipeline.schema import Document, Page

    doc = list(documents(8, seed=7))[7]
    path = tmp_path / "stamped.pdf"
    render.to_scanned_pdf(doc.blocks, path, dpi=200, degrade=render.Degrade(skew_deg=1.0, blur=0.8, noise=0.01, stamp=True, seed=707))
    last = len(pdfium.PdfDocument(str(path))) - 1
    text = ocr.recognize(render_pixels(str(path), last, 300), detect_orientation=False).text
    meta = find_metadata(Context(normalize_document(Document(source="stamped.pdf", sha256="", format="pdf", pages=[Page(number=1, text=text, source="ocr")])).text))
    assert meta.signer is not None and meta.signer.name == doc.gold["metadata"]["signer"]["name"]
