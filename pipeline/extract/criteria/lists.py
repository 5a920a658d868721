"""A list of criteria after its introduction: "gồm Tiêu chí số 1 Quy hoạch; tiêu chí số 03 ...",
"(Giao thông, Điện và Y tế)", "tiêu chí số 2, 5 và 17", or one criterion per bullet line.

A list goes on while each item is a criterion; an item may carry a tail ("(đạt 100%)", a
description on its bullet line) before the next separator. Text that is not a criterion ends it,
and so does an item that states its own status ("...; tiêu chí Trường học chưa đạt").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.extract.criteria.lexicon import CriterionMention, Lexicon

# What may stand between an introduction and the first item ("13/19 tiêu chí, gồm: (").
INTRO = re.compile(
    r"(?:[ \t*_]*(?:(?:nong\s+thon\s+moi|ntm|con\s+lai|\d{1,2}\s*/\s*\d{1,2}\s+(?:tieu\s+chi|tc)|\d{1,2}\s+(?:tieu\s+chi|tc)"
    r"|bao\s+gom|gom(?:\s+co)?|cu\s+the(?:\s+la)?|nhu(?:\s+sau)?|do\s+la|la|sau\s+day|sau|(?:ngoai\s+)?tru)(?![^\W_])"
    r"|[,:()\-–]))*")
_EXCEPT = re.compile(r"(?<![^\W_])(?:ngoai\s+)?tru(?![^\W_])")
# The status an item states after itself: "...: chưa đạt", "... đã đạt chuẩn", "... phấn đấu đạt trong năm 2025",
# "... còn thiếu ..." (unmet).
STATUS_AFTER = re.compile(
    r"[\s*_]*(?:[:\-–(][\s*_]*)?(?:(?:da|van|con|deu|cung)\s+)?(?:(?P<neg>chua|khong)\s+)?(?:duoc\s+)?dat"
    r"(?:\s+chuan)?(?:\s+(?:nong\s+thon\s+moi|ntm))?[\s*_)]*"
    r"(?=[.;,\n|(]|$|(?:theo|va|do|vi|nhung|tu|trong|nam|so\s+voi)(?![^\W_]))"
    r"|[\s*_]*(?:[:\-–][\s*_]*)?(?P<target>phan\s+dau|du\s+kien|se)\s+(?:hoan\s+thanh|dat)(?:\s+chuan)?"
    r"(?=[\s*_]*(?:[.;,\n|(]|$|(?:trong|nam|vao|truoc|theo)(?![^\W_])))"
    # "riêng tiêu chí Trường học còn thiếu trường tiểu học đạt chuẩn": what it lacks follows, the criterion is unmet
    r"|[\s*_]*(?:[:\-–][\s*_]*)?(?:(?:hien|van|hien\s+van)\s+)?(?P<lack>con\s+thieu)(?![^\W_])")
_SPACE = re.compile(r"[ \t*_]*")
_BULLET = re.compile(r"[ \t*_#>]*(?:[\-+•–]|\d{1,2}[.)]|[a-zđ][.)])?[ \t*_]*")
SEPARATOR = re.compile(r"[ \t*_]*(?:[;,&]|va(?![^\W_])|hoac(?![^\W_]))[ \t*_]*(?:(?:va|hoac)(?![^\W_])[ \t*_]*)?")
_PARENTHETICAL = re.compile(r"[ \t*_]*\([^()\n]{0,80}\)")
_SENTENCE_END = re.compile(r"[ \t*_]*(?:\.(?=\s|$)|$)")
# A leftover after an item's name ("và PCTT") up to the next separator, within the sentence.
_INLINE_TAIL = re.compile(r"[^;,.()\n]{0,60}[;,]")


@dataclass
class CriteriaList:
    mentions: list[CriterionMention]
    end: int
    excepted: bool = False  # "đạt 17/19 tiêu chí (trừ tiêu chí Giao thông ...)": the items are the others
    interrupted: bool = False  # ended at an item that states its own status: the list goes on without it


def parse_list(folded: str, start: int, limit: int, lexicon: Lexicon) -> CriteriaList:
    """The criteria listed from `start` (just after the status phrase) up to at most `limit`."""
    found = _parse_list(folded, start, limit, lexicon)
    aside = _PARENTHETICAL.match(folded, start)
    if not found.mentions and aside and aside.end() < limit:
        # "đạt 15/19 tiêu chí (tăng 2 tiêu chí so với năm 2022), cụ thể: ..."
        found = _parse_list(folded, aside.end(), limit, lexicon)
    return found


def _parse_list(folded: str, start: int, limit: int, lexicon: Lexicon) -> CriteriaList:
    intro_end = INTRO.match(folded, start, limit).end()
    intro = folded[start:intro_end].rstrip(" *_")
    excepted = bool(_EXCEPT.search(intro))
    after_intro = _SPACE.match(folded, intro_end).end()
    if folded.startswith("\n", after_intro) and intro.endswith((":", "gom", "sau")):
        found = items(folded, _next_line(folded, after_intro), limit, lexicon, bullets=True)
    else:
        found = items(folded, intro_end, limit, lexicon, bullets=False)
        if not found.mentions and folded.startswith(".", after_intro):
            # "đạt thêm 01 tiêu chí. Tiêu chí số 12. Lao động.": a sentence made only of criteria
            found = items(folded, _SPACE.match(folded, after_intro + 1).end(), limit, lexicon, bullets=False)
            if found.mentions and not _SENTENCE_END.match(folded, found.end):
                found = CriteriaList([], start)
    found.excepted = excepted
    return found


def items(folded: str, pos: int, limit: int, lexicon: Lexicon, bullets: bool, tails: bool = True) -> CriteriaList:
    """Criteria one after another from `pos`; without `tails`, only separators may stand between them."""
    mentions: list[CriterionMention] = []
    numbers_only = interrupted = False
    while pos < limit:
        mention = lexicon.mention_at(folded, _SPACE.match(folded, pos).end(), bare_number=numbers_only)
        if mention is None or mention.end > limit:
            break
        if tails and mentions and STATUS_AFTER.match(folded, mention.end):
            interrupted = True
            break
        mentions.append(mention)
        numbers_only = mention.written_number and mention.name_number is None
        nxt = _next_item(folded, mention.end, limit, bullets, tails)
        if nxt is None:
            break
        pos, bullets = nxt
    return CriteriaList(mentions, mentions[-1].end if mentions else pos, interrupted=interrupted)


def _next_line(folded: str, pos: int) -> int:
    """Past the newline(s) at `pos` and the bullet marker of the next line."""
    while pos < len(folded) and folded[pos] in " \t*_\n":
        pos += 1
    return _BULLET.match(folded, pos).end()


def _line_end(folded: str, pos: int) -> int:
    end = folded.find("\n", pos)
    return len(folded) if end < 0 else end


def _next_item(folded: str, pos: int, limit: int, bullets: bool, tails: bool) -> tuple[int, bool] | None:
    """Where the next item may start after an item ending at `pos`, or None when the list ends."""
    if tails and (parenthetical := _PARENTHETICAL.match(folded, pos)):
        pos = parenthetical.end()
    sep = SEPARATOR.match(folded, pos)
    if sep and folded[sep.start():sep.end()].strip(" \t*_"):
        pos = sep.end()
        if not tails:
            return pos, bullets
    elif not tails:
        return None
    else:
        sep = None
    line_end = _line_end(folded, pos)
    if _SPACE.match(folded, pos).end() >= line_end:
        # the line ends after the item: the next line goes on with the list (a bullet list when
        # no separator was written, an inline list broken across lines when one was)
        return (_next_line(folded, line_end), bullets or not sep) if line_end < limit else None
    if bullets:  # a bullet item's description runs to the end of its line
        return (_next_line(folded, line_end), True) if line_end < limit else None
    if sep:
        return pos, False
    if _SENTENCE_END.match(folded, pos, min(line_end, limit)):
        return None
    # a leftover after the name ("và PCTT", ": chợ xuống cấp"): skip to the next ';' or ',' in the sentence
    tail = _INLINE_TAIL.match(folded, pos, limit)
    if tail is None:
        return None
    line_end = _line_end(folded, tail.end())
    if _SPACE.match(folded, tail.end()).end() >= line_end:
        return (_next_line(folded, line_end), False) if line_end < limit else None
    return tail.end(), False
