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
PERIODS = load_json("deadlines/periods.json")
CRITERION_EXAMPLES = examples("criteria/criteria.json", "criteria[].examples")
SUMMARY_EXAMPLES = examples("criteria/criteria.json", "summary_units.units[].examples")
SUMMARY_COUNTER_EXAMPLES = examples("criteria/criteria.json", "summary_units.counter_examples")
EXAMPLE_YEAR = 2024  # the year of the document the deadline examples are read in


def _context(text: str, year: int | None = None) -> Context:
    ctx = Context(text=text)
    if year:
        ctx.found["metadata"] = Metadata(issued_year=year)
    return ctx


def test_the_lexicon_has_the_19_criteria_once_in_modern_spelling():
    numbers = [c["number"] for c in CRITERIA["criteria"]]
    assert numbers == list(range(1, 20))
    for entry in CRITERIA["criteria"]:
        assert canonical(entry["name"]) == entry["name"]
        assert entry["examples"], entry["number"]


@pytest.mark.parametrize("entry", CRITERIA["criteria"], ids=lambda e: str(e["number"]))
def test_every_example_names_its_criterion_whole(entry):
    lex = lexicon()
    for example in [e for owner, e in CRITERION_EXAMPLES if owner is entry]:
        mention = lex.mention_at(fold_aligned(example), 0)
        assert mention is not None, example
        assert (mention.number, mention.end) == (entry["number"], len(example)), example


@pytest.mark.parametrize("entry", CRITERIA["criteria"], ids=lambda e: str(e["number"]))
def test_every_name_is_found_after_tieu_chi(entry):
    lex = lexicon()
    for name in (entry["name"], *entry["names"]):
        mention = lex.mention_at(fold_aligned(f"tiêu chí {name}"), 0)
        assert mention is not None and mention.number == entry["number"], name


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
