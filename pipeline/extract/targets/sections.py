"""Which part of a document an offset is in: results achieved, or targets set — and for which year.

A report or resolution has numbered headings ('I. NHỮNG KẾT QUẢ ĐẠT ĐƯỢC', 'II. MỤC TIÊU, CHỈ TIÊU
NĂM 2024', '2.1. Mục tiêu chung'). A heading's words say what its section holds; a heading that says
nothing (a topic, 'IV. TỔ CHỨC THỰC HIỆN' aside) inherits from the heading above it.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cache

from pipeline.extract.grammar.aligned import lower_aligned, word_pattern
from pipeline.extract.grammar.dates import NAMED_YEAR, YEAR_RE
from pipeline.models_dir import load_json

ROMAN = r"[IVXLC]{1,5}"
# numbering → level: Phần I (0), I. / II- (1), A. (1), 1. (2), 1.1. (3), 1.1.1. (4), a) (5);
# an unnumbered line in capitals is a level-1 heading, a short line ending in ':' a level-6 one.
NUMBERING = [
    (re.compile(rf"^(?:phần|chương)\s+(?:{ROMAN}|\d+|thứ\s+\w+)(?!\w)", re.IGNORECASE), 0),
    (re.compile(rf"^{ROMAN}\s*[.\-–)]\s*"), 1),
    (re.compile(r"^[A-Z]\s*[.)]\s+"), 1),
    (re.compile(r"^\d{1,2}\.\d{1,2}\.\d{1,2}\.?\s*"), 4),
    (re.compile(r"^\d{1,2}\.\d{1,2}\.?\s+"), 3),
    (re.compile(r"^\d{1,2}\s*[.)]\s+"), 2),
    (re.compile(r"^[a-zđ]\s*[).]\s+"), 5),
]
MAX_HEADING_CHARS = 130
MAX_LABEL_CHARS = 90  # "Kết quả đạt được:" on a line of its own


@dataclass
class Heading:
    start: int
    level: int
    kind: str | None
    year: int | None


@dataclass
class SectionMap:
    headings: list[Heading] = field(default_factory=list)
    # per heading: the kind and year in force under it (own, else inherited)
    kinds: list[str | None] = field(default_factory=list)
    years: list[int | None] = field(default_factory=list)

    def kind_at(self, offset: int) -> str | None:
        i = bisect.bisect_right([h.start for h in self.headings], offset) - 1
        return self.kinds[i] if i >= 0 else None

    def heading_at(self, offset: int) -> int | None:
        """Where the heading the offset stands under begins."""
        i = bisect.bisect_right([h.start for h in self.headings], offset) - 1
        return self.headings[i].start if i >= 0 else None

    def year_at(self, offset: int) -> int | None:
        i = bisect.bisect_right([h.start for h in self.headings], offset) - 1
        return self.years[i] if i >= 0 else None


@cache
def _cues() -> dict[str, tuple[str, ...]]:
    rules = load_json("targets/rules.json")["sections"]
    return {k: tuple(rules[k]) for k in ("result", "target", "strong_target")}


def heading_kind(heading: str) -> str | None:
    """'result', 'target' or None for a heading's words.

    'chỉ tiêu', 'nhiệm vụ' head both kinds of section ('Các chỉ tiêu đạt được', 'Kết quả thực hiện
    nhiệm vụ'), so any word of results outweighs them; results and a plan together ('Kết quả năm
    2023 và phương hướng năm 2024') decide nothing.
    """
    text = lower_aligned(heading)
    cues = _cues()
    result = re.search(word_pattern(cues["result"]), text) is not None
    strong = re.search(word_pattern(cues["strong_target"]), text) is not None
    target = strong or re.search(word_pattern(cues["target"]), text) is not None
    if result:
        return None if strong else "result"
    return "target" if target else None


def heading_level(line: str) -> int | None:
    """The level of a heading line, None when the line is body text.

    A numbered line ending in '.' or ';' is a list item ('3. Hoàn thành nhiệm vụ ...;'), except at
    the top levels, where some documents end headings with a full stop.
    """
    stripped = line.strip()
    if not stripped or len(stripped) > MAX_HEADING_CHARS or stripped[-1] in ",;":
        return None
    level = next((lvl for pattern, lvl in NUMBERING if pattern.match(stripped)), None)
    letters = [c for c in stripped if c.isalpha()]
    if level is None and len(letters) >= 8 and sum(c.isupper() for c in letters) / len(letters) > 0.8:
        level = 1
    if level is None and stripped.endswith(":") and len(stripped) <= MAX_LABEL_CHARS:
        level = 6
    if level is not None and level > 1 and stripped.endswith("."):
        return None
    return level


def section_map(text: str) -> SectionMap:
    """Headings of `text` with the kind and year in force under each."""
    smap = SectionMap()
    stack: list[Heading] = []
    offset = 0
    lines = text.split("\n")
    for i, line in enumerate(lines):
        level = heading_level(line)
        if level is not None:
            kind = heading_kind(line) if _states_no_amount(line) else None
            year = _heading_year([int(y) for y in YEAR_RE.findall(line)], kind)
            if kind == "result" and year is None:
                year = _lead_year(lines[i + 1:i + 4])
            heading = Heading(start=offset, level=level, kind=kind, year=year)
            while stack and stack[-1].level >= level:
                stack.pop()
            stack.append(heading)
            smap.headings.append(heading)
            smap.kinds.append(next((h.kind for h in reversed(stack) if h.kind), None))
            smap.years.append(next((h.year for h in reversed(stack) if h.year), None))
        offset += len(line) + 1
    return smap


def _heading_year(years: list[int], kind: str | None) -> int | None:
    """The year a heading is about: its only year; of two, the first for results, the last for targets."""
    if len(set(years)) == 1:
        return years[0]
    if years and kind:
        return years[0] if kind == "result" else years[-1]
    return None


def _states_no_amount(line: str) -> bool:
    """A numbered line with amounts in it ('3. Chỉ tiêu thu ngân sách 12 tỷ đồng') is an item, not a title."""
    body = YEAR_RE.sub(" ", line.strip())
    for pattern, _ in NUMBERING:
        body = pattern.sub("", body, count=1)
    return not re.search(r"\d", body)


def title(text: str, lines: int = 12) -> str:
    """A document's first lines, up to the first numbered heading or 'Căn cứ': its title, mostly."""
    head = []
    for line in [line for line in text.split("\n") if line.strip()][:lines]:
        stripped = line.strip()
        if lower_aligned(stripped).startswith("căn cứ") or any(p.match(stripped) for p, _ in NUMBERING):
            break
        head.append(stripped)
    return "\n".join(head)


def title_years(text: str) -> list[int]:
    """Years a document's title names ('... nhiệm vụ năm 2023, phương hướng ... năm 2024')."""
    return sorted({int(y) for y in NAMED_YEAR.findall(lower_aligned(title(text)))})


def _lead_year(lines: list[str]) -> int | None:
    """A results section's year from its first paragraph ('Thực hiện nhiệm vụ năm 2023, ...')."""
    for line in lines:
        if line.strip():
            years = YEAR_RE.findall(line)
            return int(years[0]) if years else None
    return None
