"""The document's own metadata: header, title, signature block, recipients, administrative units."""

import json

import pytest

import pipeline
from pipeline.extract.context import Context
from pipeline.extract.grammar.lines import lines_of
from pipeline.extract.metadata import find_metadata
from pipeline.extract.metadata.header import _without_mottos
from pipeline.extract.metadata.signature import (
    AUTHORITY,
    _canonical_authority,
    _is_noise,
    find_recipients,
    title_of,
)
from pipeline.normalize.vietnamese import canonical
from tests.data_examples import examples
from tests.helpers import SHARED_DOCS, SHARED_GOLD

SHARED = sorted(SHARED_DOCS.glob("*.md")) if SHARED_DOCS.is_dir() else []
LEXICON_FILE = "metadata/lexicon.json"

BODY = "\nCăn cứ tình hình thực tế của địa phương, Uỷ ban nhân dân xã xây dựng kế hoạch như sau:\n\nI. MỤC ĐÍCH\n"


def meta_of(text):
    ctx = Context(text=text)
    meta = find_metadata(ctx)
    for name, evidence in meta.evidence.items():  # every field says where it was read
        assert evidence.text == text[evidence.span[0]:evidence.span[1]], name
    if meta.signer:
        assert meta.signer.text == text[meta.signer.span[0]:meta.signer.span[1]]
    return meta, ctx


def meta(text):
    return meta_of(text)[0]


# ── header ────────────────────────────────────────────────────────────────────


def test_state_header_with_both_columns_on_the_same_lines():
    text = ("UBND HUYỆN ĐÌNH LẬP CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "UỶ BAN NHÂN DÂN XÃ BẮC XA Độc lập - Tự do - Hạnh phúc\n"
            "Số: 45/KH-UBND Bắc Xa, ngày 12 tháng 4 năm 2023\n\n"
            "KẾ HOẠCH\nPhát triển sản xuất nông nghiệp\ngắn với xây dựng nông thôn mới năm 2023\n" + BODY)
    m = meta(text)
    assert (m.doc_type, m.number, m.symbol) == ("ke_hoach", "45", "KH-UBND")
    assert m.issuer == "UBND HUYỆN ĐÌNH LẬP / UỶ BAN NHÂN DÂN XÃ BẮC XA"
    assert (m.place, m.issued_date, m.issued_year, m.issued_month, m.issued_day) == ("Bắc Xa", "2023-04-12", 2023, 4, 12)
    assert m.subject == "Phát triển sản xuất nông nghiệp gắn với xây dựng nông thôn mới năm 2023"
    assert (m.admin_units.commune, m.admin_units.district) == ("Bắc Xa", "Đình Lập")
    assert m.evidence["number"].text == "Số: 45/KH-UBND"
    assert m.evidence["place"].text == "Bắc Xa"


def test_state_header_one_column_at_a_time():
    text = ("UỶ BAN NHÂN DÂN\nXÃ HÙNG SƠN\n\nSố: 08/BC-UBND\n\nCỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "Độc lập - Tự do - Hạnh phúc\n\nHùng Sơn, ngày 20 tháng 12 năm 2023\n\nBÁO CÁO\n"
            "Kết quả thực hiện Chương trình xây dựng nông thôn mới năm 2023\n" + BODY)
    m = meta(text)
    assert (m.doc_type, m.number, m.symbol, m.issuer) == ("bao_cao", "08", "BC-UBND", "UỶ BAN NHÂN DÂN XÃ HÙNG SƠN")
    assert (m.place, m.issued_date) == ("Hùng Sơn", "2023-12-20")
    assert m.subject == "Kết quả thực hiện Chương trình xây dựng nông thôn mới năm 2023"


def test_a_draft_keeps_what_is_filled_in():
    text = "Số: /KH-UBND\n\nTân Văn, ngày tháng 03 năm 2024\nKẾ HOẠCH\nThực hiện Chương trình nông thôn mới năm 2024\n" + BODY
    m = meta(text)
    assert (m.number, m.symbol, m.doc_type) == (None, "KH-UBND", "ke_hoach")
    assert (m.place, m.issued_year, m.issued_month, m.issued_day, m.issued_date) == ("Tân Văn", 2024, 3, None, None)
    assert m.subject == "Thực hiện Chương trình nông thôn mới năm 2024"


def test_a_dotted_draft_date():
    m = meta("UBND XÃ YÊN PHÚC\nSố: ....../TTr-UBND\nYên Phúc, ngày ..... tháng ..... năm 2025\nTỜ TRÌNH\nVề việc đề nghị xét công nhận xã đạt chuẩn nông thôn mới\n" + BODY)
    assert (m.doc_type, m.issued_year, m.issued_month, m.issued_date) == ("to_trinh", 2025, None, None)
    assert m.subject == "đề nghị xét công nhận xã đạt chuẩn nông thôn mới"


def test_party_header():
    text = ("ĐẢNG BỘ HUYỆN VĂN QUAN\nĐẢNG UỶ XÃ TRÀNG PHÁI\n*\nSố 15-NQ/ĐU\n\nĐẢNG CỘNG SẢN VIỆT NAM\n"
            "Tràng Phái, ngày 05 tháng 01 năm 2024\n\nNGHỊ QUYẾT\nvề lãnh đạo xây dựng nông thôn mới năm 2024\n" + BODY)
    m = meta(text)
    assert (m.doc_type, m.number, m.symbol) == ("nghi_quyet", "15", "NQ/ĐU")
    assert m.issuer == "ĐẢNG BỘ HUYỆN VĂN QUAN / ĐẢNG UỶ XÃ TRÀNG PHÁI"
    assert m.subject == "lãnh đạo xây dựng nông thôn mới năm 2024"
    assert (m.admin_units.commune, m.admin_units.district) == ("Tràng Phái", "Văn Quan")


def test_cong_van_has_no_heading_but_a_vv_line_and_an_addressee():
    text = ("UỶ BAN NHÂN DÂN CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\nXÃ QUẢNG LẠC Độc lập - Tự do - Hạnh phúc\n"
            "Số: 112/UBND-NN Quảng Lạc, ngày 03 tháng 10 năm 2023\nV/v đăng ký hoàn thành\ncác tiêu chí nông thôn mới\n\n"
            "Kính gửi: Văn phòng Điều phối nông thôn mới huyện Điện Biên.\n\nThực hiện chỉ đạo của huyện, UBND xã báo cáo.")
    m = meta(text)
    assert (m.doc_type, m.number, m.symbol) == ("cong_van", "112", "UBND-NN")
    assert m.subject == "đăng ký hoàn thành các tiêu chí nông thôn mới"
    assert m.recipients == ["Văn phòng Điều phối nông thôn mới huyện Điện Biên"]
    assert (m.admin_units.commune, m.admin_units.district) == ("Quảng Lạc", "Điện Biên")


def test_heading_with_issuer_line_and_an_ocr_slip():
    m = meta("NGHỊ QUYẾT\nCỦA BAN CHẤP HÀNH ĐẢNG BỘ XÃ\nVề nhiệm vụ năm 2024\n\nI. KẾT QUẢ\nnội dung")
    assert (m.doc_type, m.issuer, m.subject) == ("nghi_quyet", "BAN CHẤP HÀNH ĐẢNG BỘ XÃ", "nhiệm vụ năm 2024")
    assert meta("KÉ HOẠCH\nTriển khai nhiệm vụ năm 2024\n" + BODY).doc_type == "ke_hoach"


def test_decision_title_stops_before_the_enacting_authority():
    m = meta("QUYẾT ĐỊNH\nVề việc kiện toàn Ban Quản lý xây dựng nông thôn mới xã\n"
             "CHỦ TỊCH UỶ BAN NHÂN DÂN XÃ THANH LÒA\nCăn cứ Luật Tổ chức chính quyền địa phương;")
    assert (m.doc_type, m.subject) == ("quyet_dinh", "kiện toàn Ban Quản lý xây dựng nông thôn mới xã")


def test_type_from_the_symbol_when_there_is_no_heading():
    assert meta("UBND XÃ AN HÙNG\nSố: 27/BC-UBND\n\nCăn cứ kết quả rà soát.").doc_type == "bao_cao"


def test_an_impossible_own_date_is_warned_not_invented():
    m, ctx = meta_of("Số: 03/KH-UBND\nTân Lập, ngày 30 tháng 02 năm 2024\nKẾ HOẠCH\nNăm 2024\n" + BODY)
    assert (m.issued_date, m.issued_year, m.issued_month, m.issued_day) == (None, 2024, 2, None)
    assert [w.code for w in ctx.warnings] == ["invalid_date"]


def test_a_text_without_header_gives_empty_fields():
    m = meta("Tăng cường công tác tuyên truyền.\nHuy động nguồn lực xây dựng nông thôn mới.")
    assert (m.doc_type, m.number, m.issuer, m.place, m.issued_year, m.signer, m.recipients) == (
        None, None, None, None, None, None, [])


# ── signature ─────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(("block", "name", "title", "authority"), [
    ("TM. UỶ BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n(Đã ký)\nNguyễn Văn An", "Nguyễn Văn An", "Phó Chủ tịch", "KT."),
    ("T/M ĐẢNG UỶ\nBÍ THƯ\n\nLò Văn Pấng", "Lò Văn Pấng", "Bí thư", "T/M"),
    ("T/M BAN CHẤP HÀNH\nPHÓ BÍ THƯ\n\nNGUYỄN THỊ HOA", "Nguyễn Thị Hoa", "Phó Bí thư", "T/M"),
    ("TM. UỶ BAN NHÂN DÂN\nCHỦ TỊCH\n\nHoàng Thị Lan", "Hoàng Thị Lan", "Chủ tịch", "TM."),
    ("TL. CHỦ TỊCH\nCHÁNH VĂN PHÒNG\n\nĐinh Công Thành", "Đinh Công Thành", "Chánh Văn phòng", "TL."),
    ("CHỦ TỊCH\n\nVi Văn Sáu", "Vi Văn Sáu", "Chủ tịch", None),
    ("TL. CHỦ TỊCH\nTRƯỞNG PHÒNG NỘI VỤ\nNông Thị Mai", "Nông Thị Mai", "Trưởng phòng nội vụ", "TL."),
    ("TM. UỶ BAN NHÂN DÂN\nCHỦ TỊCH\nKsor H'Bơ", "Ksor H'Bơ", "Chủ tịch", "TM."),
    ("TM. BAN CHỈ ĐẠO\nTRƯỞNG BAN\nĐã ký\nHà Thị Mỹ Linh", "Hà Thị Mỹ Linh", "Trưởng ban", "TM."),
])
def test_signature_blocks(block, name, title, authority):
    text = "Các thôn tổ chức thực hiện./.\nNơi nhận:\n- UBND huyện;\n- Lưu: VT.\n\n" + block
    s = meta(text).signer
    assert (s.name, s.title, s.authority) == (name, title, authority)
    assert s.text.endswith(block.splitlines()[-1])


def test_signature_sharing_lines_with_the_recipients():
    text = ("Đề nghị các đơn vị thực hiện./.\nNơi nhận: TM. UỶ BAN NHÂN DÂN\n- Như trên; KT. CHỦ TỊCH\n"
            "- Phòng NN&PTNT huyện; PHÓ CHỦ TỊCH\n- Lưu: VT.\n\nMa Văn Khánh")
    m = meta(text)
    assert (m.signer.name, m.signer.title, m.signer.authority) == ("Ma Văn Khánh", "Phó Chủ tịch", "KT.")
    assert m.recipients == ["Như trên", "Phòng NN&PTNT huyện", "Lưu: VT"]


def test_signature_before_an_appendix():
    text = ("Nơi nhận:\n- Như trên;\n- Lưu: VT.\nTM. UỶ BAN NHÂN DÂN\nCHỦ TỊCH\nLương Văn Đức\n\n"
            "PHỤ LỤC\nBIỂU TỔNG HỢP TIÊU CHÍ\n" + "\n".join(f"{i}\nTiêu chí số {i}\nĐạt" for i in range(1, 20)))
    assert meta(text).signer.name == "Lương Văn Đức"


@pytest.mark.parametrize("text", [
    "Nơi nhận:\n- Như trên;\n- Lưu: VT.\n\nTM. UỶ BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",  # no name
    "Thực hiện tốt nhiệm vụ được giao.\n\nLạng Sơn\n",  # a capitalised place is not a name
    "Nơi nhận:\n- Thường trực Huyện Uỷ;\n- Lưu Văn Phòng",
])
def test_no_signer(text):
    assert meta(text).signer is None


# ── recipients ────────────────────────────────────────────────────────────────


def test_distribution_list_with_a_wrapped_item():
    text = ("Nội dung./.\nNơi nhận:\n- TT Huyện uỷ (b/c);\n- Đoàn công tác của huyện theo QĐ 2017\n\nHU;\n"
            "- Các chi bộ trực thuộc,\n- Lưu VP.\n\nT/M ĐẢNG UỶ\nBÍ THƯ\nHà Văn Tới")
    assert meta(text).recipients == [
        "TT Huyện uỷ (b/c)", "Đoàn công tác của huyện theo QĐ 2017 HU", "Các chi bộ trực thuộc", "Lưu VP",
    ]


def test_addressee_list_then_distribution():
    text = ("V/v rà soát tiêu chí\nKính gửi:\n- Uỷ ban nhân dân các xã;\n- Phòng Nông nghiệp huyện.\n\n"
            "Đề nghị thực hiện.\nNơi nhận:\n- Như trên;\n- Lưu: VT.\nTM. UỶ BAN NHÂN DÂN\nCHỦ TỊCH\nLý Văn Hải")
    m = meta(text)
    assert m.recipients == ["Uỷ ban nhân dân các xã", "Phòng Nông nghiệp huyện", "Như trên", "Lưu: VT"]
    assert set(m.evidence) >= {"recipients", "addressees"}


# ── administrative units ──────────────────────────────────────────────────────


def test_admin_units_most_frequent_name_per_level():
    text = ("Xây dựng xã Yên Thịnh đạt chuẩn; các xã Nông thôn mới của huyện Chợ Đồn; xã Yên Thịnh phấn đấu; "
            "xã Bằng Phúc hỗ trợ; tỉnh Bắc Kạn; huyện Chợ Đồn, tỉnh Bắc Kạn.")
    units = meta(text).admin_units
    assert (units.commune, units.district, units.province) == ("Yên Thịnh", "Chợ Đồn", "Bắc Kạn")


@pytest.mark.parametrize(("text", "expected"), [(e["text"], e["units"]) for e in examples(LEXICON_FILE, "admin_units.examples")])
def test_admin_unit_examples(text, expected):
    units = meta(text).admin_units.model_dump()
    assert {k: v for k, v in units.items() if v} == expected


def test_names_with_a_hyphen_or_an_apostrophe():
    assert meta("trên địa bàn tỉnh Bà Rịa - Vũng Tàu").admin_units.province == "Bà Rịa - Vũng Tàu"
    assert meta("UBND huyện Đắk R'lấp chỉ đạo").admin_units.district == "Đắk R'lấp"


# ── the lexicon's own examples ────────────────────────────────────────────────


@pytest.mark.parametrize(("line", "left"), [(e["text"], e["left"]) for e in examples(LEXICON_FILE, "mottos.examples")])
def test_motto_examples_are_cut_out(line, left):
    assert [p.text for p in _without_mottos(lines_of(line)[0])] == left


@pytest.mark.parametrize("mark", examples(LEXICON_FILE, "header_marks.examples"))
def test_header_marks_are_not_the_issuer(mark):
    assert meta(f"UBND XÃ AN BÌNH\n{mark}\nSố: 05/KH-UBND\nKẾ HOẠCH\nNăm 2024\n" + BODY).issuer == "UBND XÃ AN BÌNH"


@pytest.mark.parametrize(("line", "subject"), [(e["text"], e["subject"]) for e in examples(LEXICON_FILE, "subject_markers.examples")])
def test_subject_marker_examples(line, subject):
    assert meta(f"KẾ HOẠCH\n{line}\n" + BODY).subject == subject


@pytest.mark.parametrize("line", examples(LEXICON_FILE, "body_starts.examples"))
def test_body_start_examples_end_the_title(line):
    assert meta(f"BÁO CÁO\nKết quả năm 2024\n{line}\nnội dung").subject == "Kết quả năm 2024"


@pytest.mark.parametrize(("lines", "issuer"), [(e["text"], e["issuer"]) for e in examples(LEXICON_FILE, "unit_words.examples")])
def test_issuer_lines_join_a_unit_line_to_its_body(lines, issuer):
    assert meta(lines + "\nSố: 05/KH-UBND\nKẾ HOẠCH\nNăm 2024\n" + BODY).issuer == issuer


@pytest.mark.parametrize(("written", "canonical_form"), [(e["text"], e["authority"]) for e in examples(LEXICON_FILE, "authorities.examples")])
def test_authority_examples(written, canonical_form):
    assert _canonical_authority(AUTHORITY.search(written).group(0)) == canonical_form


@pytest.mark.parametrize(("printed", "written"), [(e["text"], e["title"]) for e in examples(LEXICON_FILE, "titles.examples")])
def test_title_examples(printed, written):
    assert title_of(printed) == written


@pytest.mark.parametrize("line", examples(LEXICON_FILE, "signature_noise.examples"))
def test_signature_noise_examples(line):
    assert _is_noise(line)


@pytest.mark.parametrize("example", examples(LEXICON_FILE, "recipients_heads.examples"), ids=lambda e: e["text"][:20])
def test_recipients_head_examples(example):
    assert find_recipients(example["text"])[0] == example["recipients"]


@pytest.mark.parametrize("line", examples(LEXICON_FILE, "recipients_heads.counter_examples"))
def test_recipients_head_counter_examples(line):
    assert find_recipients(line) == ([], {})


# ── the shared documents ──────────────────────────────────────────────────────


@pytest.mark.skipif(not SHARED, reason="../shared/corpus is not beside the repository")
@pytest.mark.parametrize("path", SHARED, ids=lambda p: p.stem)
def test_shared_documents_match_gold(path):
    gold = json.loads((SHARED_GOLD / f"{path.stem}.json").read_text(encoding="utf-8"))["metadata"]
    m = meta(pipeline.normalize(pipeline.ingest(path)).text)
    assert m.signer.name == gold["signer"]["name"]
    assert canonical(m.signer.title) == canonical(gold["signer"]["title"])
    for field in ("doc_type", "number", "issued_date", "issued_year", "issued_month", "place"):
        if field in gold:
            assert canonical(str(getattr(m, field))) == canonical(str(gold[field])), field
    for level in ("commune", "district", "province"):
        if level in gold:
            assert canonical(getattr(m.admin_units, level)) == canonical(gold[level]), level


def test_a_commune_name_cut_by_a_wrapped_header_line_takes_the_full_name_from_the_body():
    from pipeline.extract.context import Context
    from pipeline.extract.metadata import find_metadata

    text = ("UBND HUYỆN TRẦN VĂN\nTHỜI\nUBND XÃ PHONG THẠNH\nĐÔNG\nSố: 66/KH-UBND\n"
            "Phong Thạnh Đông, ngày 09 tháng 02 năm 2025\nKẾ HOẠCH\n"
            "Uỷ ban nhân dân xã Phong Thạnh Đông, huyện Trần Văn Thời xây dựng kế hoạch như sau:\n")
    units = find_metadata(Context(text=text)).admin_units
    assert (units.commune, units.district) == ("Phong Thạnh Đông", "Trần Văn Thời")


def test_the_signer_is_found_when_ocr_reads_the_recipients_and_the_signature_across_one_row():
    from pipeline.extract.metadata.signature import find_signer

    text = ("Uỷ ban nhân dân xã trân trọng báo cáo./.\nNơi nhận:\tTM. UỶ BAN NHÂN DÂN\n"
            "- UBND huyện (b/c);\tKT. CHỦ TỊCH\n- Lưu: VT.\tPHÓ CHỦ TỊCH\n- Các thôn;\tTriệu Trọng Phong\n")
    found = find_signer(text)
    assert (found.name, found.title, found.authority) == ("Triệu Trọng Phong", "Phó Chủ tịch", "KT.")
    assert text[found.span[0]:found.span[1]].endswith("Triệu Trọng Phong")
