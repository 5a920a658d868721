"""Words and parts of speech, on demand, for the sentences that can hold an item.

A cheap prefilter (one compiled alternation of cue words, numbers with a unit, document codes and
dates) marks the candidate sentences. underthesea segments a sentence into words
(`word_tokenize(..., use_token_normalize=False)`, so every word is a slice of the text) or tags it
(`pos_tag`, about three times the cost) only when a field asks, and only a candidate: any other
sentence answers with its syllables and no tags. What was segmented is kept in the Context, so a
sentence is segmented once per document however many fields ask.
"""

from __future__ import annotations

import re
from functools import cache

from pipeline.extract.context import Context
from pipeline.extract.grammar.aligned import alternation, fold_aligned
from pipeline.extract.grammar.dates import YEAR
from pipeline.models_dir import load_json

Word = tuple[int, int]  # (start, end) in the text
Tagged = tuple[int, int, str]  # (start, end, underthesea POS tag: N, V, A, E, C, M, Nu, CH, ...)

# Cue words of every field (folded): status and counts of criteria, goals and results, time limits.
CUES = (
    "tieu chi", "dat chuan", "chi tieu", "muc tieu", "phan dau", "ty le", "ti le", "binh quan", "thu nhap",
    "truoc ngay", "cham nhat", "thoi han", "den het", "den nam", "hang thang", "hang quy", "hang nam",
    "dinh ky", "quy i", "quy ii", "quy iii", "quy iv", "can cu", "quyet dinh", "nghi quyet", "ke hoach",
)


@cache
def _prefilter() -> re.Pattern[str]:
    units = [w for u in load_json("grammar/units.json")["units"] for w in u["written"]]
    return re.compile("|".join([
        alternation(CUES),
        r"\d[\d.,]*\s*(?:%|" + alternation(units) + ")",  # a number with a unit
        r"\d+[^\s/]*/[^\W\d_]",  # a document code: 318/QĐ-TTg
        r"\d{1,2}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*" + YEAR + r"|(?:thang|nam)\s*\d",  # a date, a month, a year
    ]))


def candidates(ctx: Context) -> list[tuple[int, int]]:
    """The sentences the prefilter lets through, in text order."""
    return [sentence for sentence in ctx.sentences if is_candidate(ctx, sentence)]


def is_candidate(ctx: Context, sentence: tuple[int, int]) -> bool:
    """Whether the prefilter lets the sentence through (asked only of the sentences a field asks about)."""
    verdicts = ctx.memo.setdefault("candidates", {})
    if sentence not in verdicts:
        verdicts[sentence] = _prefilter().search(fold_aligned(ctx.text), *sentence) is not None
    return verdicts[sentence]


def words(ctx: Context, offset: int) -> list[Word]:
    """The words around `offset`, within its sentence: segmented if the sentence is a candidate, else its
    syllables. Only a stretch of WINDOW characters each side is segmented (a legal sentence may run a
    page; the words at `offset` do not depend on words that far), once per document."""
    start, end = _stretch(ctx, offset)
    cache_ = ctx.memo.setdefault("words", {})
    if (start, end) not in cache_:
        sentence = ctx.sentence_at(offset)
        if is_candidate(ctx, sentence):
            from underthesea import word_tokenize  # loaded on first use

            found = word_tokenize(ctx.text[start:end], use_token_normalize=False)
            ctx.memo.setdefault("segmented", set()).add(sentence)
        else:
            found = ctx.text[start:end].split()
        cache_[(start, end)] = _aligned(ctx.text, start, end, found)
    return cache_[(start, end)]


def tagged(ctx: Context, start: int, end: int) -> list[Tagged]:
    """The words of text[start:end] with their POS tags, if its sentence is a candidate (else [])."""
    cache_ = ctx.memo.setdefault("tagged", {})
    if (start, end) not in cache_:
        sentence = ctx.sentence_at(start)
        result: list[Tagged] = []
        if is_candidate(ctx, sentence):
            from underthesea import pos_tag

            pairs = pos_tag(ctx.text[start:end])
            spans = _aligned(ctx.text, start, end, [w for w, _ in pairs])
            if len(spans) == len(pairs):  # pos_tag normalizes some words: no tags rather than wrong ones
                result = [(s, e, tag) for (s, e), (_, tag) in zip(spans, pairs, strict=True)]
            ctx.memo.setdefault("tagged_sentences", set()).add(sentence)
        cache_[(start, end)] = result
    return cache_[(start, end)]


WINDOW = 40  # characters segmented each side of an offset (some eight syllables)


def _stretch(ctx: Context, offset: int) -> tuple[int, int]:
    """Up to WINDOW characters each side of `offset` inside its sentence, cut at spaces (whole syllables)."""
    sentence_start, sentence_end = ctx.sentence_at(offset)
    start, end = max(sentence_start, offset - WINDOW), min(sentence_end, offset + WINDOW)
    if start > sentence_start:
        space = ctx.text.find(" ", start, offset)
        start = space + 1 if space >= 0 else start
    if end < sentence_end:
        space = ctx.text.rfind(" ", offset, end)
        end = space if space > offset else end
    return start, end


# A word to keep whole: syllables of letters. The segmenter sometimes joins a number or a mark to a
# word ("đảng 10-12"); such a token is no word to extend a phrase to.
_LETTER_WORD = re.compile(r"[^\W\d_]+(?: [^\W\d_]+)*")


def word_start(ctx: Context, offset: int) -> int:
    """The start of the word `offset` falls inside (else offset itself)."""
    if not _between_syllables(ctx.text, offset - 1):  # no segmenting needed to know
        return offset
    return next((s for s, e in words(ctx, offset) if s < offset < e and _whole(ctx.text, s, e)), offset)


def word_end(ctx: Context, offset: int) -> int:
    """The end of the word `offset` falls inside (else offset itself)."""
    if not _between_syllables(ctx.text, offset):
        return offset
    return next((e for s, e in words(ctx, max(0, offset - 1)) if s < offset < e and _whole(ctx.text, s, e)), offset)


def _between_syllables(text: str, space: int) -> bool:
    """text[space] is the one space between two syllables: only there can a boundary cut a word."""
    return 0 < space < len(text) - 1 and text[space] == " " and text[space - 1].isalpha() and text[space + 1].isalpha()


def _whole(text: str, start: int, end: int) -> bool:
    return _LETTER_WORD.fullmatch(text, start, end) is not None


def _aligned(text: str, start: int, end: int, pieces: list[str]) -> list[Word]:
    """Each piece located in order in text[start:end]; a piece not found there is skipped."""
    spans, pos = [], start
    for piece in pieces:
        at = text.find(piece, pos, end)
        if at < 0:
            continue
        spans.append((at, at + len(piece)))
        pos = at + len(piece)
    return spans
