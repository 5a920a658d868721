"""The text as lines with offsets, and small tests on a line's shape (capitals, a person's name)."""

from __future__ import annotations

import re
from dataclasses import dataclass

LINE = re.compile(r"[^\n]+")


@dataclass(frozen=True)
class Line:
    start: int
    end: int
    text: str  # text[start:end], stripped

    def sub(self, start: int, end: int) -> Line | None:
        """The part of the line between two offsets inside it, stripped; None when empty."""
        raw = self.text[start - self.start:end - self.start]
        stripped = raw.strip()
        if not stripped:
            return None
        offset = start + (len(raw) - len(raw.lstrip()))
        return Line(offset, offset + len(stripped), stripped)


def lines_of(text: str, start: int = 0, end: int | None = None) -> list[Line]:
    """Non-blank lines of text[start:end], stripped, with their offsets."""
    lines = []
    for m in LINE.finditer(text, start, len(text) if end is None else end):
        raw = m.group(0)
        stripped = raw.strip()
        if stripped:
            offset = m.start() + len(raw) - len(raw.lstrip())
            lines.append(Line(offset, offset + len(stripped), stripped))
    return lines


def letters(text: str) -> str:
    return "".join(c for c in text if c.isalpha())


def is_upper(text: str, min_letters: int = 2) -> bool:
    """Printed in capitals: 'UỶ BAN NHÂN DÂN XÃ HOÀ CƯ', 'KT.CHỦ TỊCH'."""
    found = letters(text)
    return len(found) >= min_letters and found == found.upper()


def is_title_word(word: str) -> bool:
    """'Tô', 'Mít', 'Đăng', "M'gar": a capital then lower-case letters only (an apostrophe allowed inside)."""
    letters_only = word.replace("'", "").replace("’", "")
    return letters_only.isalpha() and word[0].isupper() and (len(letters_only) == 1 or letters_only[1:].islower())


_APOSTROPHE = re.compile(r"['’]")


def is_person_name(text: str, allow_capitals: bool = False) -> bool:
    """2-5 syllables of letters, each capitalised ('Tô Văn Mít', "Ksor H'Bơ"); all capitals only if allowed."""
    words = text.split()
    if not 2 <= len(words) <= 5:  # most lines: no need to look closer
        return False
    syllables = [_APOSTROPHE.split(w) for w in words]
    if not all(part.isalpha() for parts in syllables for part in parts):
        return False
    if all(is_title_word(part) for parts in syllables for part in parts):
        return True
    return allow_capitals and all(w.isupper() for w in words)


def title_case(text: str) -> str:
    """'HOÀ CƯ' → 'Hoà Cư', "ĐẮK R'LẤP" → "Đắk R'lấp"."""
    return " ".join(w[:1].upper() + w[1:].lower() for w in text.split())
