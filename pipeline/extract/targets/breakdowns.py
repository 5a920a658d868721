"""Parts of a total: 'Tổng diện tích lúa 110 ha. Trong đó vụ xuân 70 ha, ...', 'gồm trâu bò 1.600 con, ...'.

A breakdown opens at 'trong đó' / 'gồm' / 'cơ cấu' or a '(' after an amount, and its parts name the
total as their parent. It ends at the ')' that closes it, at a sentence that starts a new total
('Tổng ...'), and — in running prose — at the end of its sentence; in a list item ('- ...', '11. ...')
it runs to the end of the item, which holds one topic. Several parts of a total that has its own
value are details of it, left out unless `models/targets/rules.json` says `emit_details`, or unless a part
states its own goal (a predicate of its own: '..., trong đó 20% số xã đạt chuẩn nâng cao').
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from pipeline.extract.grammar.aligned import word_pattern
from pipeline.extract.grammar.quantities import Quantity
from pipeline.extract.targets.cues import is_total, rules
from pipeline.extract.targets.phrases import LIST_MARKER, clause_start

SENTENCE_END = re.compile(r"[.!?](?=\s)")


@dataclass
class Breakdown:
    parent: str
    parent_has_value: bool
    in_parentheses: bool
    to_item_end: bool  # in a list item: runs to the end of the item
    parts: list[Any] = field(default_factory=list)


def breakdown_of(
    text: str, text_lower: str, current: Breakdown | None, items: list, paragraph: tuple[int, int],
    previous_end: int, q: Quantity,
) -> Breakdown | None:
    """The breakdown the amount `q` belongs to: the open one, a new one, or none.

    `items` are the paragraph's items so far (each with an `indicator`); `previous_end` is where
    the previous amount's wording ended.
    """
    between = text[previous_end:q.start]
    if current is not None and (_ends(text, text_lower, current, previous_end, q.start)
                                or _other_measure(text, current, previous_end, q)):
        current = None
    in_list_item = bool(LIST_MARKER.match(text, paragraph[0], paragraph[1]))
    opening = between.rfind("(")
    if opening >= 0 and ")" not in between[opening:]:
        if not items:
            return current
        return Breakdown(items[-1].indicator, parent_has_value=True, in_parentheses=True, to_item_end=False)
    cue = _last_cue(text_lower, previous_end, q.start)
    if cue is None:
        return current
    # 'Tổng đàn vật nuôi: gồm ...' names its total; '... 110 ha. Trong đó ...' refers to the amount before
    head = text[clause_start(text, max(paragraph[0], previous_end), cue):cue]
    head = LIST_MARKER.sub("", head, count=1).strip(" \t:,;")
    if head:
        return Breakdown(head, parent_has_value=False, in_parentheses=False, to_item_end=in_list_item)
    if items:
        return Breakdown(items[-1].indicator, parent_has_value=True, in_parentheses=False, to_item_end=in_list_item)
    return current


def details(breakdowns: list[Breakdown]) -> list:
    """Parts to leave out: two or more parts of a total that has its own value, split by category ('lúa 300 ha,
    ngô 80 ha'). A part that states its own goal ('82% số xã đạt chuẩn, trong đó 20% số xã đạt chuẩn nâng cao':
    a predicate of its own) is an item of its own."""
    if rules()["breakdown"]["emit_details"]:
        return []
    return [part for b in breakdowns if b.parent_has_value and len(b.parts) > 1 for part in b.parts
            if not _predicate().search(part.indicator.lower())]


@cache
def _predicate() -> re.Pattern[str]:
    return re.compile(word_pattern(tuple(rules()["indicator"]["predicates"])))


def _ends(text: str, text_lower: str, current: Breakdown, start: int, end: int) -> bool:
    between = text[start:end]
    if current.in_parentheses:
        return ")" in between
    for m in re.finditer(r"[.;!?]\s+", between):
        if is_total(text_lower, start + m.end()):
            return True
    return not current.to_item_end and bool(SENTENCE_END.search(between))


def _other_measure(text: str, current: Breakdown, start: int, q: Quantity) -> bool:
    """'..., trong đó 10% số xã ...; thu nhập tăng 1,5 lần': after a ';' an amount of another kind of unit than the
    parts so far ('vụ chiêm 220 ha, năng suất 62 tạ/ha; vụ mùa 180 ha' goes on) starts a clause of its own, not one more part."""
    if current.in_parentheses or not current.parts or ";" not in text[start:q.start]:
        return False
    return all(part.unit.canonical != q.unit.unit.canonical for part in current.parts)


def _last_cue(text_lower: str, start: int, end: int) -> int | None:
    """Where the last 'trong đó' / 'gồm' / 'cơ cấu' between start and end begins."""
    found = list(re.finditer(word_pattern(tuple(rules()["breakdown"]["cues"])), text_lower[start:end]))
    return start + found[-1].start() if found else None
