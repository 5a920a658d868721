"""What every extractor sees: the normalized text, its sentences, what earlier steps found."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any

from pipeline.schema import Warning


@dataclass
class Context:
    text: str
    sentences: list[tuple[int, int]] = field(default_factory=list)
    warnings: list[Warning] = field(default_factory=list)
    found: dict[str, Any] = field(default_factory=dict)  # results of earlier steps, by name
    memo: dict[Any, Any] = field(default_factory=dict)  # what several fields derive from the text, computed once

    def grounded(self, start: int, end: int) -> dict[str, Any]:
        """`span` and `text` for an item covering text[start:end], trimmed of outer spaces."""
        while start < end and self.text[start].isspace():
            start += 1
        while end > start and self.text[end - 1].isspace():
            end -= 1
        return {"span": (start, end), "text": self.text[start:end]}

    def warn(self, code: str, message: str, start: int | None = None, end: int | None = None) -> None:
        span = (start, end) if start is not None and end is not None else None
        text = self.text[start:end] if span else None
        self.warnings.append(Warning(code=code, message=message, span=span, text=text))

    def sentence_at(self, offset: int) -> tuple[int, int]:
        """The sentence containing `offset` (the whole line when sentences are unknown)."""
        if self.sentences:
            starts = [s for s, _ in self.sentences]
            i = bisect.bisect_right(starts, offset) - 1
            if i >= 0 and self.sentences[i][0] <= offset < self.sentences[i][1]:
                return self.sentences[i]
        start = self.text.rfind("\n", 0, offset) + 1
        end = self.text.find("\n", offset)
        return start, len(self.text) if end < 0 else end
