"""models/grammar/units.json: every unit's examples read as an amount in that unit; the table is consistent."""

from __future__ import annotations

import re

import pytest

from pipeline.extract.grammar.aligned import lower_aligned
from pipeline.extract.grammar.quantities import find_quantities, parse_number
from pipeline.extract.grammar.units import unit_after, unit_table
from pipeline.models_dir import load_json
from pipeline.normalize.vietnamese import canonical
from tests.data_examples import examples

UNITS = load_json("grammar/units.json")


def units_in(text: str) -> list[str]:
    """The units read in the text, a rate ('triệu đồng/người/năm') under its base unit too."""
    units = [q.unit.unit.unit for q in find_quantities(lower_aligned(canonical(text)))]
    return units + [u.split("/")[0] for u in units if "/" in u]


@pytest.mark.parametrize(
    "entry, example", examples("grammar/units.json", "units[].examples"), ids=lambda x: x if isinstance(x, str) else x["unit"]
)
def test_unit_examples(entry, example):
    assert entry["unit"] in units_in(example)


@pytest.mark.parametrize("example", examples("grammar/units.json", "per_suffixes.examples"))
def test_per_head_suffix_examples(example):
    text = lower_aligned(example)
    (q,) = find_quantities(text)
    assert "/" in text[q.unit.word_end:q.unit.end] and q.unit.end == len(text.rstrip())


def test_each_written_form_means_one_unit():
    written = [lower_aligned(canonical(w)) for e in UNITS["units"] for w in e["written"]]
    assert len(written) == len(set(written))


def test_units_with_the_same_canonical_unit_convert_consistently():
    factors = {e["unit"]: (e["canonical"], e["factor"]) for e in UNITS["units"]}
    assert factors["tỷ đồng"] == ("VND", 1e9) and factors["triệu đồng"] == ("VND", 1e6)
    assert factors["tạ/ha"] == ("tonne_per_hectare", 0.1) and factors["km"] == ("metre", 1000)
    assert all(factor > 0 for _, factor in factors.values())


def test_kinds_are_known():
    assert all(set(e.get("kinds", ["target"])) <= {"target", "result"} for e in UNITS["units"])


@pytest.mark.parametrize("text, unit", [
    ("25 ha", "ha"), ("25ha", "ha"), ("600m", "m"), ("3 km", "km"), ("120 m2", "m²"), ("58 tạ/ha", "tạ/ha"),
    ("12 “mô hình", "mô hình"), ("45 Triệu Đồng", "triệu đồng"),
])
def test_unit_right_after_a_number(text, unit):
    number_end = re.match(r"[\d.,]+", text).end()
    match = unit_after(lower_aligned(text), number_end)
    assert match is not None and match.unit.unit == unit


@pytest.mark.parametrize("text", [
    "5 mẫu ruộng", "3 máy cày", "2 đồng chí", "4 hạng mục", "10 tỷ lệ", "3 tầng", "6 tuổi",
])
def test_words_that_only_start_like_a_unit(text):
    assert units_in(text) == []


@pytest.mark.parametrize("text, value", [
    ("35.000", 35000), ("3.300", 3300), ("1.234.567", 1234567), ("3,8", 3.8), ("1.234,5", 1234.5),
    ("4.5", 4.5), ("612", 612),
])
def test_parse_number(text, value):
    assert parse_number(text) == value


def test_table_loads_every_written_form():
    table = unit_table()
    assert {u.unit for u in table.by_written.values()} == {e["unit"] for e in UNITS["units"]}
