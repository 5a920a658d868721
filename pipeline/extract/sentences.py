"""Sentences: underthesea's sent_tokenize, line by line (administrative documents put one heading,
list item or paragraph per line). Every field reads them through the Context; words are segmented
only where a field asks (pipeline.extract.segmenter)."""

from __future__ import annotations

import re

from underthesea import sent_tokenize

MAX_SENTENCE = 2000  # characters: a longer "sentence" (a run-on list, text with no stops) is cut at spaces


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence: lines split further by underthesea, none longer than
    MAX_SENTENCE (every step that reads a sentence, segmenting it or scanning it back for a cue
    per item, then costs a bounded amount per item: extraction stays linear in the text)."""
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
    return [piece for s, e in spans if text[s:e].strip() for piece in _capped(text, s, e)]


def _capped(text: str, start: int, end: int):
    """(start, end) cut into pieces of at most MAX_SENTENCE characters, at a space where there is one."""
    while end - start > MAX_SENTENCE:
        cut = text.rfind(" ", start + MAX_SENTENCE // 2, start + MAX_SENTENCE)
        cut = cut if cut > start else start + MAX_SENTENCE
        yield start, cut
        start = cut
    yield start, end
