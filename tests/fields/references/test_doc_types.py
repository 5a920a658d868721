"""The data behind references: every example in models/grammar/doc_types.json, issuers.json and
models/references/phrases.json must come out of the extractor as the entry says."""

import pytest

from pipeline.extract.context import Context
from pipeline.extract.grammar import lexicon
from pipeline.extract.grammar.codes import parse_code
from pipeline.extract.references import find_references
from tests.data_examples import examples

DOC_TYPE_EXAMPLES = [(t["id"], e) for t, e in examples("grammar/doc_types.json", "types[].examples")]
ISSUER_EXAMPLES = [(i["symbol"], e) for i, e in examples("grammar/issuers.json", "issuers[].examples")]
LEVEL_EXAMPLES = [(e["text"], e["level"]) for e in examples("grammar/issuers.json", "level_words.examples")]
PHRASES = "references/phrases.json"


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
    (e["text"], e["subject"]) for e in [*examples(PHRASES, "subject_markers.examples"),
                                        *examples(PHRASES, "subject_verbs.examples")]
])
def test_subject_examples(sentence, subject):
    assert [r.subject for r in references(sentence)] == [subject]


@pytest.mark.parametrize(("sentence", "issuer"), [(e["text"], e["issuer"]) for e in examples(PHRASES, "issuer_stops.examples")])
def test_issuer_stop_examples(sentence, issuer):
    assert [r.issuer for r in references(sentence)] == [issuer]


@pytest.mark.parametrize(("sentence", "title"), [(e["text"], e["title"]) for e in examples(PHRASES, "titled_types.examples")])
def test_titled_examples(sentence, title):
    found = references(sentence)
    assert [(r.title, r.code) for r in found] == [(title, None)]


@pytest.mark.parametrize("sentence", examples(PHRASES, "date_prepositions.examples"))
def test_a_deadline_is_not_the_date_of_a_law(sentence):
    assert references(sentence) == []


@pytest.mark.parametrize("sentence", examples(PHRASES, "not_citation_prefixes.examples"))
def test_form_numbers_are_not_citations(sentence):
    assert references(sentence) == []


@pytest.mark.parametrize("example", examples(PHRASES, "issuing_verbs.examples"), ids=lambda e: e["text"][:40])
def test_issuing_verb_examples(example):
    assert [(r.code, r.date) for r in references(example["text"])] == [(example["code"], example["date"])]
