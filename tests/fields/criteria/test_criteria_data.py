"""The data of models/criteria/criteria.json and models/deadlines/periods.json: every example does what it says."""

from __future__ import annotations

import pytest

from pipeline.extract.context import Context
from pipeline.extract.criteria import find_criteria, find_summaries
from pipeline.extract.criteria.lexicon import lexicon
from pipeline.extract.deadlines import find_deadlines
from pipeline.extract.grammar.aligned import fold_aligned
from pipeline.models_dir import load_json
from pipeline.normalize.vietnamese import canonical
from pipeline.schema import Metadata
from tests.data_examples import examples

CRITERIA = load_json("criteria/criteria.json")
SETS = {set_id: load_json(f"criteria/sets/{set_id}.json") for set_id in CRITERIA["sets"]}
DEFAULT = CRITERIA["default_set"]
CRITERION_EXAMPLES = {set_id: examples(f"criteria/sets/{set_id}.json", "criteria[].examples")
                      for set_id, data in SETS.items() if data["criteria"]}
PERIODS = load_json("deadlines/periods.json")
ENTRIES = [(set_id, entry) for set_id, data in SETS.items() for entry in data["criteria"]]
SUMMARY_EXAMPLES = examples("criteria/criteria.json", "summary_units.units[].examples")
SUMMARY_COUNTER_EXAMPLES = examples("criteria/criteria.json", "summary_units.counter_examples")
EXAMPLE_YEAR = 2024  # the year of the document the deadline examples are read in


def _context(text: str, year: int | None = None) -> Context:
    ctx = Context(text=text)
    if year:
        ctx.found["metadata"] = Metadata(issued_year=year)
    return ctx


def test_the_default_set_has_the_19_criteria_once_in_modern_spelling():
    assert [c["number"] for c in SETS[DEFAULT]["criteria"]] == list(range(1, 20))
    for entry in SETS[DEFAULT]["criteria"]:
        assert entry["examples"], entry["number"]


@pytest.mark.parametrize("set_id", list(SETS))
def test_every_set_numbers_its_criteria_from_one_in_modern_spelling(set_id):
    data = SETS[set_id]
    assert data["id"] == set_id and data["period"][0] <= data["period"][1]
    assert [c["number"] for c in data["criteria"]] == list(range(1, len(data["criteria"]) + 1))
    for entry in data["criteria"]:
        assert canonical(entry["name"]) == entry["name"] and all(canonical(n) == n for n in entry["names"])


def test_the_sets_have_the_sizes_of_their_decisions():
    sizes = {set_id: len(data["criteria"]) for set_id, data in SETS.items()}
    assert sizes == {"commune_2021_2025": 19, "commune_advanced_2021_2025": 19, "commune_model_2021_2025": 0,
                     "district_2021_2025": 9, "commune_2016_2020": 19}


@pytest.mark.parametrize(("set_id", "entry"), ENTRIES, ids=lambda e: e if isinstance(e, str) else str(e["number"]))
def test_every_example_names_its_criterion_whole(set_id, entry):
    lex = lexicon(set_id)
    for example in [e for owner, e in CRITERION_EXAMPLES[set_id] if owner is entry]:
        mention = lex.mention_at(fold_aligned(example), 0)
        assert mention is not None, example
        assert (mention.number, mention.end) == (entry["number"], len(example)), example


@pytest.mark.parametrize(("set_id", "entry"), ENTRIES, ids=lambda e: e if isinstance(e, str) else str(e["number"]))
def test_every_name_is_found_after_tieu_chi(set_id, entry):
    lex = lexicon(set_id)
    for name in (entry["name"], *entry["names"]):
        mention = lex.mention_at(fold_aligned(f"tiêu chí {name}"), 0)
        assert mention is not None and mention.number == entry["number"], name


@pytest.mark.parametrize("text", examples("criteria/sets/commune_model_2021_2025.json", "examples"))
def test_a_count_in_the_words_of_a_set_with_no_list_is_of_that_set_and_maps_no_criterion(text):
    assert [s.criteria_set for s in find_summaries(_context(text, 2024))] == ["commune_model_2021_2025"]
    assert find_criteria(_context(text + " Gồm: tiêu chí Giao thông, tiêu chí Điện.", 2024)) == []


def test_a_number_outside_the_set_is_no_criterion():
    assert lexicon("district_2021_2025").mention_at(fold_aligned("tiêu chí số 12"), 0) is None
    assert lexicon().mention_at(fold_aligned("tiêu chí số 12"), 0).number == 12
    assert lexicon().mention_at(fold_aligned("tiêu chí số 25"), 0) is None


def test_items_and_counts_carry_their_set():
    text = "Đến nay, xã đạt 17/19 tiêu chí, gồm: tiêu chí số 1, 2 và 3."
    assert {c.criteria_set for c in find_criteria(_context(text, 2024))} == {"commune_2021_2025"}
    old = find_criteria(_context(text, 2019))
    assert {c.criteria_set for c in old} == {"commune_2016_2020"} and old[2].name == "Thuỷ lợi"
    assert [s.criteria_set for s in find_summaries(_context(text, 2024))] == ["commune_2021_2025"]
    advanced = "Năm 2024, xã đạt 12/19 tiêu chí nông thôn mới nâng cao."
    assert [s.criteria_set for s in find_summaries(_context(advanced, 2024))] == ["commune_advanced_2021_2025"]
    assert find_criteria(_context("Xã Tân Lập đạt 12/19 tiêu chí nông thôn mới nâng cao gồm: tiêu chí Giao thông.", 2024)) == []
    assert [s.criteria_set for s in find_summaries(_context("Đến nay xã đạt 19/21 chỉ tiêu.", 2024))] == [None]


@pytest.mark.parametrize("example", examples("criteria/criteria.json", "status_cues.examples"), ids=lambda e: e["text"][:40])
def test_status_examples(example):
    found = find_criteria(_context(example["text"]))
    assert sorted(c.criterion for c in found) == sorted(example["criteria"])
    assert {c.status for c in found} == {example["status"]}
    if "as_of" in example:
        assert {c.as_of for c in found} == {example["as_of"]}


@pytest.mark.parametrize("text", [
    *examples("criteria/criteria.json", "status_cues.counter_examples"),
    *examples("criteria/criteria.json", "other_sets.examples"),
])
def test_status_counter_examples(text):
    assert find_criteria(_context(text)) == []


@pytest.mark.parametrize("entry", CRITERIA["summary_units"]["units"], ids=lambda u: u["unit"])
def test_summary_unit_examples(entry):
    for example in [e for owner, e in SUMMARY_EXAMPLES if owner is entry]:
        found = find_summaries(_context(example))
        assert [s.unit for s in found] == [entry["unit"]], example
        assert found[0].total is not None and not found[0].average


def test_summary_counter_examples():
    for example in SUMMARY_COUNTER_EXAMPLES:
        assert find_summaries(_context(example)) == [], example


@pytest.mark.parametrize("example", examples("deadlines/periods.json", "examples"), ids=lambda e: e["text"][:40])
def test_deadline_examples(example):
    found = [d for d in find_deadlines(_context(example["text"], EXAMPLE_YEAR)) if d.date]
    assert [d.date for d in found] == [example["date"]]
    assert found[0].granularity == example["granularity"]
    assert found[0].inclusive == example.get("inclusive", True)
    assert found[0].start == example.get("start")


@pytest.mark.parametrize("text", examples("deadlines/periods.json", "counter_examples"))
def test_deadline_counter_examples(text):
    assert [d for d in find_deadlines(_context(text, EXAMPLE_YEAR)) if d.date] == []


@pytest.mark.parametrize("example", examples("deadlines/periods.json", "recurrence_examples"), ids=lambda e: e["text"][:40])
def test_recurrence_examples(example):
    found = find_deadlines(_context(example["text"], EXAMPLE_YEAR))
    assert [d.recurrence for d in found] == example["recurrence"]
    assert all(d.date is None for d in found)
    assert [(d.month, d.day) for d in found[:1]] == [(example.get("month"), example.get("day"))]


@pytest.mark.parametrize("text", examples("deadlines/periods.json", "recurrence_counter_examples"))
def test_recurrence_counter_examples(text):
    assert find_deadlines(_context(text, EXAMPLE_YEAR)) == []


def test_cue_lists_are_folded_consistently():
    """Cue words must survive folding as words (no empty or punctuation-only entries)."""
    for words in (PERIODS["cues"]["inclusive"], PERIODS["cues"]["exclusive"], PERIODS["target_words"]["words"],
                  CRITERIA["status_cues"]["target"], CRITERIA["status_cues"]["result"]):
        assert all(fold_aligned(w).strip() and fold_aligned(w).replace(" ", "").isalnum() for w in words), words
