"""The words around an amount that say what kind of figure it is (rules in `models/targets/rules.json`).

- its comparator: 'trên 80%' is > 80, 'xuống dưới 3,8%' is < 3,8, '70% trở lên' is >= 70;
- whether it is a level at all: 'tiêu chí số 12 Lao động' numbers a criterion, 'giảm 1,87%' is a
  change, 'đạt 211,8% kế hoạch' is a share of the plan;
- whether it was achieved or is planned, when no heading says so ('đã giảm xuống còn' vs 'phấn đấu');
- the year a sentence names ('đến năm 2025'), not the year it compares with ('so với năm 2022').

All functions work on the lower-case text (see `matching.py`), whose offsets are those of the text.
"""

from __future__ import annotations

import re
from functools import cache

from pipeline.extract.grammar.aligned import ending_at, lower_aligned, starting_at, word_pattern
from pipeline.extract.grammar.dates import YEAR
from pipeline.extract.grammar.quantities import Quantity
from pipeline.models_dir import load_json
from pipeline.normalize.vietnamese import canonical

YEAR_IN_SENTENCE = re.compile(r"(?<![\w/])(?:(so với|cùng kỳ)\s+)?(?:(?:đến|trong|vào|cuối)\s+)?năm\s+(" + YEAR + r")(?!\d)")
PERIOD = re.compile(r"giai đoạn\s+" + YEAR + r"\s*[-–]\s*(" + YEAR + r")")


@cache
def rules() -> dict:
    return load_json("targets/rules.json")


@cache
def _phrases(group: str, key: str) -> tuple[str, ...]:
    """The phrases of a rule: a list's items, or a table's keys."""
    return tuple(rules()[group][key])


@cache
def _comparator_of() -> dict[str, str]:
    table = {**rules()["comparators"]["before"], **rules()["comparators"]["after"]}
    return {lower_aligned(canonical(cue)): comparator for cue, comparator in table.items()}


def comparator_before(text_lower: str, q: Quantity) -> tuple[str | None, int]:
    """The comparator worded right before the amount, and where that wording starts.

    Cues chain ('tối thiểu đạt', 'ít nhất là'): the first one that is not plain '=' decides.
    """
    found: list[str] = []
    start = q.start
    while m := ending_at(_phrases("comparators", "before"), text_lower, start):
        found.append(_comparator_of()[_normal(m.group(1))])
        start = m.start(1)
    if not found:
        return None, q.start
    return next((c for c in found if c != "="), "="), start


def comparator_after(text_lower: str, q: Quantity) -> tuple[str | None, int]:
    """'trở lên' / 'trở xuống' right after the unit, and where that wording ends."""
    m = starting_at(_phrases("comparators", "after"), text_lower, q.end)
    if not m:
        return None, q.end
    return _comparator_of()[_normal(m.group(1))], m.end(1)


def comparator(text_lower: str, q: Quantity) -> str:
    if q.value_max is not None:
        return "range"
    after, _ = comparator_after(text_lower, q)
    before, _ = comparator_before(text_lower, q)
    return after or before or "="


def not_a_level(text_lower: str, q: Quantity) -> str | None:
    """Why the amount is not the level of an indicator (a reason code), or None when it is one."""
    rule = rules()["not_a_level"]
    if ending_at(tuple(rule["ordinal_nouns"]), text_lower, q.start, between=r"[\s:]*"):
        return "numbered_item"
    if _per_unit(text_lower, q):
        return "per_unit"
    if _is_year(q) and ending_at(tuple(rule["year_words"]), text_lower, q.start, between=r"\s*"):
        return "year"
    if ending_at(tuple(rule["reference_values"]), text_lower, q.start, between=r"[\s:]*"):
        return "reference_value"
    fillers = word_pattern(tuple(rule["change_fillers"]))
    if ending_at(tuple(rule["change_words"]), text_lower, q.start, between=rf"(?:\s+{fillers})*[\s:]*"):
        return "change"
    if q.unit.unit.canonical == "percent" and starting_at(tuple(rule["relative_to"]), text_lower, q.end):
        return "share_of_plan"
    return None


def _per_unit(text_lower: str, q: Quantity) -> bool:
    """The '1 ha' of 'giá trị thu hoạch trên 1 ha đất ... đạt 128 triệu đồng'."""
    if q.value != 1 or q.value_max is not None:
        return False
    if not ending_at(tuple(rules()["not_a_level"]["per_unit_words"]), text_lower, q.start, r"\s*"):
        return False
    return re.match(r"[^.;!?\n]*\d", text_lower[q.end:]) is not None


def describes_the_place(indicator: str, unit_canonical: str) -> bool:
    """Area, population: facts about the commune, not levels a plan sets or a report measures.

    A rate or share of them ('tỷ lệ dân số tham gia bảo hiểm y tế', '95% dân số có thẻ') is a level.
    """
    if unit_canonical == "percent":
        return False
    text = lower_aligned(indicator)
    rates = word_pattern(tuple(rules()["indicator"]["rate_heads"]))
    places = word_pattern(tuple(rules()["not_a_level"]["place_descriptions"]))
    return re.search(places, text) is not None and re.search(rates, text) is None


def plans_in_results(text_lower: str, clause_start: int, number_start: int) -> bool:
    """'... năm 2024 phấn đấu đạt 55 triệu đồng' in a section of results: a target all the same."""
    cues = word_pattern(tuple(rules()["verbs"]["plans_in_results"]))
    return re.search(cues, text_lower[clause_start:number_start]) is not None


def _is_year(q: Quantity) -> bool:
    """A year, or a span of years ('năm 2021 - 2025 tỉnh ...' is no range of provinces)."""
    years = [v for v in (q.value, q.value_max) if v is not None]
    return all(v.is_integer() and 1900 <= v <= 2100 for v in years) and q.number_start == q.start


def kind_from_words(text_lower: str, sentence_start: int, number_start: int) -> str | None:
    """'result' or 'target' from the verbs before the number in its sentence: the nearest wins."""
    verbs = rules()["verbs"]
    best: tuple[int, str] | None = None
    for kind in ("result", "target"):
        for m in re.finditer(word_pattern(tuple(verbs[kind])), text_lower[sentence_start:number_start]):
            if best is None or m.start() > best[0]:
                best = (m.start(), kind)
    return best[1] if best else None


def year_in_sentence(text_lower: str, start: int, end: int) -> int | None:
    """The year a sentence sets or reports for ('đến năm 2025'), ignoring 'so với năm 2022'."""
    sentence = text_lower[start:end]
    years = [int(m.group(2)) for m in YEAR_IN_SENTENCE.finditer(sentence) if not m.group(1)]
    years += [int(m.group(1)) for m in PERIOD.finditer(sentence)]
    return max(years) if years else None


def is_total(text_lower: str, start: int) -> bool:
    """Does the wording at `start` open a new total ('Tổng ...')?"""
    return bool(starting_at(tuple(rules()["breakdown"]["totals"]), text_lower, start))


def _normal(cue: str) -> str:
    return re.sub(r"\s+", " ", canonical(cue))
