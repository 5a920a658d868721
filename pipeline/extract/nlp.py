"""A blank spaCy Language for Vietnamese whose tokenizer is underthesea's word segmenter.

Sentences come from underthesea's sent_tokenize, line by line (administrative documents put
one heading, list item or paragraph per line); words from word_tokenize on each sentence,
with token normalization off so every word is a verbatim slice of the text.
"""

from __future__ import annotations

import re
from functools import cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import get_words_and_spaces
from underthesea import sent_tokenize, word_tokenize


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence: lines split further by underthesea."""
    spans = []
    for line in re.finditer(r"[^\n]+", text):
        pos = line.start()
        for sentence in sent_tokenize(line.group(0)):
            start = text.find(sentence, pos, line.end())
            if start < 0:  # underthesea changed the sentence: keep the rest of the line whole
                spans.append((pos, line.end()))
                break
            spans.append((start, start + len(sentence)))
            pos = start + len(sentence)
    return [(s, e) for s, e in spans if text[s:e].strip()]


def segment(sentence: str) -> list[str]:
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


@cache
def blank_vietnamese() -> Language:
    return spacy.blank("vi", config=TOKENIZER_CONFIG)
