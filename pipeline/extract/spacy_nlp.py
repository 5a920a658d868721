"""ntm as spaCy components, for users who build their own spaCy pipelines (`pipeline.spacy_nlp()`).

The tokenizer `ntm.underthesea_tokenizer.v1` segments each sentence with underthesea (token
normalization off, so every token is a slice of the text) and marks sentence starts. Each field of
the registry is a factory `ntm_<field>` that runs the field's find on the Doc, keeps the results
in `doc._.ntm` (a Context: what later fields read) and puts the items' spans on
`doc.spans[<spans_key>]` (config `spans_key`, default the field's name). Factories declare what
they `requires` and `assigns`, so `nlp.analyze_pipes()` shows the order constraints.

The batch path (`pipeline.extract`) does not use this module: it builds no Doc, and words are
segmented only in the sentences a field asks about (pipeline.extract.segmenter).
"""

from __future__ import annotations

from collections.abc import Callable

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import get_words_and_spaces

from pipeline.extract.context import Context
from pipeline.extract.field import Field
from pipeline.extract.registry import FIELDS
from pipeline.extract.sentences import sentence_spans

if not Doc.has_extension("ntm"):
    Doc.set_extension("ntm", default=None)


# ── tokenizer ─────────────────────────────────────────────────────────────────


def segment(sentence: str) -> list[str]:
    from underthesea import word_tokenize

    words = word_tokenize(sentence, use_token_normalize=False)
    return words if all(w in sentence for w in words) else sentence.split()


class UndertheseaTokenizer:
    def __init__(self, vocab):
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        sentences = sentence_spans(text)
        words: list[str] = []
        for start, end in sentences:
            words.extend(segment(text[start:end]))
        try:
            words, spaces = get_words_and_spaces(words, text)
        except ValueError:  # a segment the aligner cannot place: fall back to whitespace words
            words, spaces = get_words_and_spaces(text.split(), text)
        doc = Doc(self.vocab, words=words, spaces=spaces)
        starts = {s for s, _ in sentences}
        for token in doc:
            token.is_sent_start = token.i == 0 or token.idx in starts
        return doc


@spacy.registry.tokenizers("ntm.underthesea_tokenizer.v1")
def create_tokenizer():
    return lambda nlp: UndertheseaTokenizer(nlp.vocab)


TOKENIZER_CONFIG = {"nlp": {"tokenizer": {"@tokenizers": "ntm.underthesea_tokenizer.v1"}}}


def blank_vietnamese() -> Language:
    """A blank spaCy Language for Vietnamese whose tokenizer is underthesea's word segmenter."""
    return spacy.blank("vi", config=TOKENIZER_CONFIG)


# ── one component per field ───────────────────────────────────────────────────


def context_of(doc: Doc) -> Context:
    if doc._.ntm is None:
        starts = [s.start_char for s in doc.sents] if doc.has_annotation("SENT_START") else []
        ends = starts[1:] + [len(doc.text)] if starts else []  # an empty text has no sentence
        sentences = list(zip(starts, ends, strict=True)) or sentence_spans(doc.text)
        doc._.ntm = Context(text=doc.text, sentences=sentences)
    return doc._.ntm


class FieldComponent:
    """Runs one field on a Doc: results in doc._.ntm.found[field], spans in doc.spans[spans_key]."""

    def __init__(self, field: Field, spans_key: str):
        self.field, self.spans_key = field, spans_key

    def __call__(self, doc: Doc) -> Doc:
        ctx = context_of(doc)
        result = self.field.find(ctx)
        ctx.found[self.field.name] = result
        items = result if isinstance(result, list) else []
        doc.spans[self.spans_key] = [
            span for item in items
            if (span := doc.char_span(*item.span, label=self.field.name, alignment_mode="expand")) is not None
        ]
        return doc


def _register(field: Field) -> None:
    requires = ["token.is_sent_start", *(["doc._.ntm"] if field.requires else [])]

    @Language.factory(f"ntm_{field.name}", default_config={"spans_key": field.name},
                      requires=requires, assigns=["doc._.ntm", "doc.spans"])
    def make(nlp: Language, name: str, spans_key: str) -> Callable[[Doc], Doc]:  # noqa: ARG001 - spaCy's signature
        return FieldComponent(field, spans_key)


for _field in FIELDS:
    if f"ntm_{_field.name}" not in Language.factories:
        _register(_field)


def spacy_nlp(fields: list[str] | None = None) -> Language:
    """A spaCy Language: the underthesea tokenizer, then a component per field (all by default, in
    registry order; a field listed must come after the fields it requires)."""
    wanted = [f for f in FIELDS if fields is None or f.name in fields]
    nlp = blank_vietnamese()
    present: set[str] = set()
    for f in wanted:
        missing = [r for r in f.requires if r not in present]
        if missing:
            raise ValueError(f"field {f.name!r} needs {missing} before it")
        nlp.add_pipe(f"ntm_{f.name}", name=f"ntm_{f.name}")
        present.add(f.name)
    return nlp
