"""Properties of every extractor on random and mutated Vietnamese text (hypothesis).

Lines of real documents (the shared documents, read at test time, and the project's corpus) and
lines written here in the genre are mutated — characters deleted, inserted and duplicated, digits
swapped, codes, dates (impossible ones too: "ngày 31/02/2024"), numbers with dots and commas and
line breaks inserted — and for any such text:

- no step raises;
- every item's span slices the text to the item's text (and, through `extract`, every item's page
  is the page its span starts on in the char map);
- dates are real ISO dates or null, and a deadline's start is never after its date;
- numbers parse back to what the text says: a target's value (and upper bound) and a summary's
  achieved/total are numbers written in the item's text (decimal comma, thousands dot or plain);
- criterion numbers are 1..19, comparators, statuses and granularities are in their sets.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pipeline.extract import extract, run_steps
from pipeline.extract.context import Context
from pipeline.extract.grammar.quantities import parse_number
from pipeline.ingest.text import strip_markdown
from pipeline.normalize import normalize_document
from pipeline.normalize.mapped import locate
from pipeline.schema import (
    CriteriaSummary,
    Criterion,
    Deadline,
    Document,
    Metadata,
    Page,
    Reference,
    Target,
    grounded_items,
)
from tests.helpers import CORPUS, SHARED_DOCS

# Lines in the genre, written for these tests: each exercises one extractor.
GENRE_LINES = [
    "UỶ BAN NHÂN DÂN", "XÃ HÒA BÌNH", "Số: 45/KH-UBND", "Hòa Bình, ngày 12 tháng 3 năm 2024", "KẾ HOẠCH",
    "Căn cứ Quyết định số 318/QĐ-TTg ngày 08/3/2022 của Thủ tướng Chính phủ;",
    "Căn cứ Nghị quyết số 07-NQ/HU ngày 15/01/2024 của Ban Chấp hành Đảng bộ huyện;",
    "Đến nay xã đã đạt 17/19 tiêu chí, còn 2 tiêu chí chưa đạt là tiêu chí số 10 về Thu nhập và tiêu chí số 17.",
    "Số tiêu chí chưa đạt: 2/19.", "Bình quân toàn huyện đạt 17,03 tiêu chí/xã.",
    "Tỷ lệ hộ nghèo giảm còn 2,5%; thu nhập bình quân đầu người đạt 48,5 triệu đồng/người/năm.",
    "Phấn đấu cứng hoá 3,5 km đường trục thôn và trồng mới 1.200 cây xanh trước ngày 30/11/2024.",
    "Tổng đàn gia súc đạt 35.000 con, tăng 10-12% so với cùng kỳ.",
    "Hoàn thành tiêu chí Giao thông trong Quý III/2024; định kỳ hàng quý báo cáo kết quả.",
    "Thực hiện từ ngày 01/6/2024 đến ngày 31/12/2024.", "giai đoạn 2021 - 2025",
    "Kiểm tra 01 tháng/lần, họp 2 lần/năm.", "Nơi nhận:", "- Như trên;", "- Lưu: VT.",
    "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn Khỏe",
    "STT\tChỉ tiêu\tĐơn vị\tKế hoạch 2024", "1\tTỷ lệ trường đạt chuẩn\t%\t100",
    "Xã đạt chuẩn nông thôn mới nâng cao năm 2025.",
]
CODES = ["12/QĐ-UBND", "318/QĐ-TTg", "45/KH-UBND", "07-NQ/HU", "263/2022/QĐ-UBND", "5/BC-BCĐ", "1/NQ-HĐND", "99/TB"]
UNITS = ["%", " ha", " km", " con", " tấn", " triệu đồng", " tỷ đồng", " hộ", " tiêu chí", " xã", " m", " người"]
INSERTS = [
    "\n", "\n\n", "\t", " ", "/", "-", ",", ".", ";", ":", "%", "(", ")", "“", "”", "Số: ",
    "tiêu chí số ", "đạt ", "chưa đạt ", "phấn đấu ", "trước ngày ", "đến hết ", "từ ngày ", " đến ngày ",
    "trong Quý ", "tháng ", "năm ", "giai đoạn ", "hàng tháng", "Căn cứ ", "Quyết định số ", "tỷ lệ ",
    "bình quân ", "/19 tiêu chí", "KT. CHỦ TỊCH\n", "ngày  tháng  năm 2024",
]


def _real_lines() -> list[str]:
    """Lines of the shared documents and of the corpus texts (read now, never stored)."""
    texts = [strip_markdown(p.read_text(encoding="utf-8")) for p in sorted(SHARED_DOCS.glob("*.md"))] \
        if SHARED_DOCS.is_dir() else []
    texts += [p.read_text(encoding="utf-8") for p in sorted((CORPUS / "documents").glob("*.txt"))]
    return sorted({line.strip() for text in texts for line in text.splitlines() if len(line.strip()) > 8})


LINES = GENRE_LINES + _real_lines()


# ── strategies ────────────────────────────────────────────────────────────────

digits = st.integers(0, 9).map(str)


@st.composite
def dates(draw) -> str:
    """A date as the genre writes it, often impossible: 31/02/2024, 0/13/2024, ngày 30 tháng 2 năm 2023."""
    d, m = draw(st.integers(0, 35)), draw(st.integers(0, 14))
    y = draw(st.sampled_from([1899, 1999, 2020, 2023, 2024, 2025, 2030, 2099]))
    sep = draw(st.sampled_from(["/", "-", "."]))
    return draw(st.sampled_from([
        f"ngày {d:02d}/{m}/{y}", f"ngày {d} tháng {m} năm {y}", f"{d}{sep}{m}{sep}{y}", f"tháng {m}/{y}",
        f"quý {draw(st.sampled_from(['I', 'II', 'IV', 'V', '0', '5']))}/{y}", f"năm {y}",
        f"giai đoạn {y} - {draw(st.sampled_from([2019, 2025, 2030]))}",
        f"từ ngày {d}/{m}/{y} đến ngày {draw(st.integers(1, 31))}/{draw(st.integers(1, 12))}/{y}",
    ]))


@st.composite
def numbers(draw) -> str:
    """Numbers as written: 35.000, 1.234,5, 3,8, 4.5, 10-12, 07, 120, with or without a unit."""
    whole = draw(st.integers(0, 2_000_000))
    grouped = f"{whole:,}".replace(",", ".")
    decimals = draw(st.integers(0, 99))
    written = draw(st.sampled_from([
        str(whole), grouped, f"{whole % 1000},{decimals}", f"{grouped},{decimals}", f"{whole % 100}.{decimals}",
        f"{whole % 50}-{whole % 50 + decimals}", f"0{whole % 10}", f"{whole % 30}/{whole % 30 + 19}",
        "1.2.3", "1,2,3", ",5", "5,", "..", "00.000",
    ]))
    return written + draw(st.sampled_from(["", *UNITS]))


@st.composite
def cue_phrases(draw) -> str:
    """Phrases each extractor keys on, with numbers that may be out of range: tiêu chí số 25, đạt 20/19 tiêu chí."""
    a, b = draw(st.integers(0, 40)), draw(st.integers(0, 40))
    period = draw(st.sampled_from(["ngày", "tuần", "tháng", "quý", "năm"]))
    return draw(st.sampled_from([
        f"tiêu chí số {a}", f"đạt {a}/{b} tiêu chí", f"{a}/{b} xã đạt chuẩn", f"bình quân {a},{b} tiêu chí/xã",
        f"Số tiêu chí đạt: {a}/{b}", f"trước ngày {a}/{b}", f"hàng {period}", f"{a} lần/{period}",
        f"{a} {period}/lần", f"đạt {a}/{b} tiêu chí (tiêu chí số {b}, {a})", f"các tiêu chí số {a}, {b} và {a + b}",
        f"{a}. Tiêu chí số {b} về", f"phấn đấu đến năm 20{a:02d} đạt {b}%",
    ]))


@st.composite
def mutated_text(draw, max_mutations: int = 6) -> str:
    text = "\n".join(draw(st.lists(st.sampled_from(LINES), min_size=1, max_size=8)))
    for _ in range(draw(st.integers(0, max_mutations))):
        i = draw(st.integers(0, len(text)))
        kind = draw(st.sampled_from(["delete", "insert", "duplicate", "digit", "code", "date", "number", "phrase", "cue"]))
        if kind == "delete":
            text = text[:i] + text[i + draw(st.integers(1, 5)):]
        elif kind == "insert":
            text = text[:i] + draw(st.characters(codec="utf-8", exclude_categories=("Cs",))) + text[i:]
        elif kind == "duplicate":
            j = min(len(text), i + draw(st.integers(1, 12)))
            text = text[:j] + text[i:j] + text[j:]
        elif kind == "digit":
            found = [m.start() for m in re.finditer(r"\d", text)]
            if found:
                k = draw(st.sampled_from(found))
                text = text[:k] + draw(digits) + text[k + 1:]
        else:
            piece = {"code": st.sampled_from(CODES).map(lambda c: f" số {c}"), "date": dates(), "number": numbers(),
                     "phrase": st.sampled_from(INSERTS), "cue": cue_phrases()}[kind]
            text = text[:i] + draw(piece) + text[i:]
    return text


@st.composite
def genre_soup(draw) -> str:
    """Pieces of the genre run together: words of real lines, codes, dates, numbers, cue phrases."""
    words = st.sampled_from(LINES).flatmap(lambda line: st.sampled_from(line.split() or [line]))
    pieces = st.one_of(words, dates(), numbers(), cue_phrases(), st.sampled_from(CODES), st.sampled_from(INSERTS))
    return " ".join(draw(st.lists(pieces, min_size=1, max_size=40)))


ALPHABET = ("aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
            "AĂÂĐÊÔƠƯQTCSNUBKH0123456789 .,;:/-–%()\n\t")
random_text = st.text(alphabet=ALPHABET, max_size=300)


# ── the properties ────────────────────────────────────────────────────────────

COMPARATORS = {"=", ">", ">=", "<", "<=", "range"}
STATUSES = {"met", "unmet", "target"}
GRANULARITIES = {"day", "month", "quarter", "year", "period"}


def _iso(value: str | None) -> dt.date | None:
    return None if value is None else dt.date.fromisoformat(value)


def _written_date(text: str) -> dt.date | None:
    """The first whole date written in `text` (08/3/2022, ngày 8 tháng 3 năm 2022)."""
    m = re.search(r"(\d{1,2})\s*(?:[/.\-]|tháng)\s*(\d{1,2})\s*(?:[/.\-]|năm)\s*(\d{4})", text)
    return dt.date(int(m[3]), int(m[2]), int(m[1])) if m else None


def numbers_written(text: str) -> set[float]:
    """Every value the numbers written in `text` can stand for: 35.000 → 35000, 3,8 → 3.8, 4.5 → 4.5."""
    values: set[float] = set()
    for token in re.findall(r"\d[\d.,]*", text):
        for candidate in {token.rstrip(".,"), *re.split(r"[.,]", token)}:
            try:
                values.add(round(parse_number(candidate), 9))
            except ValueError:
                continue
    return values


def written_in(value: float, text: str) -> bool:
    return round(value, 9) in numbers_written(text)


def check_grounding(text: str, found: dict, warnings) -> None:
    items = grounded_items(list(found.values()))
    for item in items:
        start, end = item.span
        assert 0 <= start < end <= len(text), (type(item).__name__, item.span)
        assert text[start:end] == item.text, (type(item).__name__, item.span, item.text)
    for warning in warnings:
        if warning.span is not None:
            assert text[warning.span[0]:warning.span[1]] == warning.text


def check_values(found: dict) -> None:
    for ref in found.get("references") or []:
        assert isinstance(ref, Reference)
        if ref.date is not None:  # a cited date is the one its words say
            assert ref.date_text is not None and _iso(ref.date) == _written_date(ref.date_text), ref
        if ref.number is not None:
            assert ref.number in ref.text and (ref.code is None or ref.number in ref.code), ref
    meta = found.get("metadata")
    if meta is not None:
        assert isinstance(meta, Metadata)
        issued = _iso(meta.issued_date)
        if issued is not None:
            assert (issued.year, issued.month, issued.day) == (meta.issued_year, meta.issued_month, meta.issued_day)
            assert _written_date(meta.evidence["issued_date"].text) == issued
        assert meta.issued_month is None or 1 <= meta.issued_month <= 12
        assert meta.issued_day is None or 1 <= meta.issued_day <= 31
        if None not in (meta.issued_year, meta.issued_month, meta.issued_day):
            assert issued is not None, "a whole issue date that exists is given as an ISO date"
    for criterion in found.get("criteria") or []:
        assert isinstance(criterion, Criterion)
        assert 1 <= criterion.criterion <= 19 and criterion.status in STATUSES
    for summary in found.get("criteria_summaries") or []:
        assert isinstance(summary, CriteriaSummary)
        assert written_in(summary.achieved, summary.text), (summary.achieved, summary.text)
        assert summary.total is None or written_in(summary.total, summary.text), (summary.total, summary.text)
        assert summary.status is None or summary.status in STATUSES
    for target in found.get("targets") or []:
        assert isinstance(target, Target)
        assert target.comparator in COMPARATORS and target.kind in ("target", "result")
        assert target.year is None or 1900 <= target.year <= 2100
        assert written_in(target.value, target.text), (target.value, target.text)
        if target.value_max is not None:
            assert target.value_max > target.value and written_in(target.value_max, target.text), target
    for deadline in found.get("deadlines") or []:
        assert isinstance(deadline, Deadline)
        date, start = _iso(deadline.date), _iso(deadline.start)
        assert deadline.granularity in GRANULARITIES
        assert (date is None) == (deadline.recurrence is not None), deadline
        if date is not None and start is not None:
            assert start <= date, (deadline.start, deadline.date, deadline.text)


def check(text: str, ctx: Context) -> None:
    check_grounding(text, ctx.found, ctx.warnings)
    check_values(ctx.found)


PROPERTY = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(mutated_text())
def test_mutated_documents_keep_every_property(text):
    check(text, run_steps(text))


@PROPERTY
@given(genre_soup())
def test_genre_soup_keeps_every_property(text):
    check(text, run_steps(text))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_text)
@example("")
@example("\n\n\t")
def test_random_text_keeps_every_property(text):
    check(text, run_steps(text))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(mutated_text(), min_size=1, max_size=3), st.sampled_from(["plain", "text_layer", "ocr"]))
def test_extraction_of_a_normalized_document_grounds_every_item_on_its_page(pages, source):
    document = Document(source="t.txt", sha256="0" * 64, format="txt",
                        pages=[Page(number=i + 1, text=t, source=source) for i, t in enumerate(pages)])
    result = extract(normalize_document(document))
    text = result.normalized_text
    check_grounding(text, _found(result), result.warnings)
    check_values(_found(result))
    for item in grounded_items(result):
        assert item.page == locate(result.char_map, item.span[0])[0]
        assert 1 <= item.page <= len(pages)


def _found(result) -> dict:
    return {"metadata": result.metadata, "references": result.references, "criteria": result.criteria,
            "criteria_summaries": result.criteria_summaries, "targets": result.targets, "deadlines": result.deadlines}


# ── the helpers the properties rely on ────────────────────────────────────────


def test_numbers_written_reads_every_vietnamese_form():
    assert {35000.0, 35.0, 0.0} <= numbers_written("35.000 con")
    assert 3.8 in numbers_written("giảm còn 3,8%") and 4.5 in numbers_written("4.5 ha")
    assert 1234.5 in numbers_written("1.234,5 tấn") and {10.0, 12.0} <= numbers_written("10-12 người")
    assert not written_in(7, "35.000 con")


def test_lines_include_the_real_documents():
    assert len(LINES) > len(GENRE_LINES) + 100


# ── regressions the properties and the bad-input matrix found ─────────────────


def test_empty_text_runs_every_step():
    ctx = run_steps("")  # a blank scan normalizes to "": spaCy gives no sentence to pair with the text's end
    assert ctx.found["references"] == [] and ctx.found["deadlines"] == [] and ctx.found["metadata"].issued_date is None


def test_a_range_written_backwards_has_no_start_and_a_warning():
    text = "Các thôn hoàn thành việc rà soát từ ngày 01/6/2024 đến ngày 01/3/2024."
    ctx = run_steps(text)
    [deadline] = ctx.found["deadlines"]
    assert deadline.date == "2024-03-01" and deadline.start is None
    assert [w.code for w in ctx.warnings] == ["reversed_range"]
    forwards = run_steps(text.replace("01/6/2024", "01/1/2024")).found["deadlines"]
    assert [(d.start, d.date) for d in forwards] == [("2024-01-01", "2024-03-01")]


@pytest.mark.parametrize(("line", "month", "day", "iso"), [
    ("Tân Lập, ngày 0 tháng 0 năm 2024", None, None, None),
    ("Tân Lập, ngày 30 tháng 2", 2, None, None),  # no year: February has 29 days at most
    ("Tân Lập, ngày 29 tháng 2 năm 2023", 2, None, None),
    ("Tân Lập, ngày 29 tháng 2 năm 2024", 2, 29, "2024-02-29"),
])
def test_the_documents_own_date_keeps_only_parts_that_exist(line, month, day, iso):
    ctx = run_steps(f"UỶ BAN NHÂN DÂN\nXÃ TÂN LẬP\n{line}\nKẾ HOẠCH\n")
    meta = ctx.found["metadata"]
    assert (meta.issued_month, meta.issued_day, meta.issued_date) == (month, day, iso)
    assert any(w.code == "invalid_date" for w in ctx.warnings) == (iso is None)
