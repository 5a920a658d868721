"""The data behind references: every example in models/grammar/doc_types.json, issuers.json and
models/references/phrases.json must come out of the extractor as the entry says."""

import pytest

from pipeline.extract.context import Context
from pipeline.extract.grammar import lexicon
from pipeline.extract.grammar.codes import parse_code
from pipeline.extract.references import find_references
from pipeline.models_dir import load_json

DOC_TYPE_EXAMPLES = [(t["id"], e) for t in load_json("grammar/doc_types.json")["types"] for e in t["examples"]]
ISSUER_EXAMPLES = [(i["symbol"], e) for i in load_json("grammar/issuers.json")["issuers"] for e in i["examples"]]
LEVEL_EXAMPLES = list(load_json("grammar/issuers.json")["level_words"]["examples"].items())
PHRASES = load_json("references/phrases.json")


def references(text):
    return find_references(Context(text=text))


@pytest.mark.parametrize(("type_id", "example"), DOC_TYPE_EXAMPLES)
def test_doc_type_examples_parse_to_their_type(type_id, example):
    found = references(example)
    assert [r.doc_type for r in found] == [type_id], (example, found)


def test_doc_type_ids_names_and_symbols_are_unique():
    types = lexicon.doc_types()
    assert len({t.id for t in types}) == len(types)
    names = [n.lower() for t in types for n in t.names]
    assert len(set(names)) == len(names)
    for party in (False, True):
        symbols = [s for t in types for s in (t.party_symbols if party else t.symbols)]
        assert len(set(symbols)) == len(symbols), symbols


@pytest.mark.parametrize(("symbol", "example"), ISSUER_EXAMPLES)
def test_issuer_examples_resolve_to_their_issuer(symbol, example):
    code = parse_code(example)
    assert code is not None, example
    assert lexicon.issuer_of_symbol(code.issuer_symbol).symbol == symbol


def test_issuer_levels_are_levels_of_the_schema():
    levels = {"central", "province", "district", "commune", "party", None}
    assert {i.level for i in lexicon.issuers()} <= levels


@pytest.mark.parametrize(("phrase", "level"), LEVEL_EXAMPLES)
def test_issuer_phrase_levels(phrase, level):
    assert lexicon.level_of_phrase(phrase) == level


@pytest.mark.parametrize(("sentence", "subject"), [
    *PHRASES["subject_markers"]["examples"].items(), *PHRASES["subject_verbs"]["examples"].items(),
])
def test_subject_examples(sentence, subject):
    assert [r.subject for r in references(sentence)] == [subject]


@pytest.mark.parametrize(("sentence", "issuer"), PHRASES["issuer_stops"]["examples"].items())
def test_issuer_stop_examples(sentence, issuer):
    assert [r.issuer for r in references(sentence)] == [issuer]


@pytest.mark.parametrize(("sentence", "title"), PHRASES["titled_types"]["examples"].items())
def test_titled_examples(sentence, title):
    found = references(sentence)
    assert [(r.title, r.code) for r in found] == [(title, None)]


@pytest.mark.parametrize("sentence", PHRASES["date_prepositions"]["examples"])
def test_a_deadline_is_not_the_date_of_a_law(sentence):
    assert references(sentence) == []


@pytest.mark.parametrize("sentence", PHRASES["not_citation_prefixes"]["examples"])
def test_form_numbers_are_not_citations(sentence):
    assert references(sentence) == []
