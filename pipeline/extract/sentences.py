"""Sentences: underthesea's sent_tokenize, line by line (administrative documents put one heading,
list item or paragraph per line). Every field reads them through the Context; words are segmented
only where a field asks (pipeline.extract.segmenter)."""

from __future__ import annotations

import re

from underthesea import sent_tokenize


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
