"""One date and year grammar: the header's issue date, references and deadlines read the same forms."""

from __future__ import annotations

import pytest

from pipeline.extract.context import Context
from pipeline.extract.grammar import claimed
from pipeline.extract.grammar.dates import ISSUE_DATE_WORDS, YEAR_RE, match_date


@pytest.mark.parametrize(("text", "iso"), [
    ("ngày 08/3/2022", "2022-03-08"), ("08-3-2022", "2022-03-08"), ("ngày 08.3.2022", "2022-03-08"),
    ("ngày 08 tháng 3 năm 2022", "2022-03-08"),
])
def test_every_written_form_of_a_date_reads_the_same(text, iso):
    assert match_date(text, 0).iso == iso


@pytest.mark.parametrize("text", ["ngày 08/3/3022", "ngày 08/3/1822", "tháng 3 năm 2"])
def test_a_year_outside_1900_2099_is_no_date(text):
    assert match_date(text, 0) is None or match_date(text, 0).year is None


def test_a_draft_header_date_may_leave_day_and_month_blank():
    m = ISSUE_DATE_WORDS.search("Hà Nội, ngày ..... tháng 03 năm 2024")
    assert (m["d"], m["m"], m["y"]) == (None, "03", "2024")


def test_years_are_found_alone_not_inside_longer_numbers():
    assert YEAR_RE.findall("năm 2024, mã 120245, 1999") == ["2024", "1999"]


def test_claimed_spans_are_computed_once_per_document(monkeypatch):
    ctx = Context(text="Căn cứ Quyết định số 318/QĐ-TTg ngày 08/3/2022 của Thủ tướng Chính phủ về bộ tiêu chí.")
    calls = []
    original = claimed._cited_spans
    monkeypatch.setattr(claimed, "_cited_spans", lambda *a: calls.append(a) or original(*a))
    first = claimed.cited_spans(ctx)
    assert claimed.cited_spans(ctx) is first and len(calls) == 1
    assert first.covers(ctx.text.index("318")) and not claimed.cited_spans(ctx, citing_lines=False).covers(0)
