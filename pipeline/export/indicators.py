"""Target indicators the lexicon does not know yet: what to add to models/targets/indicators.json next.

A target's indicator phrase without an indicator_id is a gap in the lexicon. Phrases that differ
only in case, accents or spacing are one gap; each is shown in its most frequent spelling.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from pipeline.export.tables import read_extractions
from pipeline.normalize.vietnamese import fold


def unmapped(out_dir: Path) -> list[tuple[str, int]]:
    """(phrase, count) of the batch's unmapped target indicators, most frequent first."""
    return count_unmapped(
        target["indicator"]
        for _, extraction in read_extractions(out_dir)
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
