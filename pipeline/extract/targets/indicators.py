"""What an indicator phrase measures: a canonical id from the lexicon `models/targets/indicators.json`.

Communes word the same indicator many ways ('Tỷ lệ hộ nghèo (theo chuẩn nghèo đa chiều)', 'hộ nghèo
giảm xuống còn', 'Tỷ lệ người tham gia BHYT'); the id lets a researcher compare them. Phrases match
as whole words; OCR-damaged phrases (wrong or lost tone marks) match fuzzily, accents folded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from rapidfuzz import fuzz

from pipeline.extract.grammar.aligned import lower_aligned, word_pattern
from pipeline.models_dir import load_json
from pipeline.normalize.vietnamese import canonical, fold

FUZZY_MIN_SCORE = 92  # partial_ratio on lower-case text: one or two wrong letters in a long phrase
FUZZY_MIN_CHARS = 10  # shorter phrases only match exactly


@dataclass(frozen=True)
class Indicator:
    id: str
    label: str
    phrases: tuple[str, ...]  # lower case
    exclude: tuple[str, ...]
    units: tuple[str, ...]  # canonical units the indicator is measured in


@cache
def lexicon() -> list[Indicator]:
    return [
        Indicator(
            id=e["id"], label=e["label"], phrases=tuple(lower_aligned(canonical(p)) for p in e["phrases"]),
            exclude=tuple(e.get("exclude", ())), units=tuple(e["units"]),
        )
        for e in load_json("targets/indicators.json")["indicators"]
    ]


@cache
def _abbreviations() -> list[tuple[re.Pattern, str]]:
    expand = load_json("targets/indicators.json")["abbreviations"]["expand"]
    return [(re.compile(rf"(?<!\w){re.escape(abbr)}(?!\w)"), full) for abbr, full in expand.items()]


def expand_abbreviations(phrase: str) -> str:
    """'Tỷ lệ người tham gia BHYT' → 'Tỷ lệ người tham gia bảo hiểm y tế'."""
    for pattern, full in _abbreviations():
        phrase = pattern.sub(full, phrase)
    return phrase


def indicator_id(phrase: str, unit_canonical: str | None, parent: str | None = None) -> str | None:
    """The id of the indicator `phrase` names (or, failing that, its parent), if the lexicon knows it."""
    for text in (phrase, f"{parent} {phrase}" if parent else None):
        if text and (found := _best_match(lower_aligned(expand_abbreviations(text)), unit_canonical)):
            return found
    return None


@cache
def _folded(phrase: str) -> str:
    return fold(phrase)


def _best_match(text: str, unit_canonical: str | None) -> str | None:
    candidates = [i for i in lexicon() if unit_canonical is None or unit_canonical in i.units]
    candidates = [i for i in candidates if not (i.exclude and re.search(word_pattern(i.exclude), text))]
    best, best_len = None, 0
    for indicator in candidates:
        for phrase in indicator.phrases:
            if len(phrase) > best_len and re.search(word_pattern((phrase,)), text):
                best, best_len = indicator.id, len(phrase)
    if best:
        return best
    folded = fold(text)
    scored = [
        (fuzz.partial_ratio(_folded(phrase), folded), len(phrase), indicator.id)
        for indicator in candidates for phrase in indicator.phrases
        if len(phrase) >= FUZZY_MIN_CHARS and len(text) >= len(phrase)
    ]
    top = max(scored, default=None)
    return top[2] if top and top[0] >= FUZZY_MIN_SCORE else None
