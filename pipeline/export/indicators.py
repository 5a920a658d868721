"""`ntm indicators`: the indicator ids of a batch's targets, with counts, and the indicator phrases the
lexicon does not know yet: what to add to models/targets/indicators.json next.

A target's indicator phrase without an indicator_id is a gap in the lexicon. Phrases that differ
only in case, accents or spacing are one gap; each is shown in its most frequent spelling.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from pipeline.export.tables import build_tables, read_extractions
from pipeline.normalize.vietnamese import fold


def indicators(out: Path, unmapped: bool = False) -> list[tuple[str, int]]:
    """(indicator id, count) of the targets of `out` (the folder of `ntm extract`), most frequent first
    ("—": no id); with `unmapped`, (phrase, count) of the indicator phrases without an id."""
    if unmapped:
        return unmapped_phrases(out)
    targets = build_tables(read_extractions(out))["targets"]
    counts = targets.groupby(targets["indicator_id"].fillna("—"), dropna=False).size()
    return sorted(((str(key), int(count)) for key, count in counts.items()), key=lambda kv: (-kv[1], kv[0]))


def unmapped_phrases(out: Path) -> list[tuple[str, int]]:
    """(phrase, count) of the batch's unmapped target indicators, most frequent first."""
    return count_unmapped(
        target["indicator"]
        for _, extraction in read_extractions(out)
        for target in extraction.get("targets") or []
        if not target.get("indicator_id") and (target.get("indicator") or "").strip()
    )


def count_unmapped(phrases: Iterable[str]) -> list[tuple[str, int]]:
    spellings: dict[str, Counter[str]] = {}  # folded key → spelling → count, in order of first sight
    for phrase in phrases:
        spelling = _collapse(phrase)
        spellings.setdefault(fold(spelling), Counter())[spelling] += 1
    groups = [(counts.most_common(1)[0][0], counts.total(), key) for key, counts in spellings.items()]
    groups.sort(key=lambda group: (-group[1], group[2]))
    return [(phrase, count) for phrase, count, _ in groups]


def _collapse(phrase: str) -> str:
    return re.sub(r"\s+", " ", phrase).strip()
