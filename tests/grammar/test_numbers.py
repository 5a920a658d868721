"""One number grammar for every field: comma decimals, dot thousands, a typed decimal dot."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.extract.context import Context
from pipeline.extract.grammar.numbers import NUMBER_RE, parse_number
from pipeline.extract.grammar.quantities import find_quantities
from pipeline.extract.targets import find_targets


@pytest.mark.parametrize(("written", "value"), [
    ("3,8", 3.8), ("45,18", 45.18), ("35.000", 35000), ("3.300", 3300), ("1.234.567", 1234567),
    ("1.234,5", 1234.5), ("4.500", 4500), ("4.5", 4.5), ("17.5", 17.5), ("3.25", 3.25), ("612", 612), ("0,5", 0.5),
])
def test_a_number_reads_by_the_one_rule(written, value):
    assert parse_number(written) == value


@pytest.mark.parametrize("text", ["ngày 08.3.2022", "mục 1.2.3", "số 12/KH-UBND", "mã A35"])
def test_dates_codes_and_numbered_headings_are_not_numbers(text):
    assert not [m.group() for m in NUMBER_RE.finditer(text) if "." in m.group()]


@given(st.integers(min_value=1000, max_value=10**9))
def test_thousands_written_with_dots_read_back(n):
    assert parse_number(f"{n:,}".replace(",", ".")) == n


@given(st.integers(min_value=0, max_value=999), st.integers(min_value=1, max_value=99))
def test_a_comma_decimal_and_a_dot_decimal_of_one_or_two_digits_agree(whole, fraction):
    assert parse_number(f"{whole},{fraction}") == parse_number(f"{whole}.{fraction}")


def test_every_field_reads_a_dot_and_a_comma_decimal_alike():
    # the targets' quantities and the criteria summaries use the same grammar
    for text in ("Tỷ lệ hộ nghèo giảm còn 4.5%", "Tỷ lệ hộ nghèo giảm còn 4,5%"):
        assert [q.value for q in find_quantities(text.lower())] == [4.5]
    values = []  # an average of criteria is a result the targets step reads
    for text in ("Bình quân toàn huyện đạt 17.5 tiêu chí/xã.", "Bình quân toàn huyện đạt 17,5 tiêu chí/xã."):
        values.append([(t.value, t.unit) for t in find_targets(Context(text=text))])
    assert values[0] == values[1] == [(17.5, "tiêu chí/xã")]
    assert [q.value for q in find_quantities("đàn bò có 4.500 con")] == [4500]
