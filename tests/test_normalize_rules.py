"""Every entry of models/layout.json matches its examples and none of its counter-examples."""

import re

import pytest

from pipeline.models_dir import load_json
from pipeline.normalize.layout import block_kind, ends_inside_name, runs_on, stands_alone
from pipeline.normalize.rules import RULES_FILE, rules

DATA = load_json(RULES_FILE)


def _ids(entries):
    return [e["name"] for e in entries]


@pytest.mark.parametrize("entry", DATA["block_starts"], ids=_ids(DATA["block_starts"]))
def test_block_start_entries(entry):
    pattern = re.compile(entry["pattern"])
    assert entry["examples"]
    for example in entry["examples"]:
        assert pattern.match(example), example
        assert block_kind(example) == entry["name"], example
    for counter in entry["counter_examples"]:
        assert not pattern.match(counter), counter


@pytest.mark.parametrize("entry", DATA["standalone"], ids=_ids(DATA["standalone"]))
def test_standalone_entries(entry):
    pattern = re.compile(entry["pattern"])
    assert entry["examples"]
    for example in entry["examples"]:
        assert pattern.search(example), example
        assert stands_alone(example), example
    for counter in entry["counter_examples"]:
        assert not pattern.search(counter), counter


def test_connector_words_end_a_running_line():
    connectors = DATA["connectors"]
    for example in connectors["examples"]:
        assert rules().connector_end.search(example), example
        assert runs_on(example), example
    for counter in connectors["counter_examples"]:
        assert not runs_on(counter), counter


def test_heading_connectors_end_an_unfinished_caps_heading():
    entry = DATA["heading_connectors"]
    for example in entry["examples"]:
        assert rules().heading_connector_end.search(example.lower()), example
    for counter in entry["counter_examples"]:
        assert not rules().heading_connector_end.search(counter.lower()), counter


def test_name_prefixes_mark_a_name_split_after_its_first_syllable():
    prefixes = DATA["name_prefixes"]
    for example in prefixes["examples"]:
        assert ends_inside_name(example), example
    for counter in prefixes["counter_examples"]:
        assert not ends_inside_name(counter), counter


def test_page_number_pattern():
    entry = DATA["page_number"]
    for example in entry["examples"]:
        assert rules().page_number.match(example), example
    for counter in entry["counter_examples"]:
        assert not rules().page_number.match(counter), counter


def test_never_running_head_pattern():
    entry = DATA["never_running_head"]
    for example in entry["examples"]:
        assert rules().never_running_head.search(example), example
    for counter in entry["counter_examples"]:
        assert not rules().never_running_head.search(counter), counter


def test_signature_stamp_pattern():
    entry = DATA["signature_stamp"]
    for example in entry["examples"]:
        assert rules().signature_stamp.match(example), example
    for counter in entry["counter_examples"]:
        assert not rules().signature_stamp.match(counter), counter


def test_gazette_head_pattern():
    entry = DATA["gazette_head"]
    for example in entry["examples"]:
        assert rules().gazette_head.match(example), example
    for counter in entry["counter_examples"]:
        assert not rules().gazette_head.match(counter), counter


def test_block_start_names_are_unique_and_not_reserved():
    names = _ids(DATA["block_starts"])
    assert len(names) == len(set(names))
    assert "caps" not in names  # block_kind's own name for all-caps lines
