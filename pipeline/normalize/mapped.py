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

import numpy as np
from pydantic import TypeAdapter

from pipeline.schema import CharRun

_RUNS = TypeAdapter(list[CharRun])  # validates thousands of runs far faster than CharRun(...) one by one
Replacement = str | Callable[[re.Match[str]], str]


@dataclass(frozen=True)
class MappedText:
    text: str
    origin: array  # origin[i] = offset of text[i] in the concatenated raw pages

    @classmethod
    def from_raw(cls, raw: str) -> MappedText:
        origin = array("q")
        origin.frombytes(np.arange(len(raw), dtype=np.int64).tobytes())
        return cls(raw, origin)

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

    def remap(self, text: str, positions: np.ndarray) -> MappedText:
        """A whole new text whose i-th character stands for character positions[i] of this one."""
        if len(text) != len(positions):
            raise ValueError("one position per character")
        mine = np.frombuffer(self.origin, dtype=np.int64)
        origin = array("q")
        origin.frombytes(mine[np.asarray(positions, dtype=np.int64)].tobytes())
        return MappedText(text, origin)


def _expand(match: re.Match[str], repl: Replacement) -> str:
    return repl(match) if callable(repl) else match.expand(repl)


def _spread(origin: array, start: int, end: int, n: int) -> Iterable[int]:
    """Origins for `n` new characters replacing origin[start:end].

    No more characters than were replaced: the first n origins (a composed letter maps to its base
    letter, a joining space to the first character of the break). More: spread over the replaced ones.
    """
    width = end - start
    if n <= width:
        return origin[start:start + n]
    if start == end:  # pure insertion: borrow the origin of the neighbouring character
        anchor = origin[start] if start < len(origin) else (origin[start - 1] if start else 0)
        return (anchor,) * n
    return (origin[start + min(i * width // n, width - 1)] for i in range(n))


# ── char map ──────────────────────────────────────────────────────────────────


def page_offsets(page_texts: list[str], separator: str) -> list[int]:
    """Start of each page in the raw text made by joining pages with `separator`."""
    starts, pos = [], 0
    for text in page_texts:
        starts.append(pos)
        pos += len(text) + len(separator)
    return starts


def char_map(
    mapped: MappedText, page_starts: list[int], page_numbers: list[int], page_lengths: list[int] | None = None
) -> list[CharRun]:
    """Compress per-character origins into runs of (page, raw offset).

    With `page_lengths`, a character that stands for the separator between two pages (a line
    break or joining space produced at a page break) maps to the end of the page before it:
    raw offset == that page's length.
    """
    if not len(mapped.origin):
        return []
    origin = np.frombuffer(mapped.origin, dtype=np.int64)
    starts = np.asarray(page_starts, dtype=np.int64)
    index = np.searchsorted(starts, origin, side="right") - 1
    raw = origin - starts[index]
    if page_lengths is not None:
        raw = np.minimum(raw, np.asarray(page_lengths, dtype=np.int64)[index])
    # A run breaks where the raw offset does not advance by one or the page changes.
    breaks = np.flatnonzero((np.diff(raw) != 1) | (np.diff(index) != 0)) + 1
    bounds = np.concatenate(([0], breaks, [len(raw)])).tolist()
    pages, raws = np.asarray(page_numbers)[index].tolist(), raw.tolist()
    return _RUNS.validate_python([
        {"start": s, "length": e - s, "page": pages[s], "raw_start": raws[s]}
        for s, e in zip(bounds, bounds[1:], strict=False)
    ])


def locate(runs: list[CharRun], offset: int) -> tuple[int, int]:
    """(page, raw offset) of normalized character `offset`."""
    starts = [r.start for r in runs]
    run = runs[bisect.bisect_right(starts, offset) - 1]
    return run.page, run.raw_start + min(offset - run.start, run.length - 1)
