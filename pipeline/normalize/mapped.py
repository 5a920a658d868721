"""Text that remembers where every character came from.

Normalization is a chain of rewrites (NFC, tone marks, line joins, dropped headers).
Each rewrite goes through `MappedText.sub`/`MappedText.drop`, which carries the origin of
every character along, so the final text maps back to (page, raw offset) without any
step having to think about provenance.
"""

from __future__ import annotations

import bisect
import re
from array import array
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from pipeline.schema import CharRun

Replacement = str | Callable[[re.Match[str]], str]


@dataclass(frozen=True)
class MappedText:
    text: str
    origin: array  # origin[i] = offset of text[i] in the concatenated raw pages

    @classmethod
    def from_raw(cls, raw: str) -> MappedText:
        return cls(raw, array("q", range(len(raw))))

    def __len__(self) -> int:
        return len(self.text)

    def sub(self, pattern: str | re.Pattern[str], repl: Replacement, flags: int = 0) -> MappedText:
        """Like `re.sub`, keeping origins: replaced characters map to the characters they replace."""
        regex = re.compile(pattern, flags) if isinstance(pattern, str) else pattern
        return self.rewrite((m.start(), m.end(), _expand(m, repl)) for m in regex.finditer(self.text))

    def rewrite(self, edits: Iterable[tuple[int, int, str]]) -> MappedText:
        """Apply non-overlapping edits (start, end, replacement), given in order."""
        parts: list[str] = []
        origin = array("q")
        pos = 0
        for start, end, new in edits:
            if new == self.text[start:end]:
                continue
            parts.append(self.text[pos:start])
            origin.extend(self.origin[pos:start])
            parts.append(new)
            origin.extend(_spread(self.origin, start, end, len(new)))
            pos = end
        if not parts:
            return self
        parts.append(self.text[pos:])
        origin.extend(self.origin[pos:])
        return MappedText("".join(parts), origin)

    def drop(self, spans: Iterable[tuple[int, int]]) -> MappedText:
        return self.rewrite((s, e, "") for s, e in spans)


def _expand(match: re.Match[str], repl: Replacement) -> str:
    return repl(match) if callable(repl) else match.expand(repl)


def _spread(origin: array, start: int, end: int, n: int) -> Iterable[int]:
    """Origins for `n` new characters replacing origin[start:end]."""
    if n == 0:
        return ()
    if start == end:  # pure insertion: borrow the origin of the neighbouring character
        anchor = origin[start] if start < len(origin) else (origin[start - 1] if start else 0)
        return (anchor,) * n
    width = end - start
    return (origin[start + min(i * width // n, width - 1)] for i in range(n))


# ── char map ──────────────────────────────────────────────────────────────────


def page_offsets(page_texts: list[str], separator: str) -> list[int]:
    """Start of each page in the raw text made by joining pages with `separator`."""
    starts, pos = [], 0
    for text in page_texts:
        starts.append(pos)
        pos += len(text) + len(separator)
    return starts


def char_map(mapped: MappedText, page_starts: list[int], page_numbers: list[int]) -> list[CharRun]:
    """Compress per-character origins into runs of (page, raw offset)."""
    runs: list[CharRun] = []
    prev_page = prev_raw = None
    for i, raw in enumerate(mapped.origin):
        index = bisect.bisect_right(page_starts, raw) - 1
        page, raw_in_page = page_numbers[index], raw - page_starts[index]
        if runs and page == prev_page and raw_in_page == prev_raw + 1 and runs[-1].start + runs[-1].length == i:
            runs[-1].length += 1
        else:
            runs.append(CharRun(start=i, length=1, page=page, raw_start=raw_in_page))
        prev_page, prev_raw = page, raw_in_page
    return runs


def locate(runs: list[CharRun], offset: int) -> tuple[int, int]:
    """(page, raw offset) of normalized character `offset`."""
    starts = [r.start for r in runs]
    run = runs[bisect.bisect_right(starts, offset) - 1]
    return run.page, run.raw_start + min(offset - run.start, run.length - 1)
