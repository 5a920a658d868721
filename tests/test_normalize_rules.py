"""Every entry of models/layout.json matches its examples and none of its counter-examples."""

import re

import pytest

from pipeline.models_dir import load_json
from pipeline.normalize.layout import block_kind, ends_inside_name, runs_on, stands_alone
from pipeline.normalize.rules import RULES_FILE, rules
from tests.data_examples import examples

DATA = load_json(RULES_FILE)


def cases(path: str) -> tuple[list, list]:
    """The examples and counter-examples of the entry at `path` of models/layout.json."""
    return examples(RULES_FILE, f"{path}.examples"), examples(RULES_FILE, f"{path}.counter_examples")


def of(entry: dict, pairs: list) -> list[str]:
    return [case for owner, case in pairs if owner is entry]


BLOCK_STARTS = cases("block_starts[]")
STANDALONE = cases("standalone[]")
PATTERNS = {name: cases(name) for name in ("connectors", "heading_connectors", "name_prefixes", "page_number", "never_running_head", "signature_stamp", "gazette_head")}


def _ids(entries):
    return [e["name"] for e in entries]


@pytest.mark.parametrize("entry", DATA["block_starts"], ids=_ids(DATA["block_starts"]))
def test_block_start_entries(entry):
    pattern = re.compile(entry["pattern"])
    assert of(entry, BLOCK_STARTS[0])
    for example in of(entry, BLOCK_STARTS[0]):
        assert pattern.match(example), example
        assert block_kind(example) == entry["name"], example
    for counter in of(entry, BLOCK_STARTS[1]):
        assert not pattern.match(counter), counter


@pytest.mark.parametrize("entry", DATA["standalone"], ids=_ids(DATA["standalone"]))
def test_standalone_entries(entry):
    pattern = re.compile(entry["pattern"])
    assert of(entry, STANDALONE[0])
    for example in of(entry, STANDALONE[0]):
        assert pattern.search(example), example
        assert stands_alone(example), example
    for counter in of(entry, STANDALONE[1]):
        assert not pattern.search(counter), counter


def test_connector_words_end_a_running_line():
    matches, counters = PATTERNS["connectors"]
    for example in matches:
        assert rules().connector_end.search(example), example
        assert runs_on(example), example
    for counter in counters:
        assert not runs_on(counter), counter


def test_heading_connectors_end_an_unfinished_caps_heading():
    matches, counters = PATTERNS["heading_connectors"]
    for example in matches:
        assert rules().heading_connector_end.search(example.lower()), example
    for counter in counters:
        assert not rules().heading_connector_end.search(counter.lower()), counter


def test_name_prefixes_mark_a_name_split_after_its_first_syllable():
    matches, counters = PATTERNS["name_prefixes"]
    for example in matches:
        assert ends_inside_name(example), example
    for counter in counters:
        assert not ends_inside_name(counter), counter


def test_page_number_pattern():
    matches, counters = PATTERNS["page_number"]
    for example in matches:
        assert rules().page_number.match(example), example
    for counter in counters:
        assert not rules().page_number.match(counter), counter


def test_never_running_head_pattern():
    matches, counters = PATTERNS["never_running_head"]
    for example in matches:
        assert rules().never_running_head.search(example), example
    for counter in counters:
        assert not rules().never_running_head.search(counter), counter


def test_signature_stamp_pattern():
    matches, counters = PATTERNS["signature_stamp"]
    for example in matches:
        assert rules().signature_stamp.match(example), example
    for counter in counters:
        assert not rules().signature_stamp.match(counter), counter


def test_gazette_head_pattern():
    matches, counters = PATTERNS["gazette_head"]
    for example in matches:
        assert rules().gazette_head.match(example), example
    for counter in counters:
        assert not rules().gazette_head.match(counter), counter


def test_block_start_names_are_unique_and_not_reserved():
    names = _ids(DATA["block_starts"])
    assert len(names) == len(set(names))
    assert "caps" not in names  # block_kind's own name for all-caps lines
