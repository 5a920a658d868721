"""Which criteria of the commune set a document says are met, unmet or targeted.

A status comes from a phrase that governs a list of criteria:
  - verb before the count: "xã đạt 6/19 tiêu chí gồm ...", "phấn đấu đạt thêm 01 tiêu chí. Tiêu chí số 12.";
  - count before the verb: "Số tiêu chí chưa đạt 13/19 tiêu chí, gồm: (...)", "các tiêu chí đã đạt: ...";
  - the criteria before their status: "Tiêu chí số 6 - Cơ sở vật chất văn hoá: chưa đạt", or a table
    row "| 2 | Giao thông | Chưa đạt |".
A criterion merely named (a plan's per-criterion tasks "- Tiêu chí Giao thông: Huy động ...", "nhiều
tiêu chí còn chậm như tiêu chí về giao thông") has no status and is not extracted. Sub-indicators
("Chỉ tiêu 6.3") are never read as their criterion: meeting one indicator does not meet criterion 6.
A legal text has no statuses (models/grammar/genre.json): a circular's "tiêu chí 2, 3, 4, 5 đạt từ 80%
điểm chuẩn" grades something else, a criteria set defines its criteria.
Lists about another set (advanced "nâng cao", model "kiểu mẫu", district; the sets' markers) are
skipped: their numbering differs. Each item records its set: the default set, or for a document from
before that set's period the set of its time (models/criteria/sets/).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.extract.context import Context
from pipeline.extract.criteria.lexicon import CriteriaSet, CriterionMention, Lexicon, lexicon, set_for_year
from pipeline.extract.criteria.lists import STATUS_AFTER, items, parse_list
from pipeline.extract.criteria.tables import (
    criteria_tables,
    table_criteria,
    transposed_criteria,
    transposed_tables,
)
from pipeline.extract.grammar.aligned import fold_aligned, lower_aligned
from pipeline.extract.grammar.claimed import Spans, cited_spans, document_year
from pipeline.extract.grammar.dates import YEAR_MENTION
from pipeline.extract.grammar.genre import is_legal
from pipeline.extract.grammar.status_cues import status_cues
from pipeline.schema import Criterion

# "chưa đạt", "đã đạt chuẩn", "đạt thêm", "hoàn thành đủ", "còn thiếu" (lacking: unmet)
_VERB = (r"(?:(?P<neg>{neg})\s+)?(?:(?P<done>da|duoc)\s+)?(?P<verb>dat|hoan\s+thanh|(?:con\s+)?thieu)(?![^\W_])"
         r"(?:\s+chuan)?(?:\s+(?P<more>them))?(?:\s+(?:duoc|du))?")
_UNIT = r"(?P<unit>tieu\s+chi|tc)(?![^\W_])"
_COUNT = r"(?:(?P<n>\d{1,2})(?:\s*/\s*(?P<m>\d{1,2}))?\s+)"
# "đạt 6/19 tiêu chí", "đạt thêm 01 tiêu chí", "đã đạt chuẩn các tiêu chí", "hoàn thành 13 tiêu chí"
_VERB_FIRST = _VERB + r"\s+(?:" + _COUNT + r"|(?:cac|nhung|ca|toan\s+bo|tat\s+ca(?:\s+cac)?)\s+)?" + _UNIT
# "13/19 tiêu chí chưa đạt", "các tiêu chí đã đạt:", "còn 4 tiêu chí chưa đạt là" - the verb must
# end its phrase ("tiêu chí đạt kết quả còn chậm" is not a status).
_COUNT_FIRST = (r"(?:(?:so|cac|nhung|con)\s+)?" + _COUNT + r"?" + _UNIT
                + r"(?:\s+(?:nong\s+thon\s+moi|ntm|con\s+lai))?\s+" + _VERB
                + r"(?=[\s*_]*(?:[:;,.()\n|]|$|\d|gom|bao\s+gom|la(?![^\W_])|cu\s+the|nhu(?![^\W_])|do\s+la))")
_TABLE_STATUS = re.compile(r"(?:da\s+)?(?:(?P<neg>chua|khong)\s+)?dat(?:\s+chuan)?")
_ASPIRED = re.compile(r"(?<![^\W_])(?:phan\s+dau|du\s+kien|se|de|nham|can|phai)\s+$")
_ROW_END_STATUS = re.compile(r"(?<![^\W_])(?:da\s+)?(?:(?P<neg>chua|khong)\s+)?dat(?:\s+chuan)?[\s*_.;]*$")
_NTM = re.compile(r"(?<![^\W_])(?:nong\s+thon\s+moi|ntm)(?![^\W_])")
_HEADING = re.compile(r"^[\s*_#]*(?:[ivx]+|\d+(?:\.\d+)*|[a-zđ])\s*[.\-–)][^\n]{0,150}$", re.M)


@dataclass
class StatusList:
    start: int  # of the status phrase
    end: int  # of the last criterion
    status: str
    mentions: list[CriterionMention]
    count: int | None
    as_of: int | None


def find_criteria(ctx: Context) -> list[Criterion]:
    folded, lowered, lex = fold_aligned(ctx.text), lower_aligned(ctx.text), lexicon()
    if is_legal(ctx, lowered):
        return []  # an accreditation or grading list ('tiêu chí 1, 2 và 3 đạt từ 70%'), a set's definitions
    cited = cited_spans(ctx, citing_lines=False)
    lists = _status_lists(ctx, folded, lowered, lex, cited)
    listed = {m.start for sl in lists for m in sl.mentions}
    lists += _statuses_after(ctx, folded, lex, cited, listed)
    lists += _table_rows(folded, lex, cited)
    matrices = [(t.table.start, t.table.end) for t in (*criteria_tables(ctx, lex), *transposed_tables(ctx, lex))]
    lists = [sl for sl in lists if not any(s <= sl.start < e for s, e in matrices)]  # read as a matrix below
    lists.sort(key=lambda sl: sl.start)
    _inherit_as_of(folded, lists)
    recorded = set_for_year(document_year(ctx)) if lists else lex.set
    found = []
    for sl in lists:
        _check_count(ctx, sl)
        seen = set()
        for mention in sl.mentions:
            if mention.name_number and mention.name_number != mention.number:
                ctx.warn("criterion_name_mismatch", f"number {mention.number} written with the name of "
                         f"criterion {mention.name_number}", mention.start, mention.end)
            if mention.number in seen:
                continue
            seen.add(mention.number)
            found.append(Criterion(**ctx.grounded(mention.start, mention.end), criterion=mention.number,
                                   name=_name(recorded, lex, mention.number), status=sl.status, as_of=sl.as_of,
                                   criteria_set=recorded.id))
    in_tables = table_criteria(ctx, lex, set_for_year(document_year(ctx)))
    in_tables += transposed_criteria(ctx, lex, set_for_year(document_year(ctx)))
    return sorted(found + in_tables, key=lambda c: c.span) if in_tables else found


def _name(recorded: CriteriaSet, lex: Lexicon, number: int) -> str:
    entry = recorded.entries.get(number)
    return entry.name if entry else lex.name(number)


# ── status phrases followed by their list ─────────────────────────────────────


def _status_lists(ctx: Context, folded: str, lowered: str, lex: Lexicon, cited: Spans) -> list[StatusList]:
    neg = status_cues().negation.pattern
    phrases = sorted(
        (m for regex in (_VERB_FIRST, _COUNT_FIRST) for m in re.finditer(regex.replace("{neg}", neg), folded)),
        key=lambda m: (m.start(), -m.end()))
    accepted: list[re.Match[str]] = []
    for m in phrases:
        if not cited.covers(m.start()) and (not accepted or m.start() >= accepted[-1].end()):
            accepted.append(m)
    lists = []
    for i, m in enumerate(accepted):
        limit = accepted[i + 1].start() if i + 1 < len(accepted) else len(folded)
        first = lex.mention_at(folded, m.start("unit"))  # "đạt các tiêu chí số 1, 3": the list starts there
        found = parse_list(folded, m.start("unit") if first else m.end(), limit, lex)
        sentence_start = _sentence_start(ctx, folded, m.start())
        if not found.mentions or _other_set(folded, lex, sentence_start, found.mentions[0].start):
            continue
        status = _status(m, lowered, sentence_start)
        count = _count(m, folded, found.mentions[0].start)
        if found.excepted:  # "đạt 17/19 tiêu chí (trừ ...)": the count is of the others
            status, count = ("unmet" if status == "met" else status), None
        if found.interrupted:
            count = None
        lists.append(StatusList(m.start(), found.end, status, found.mentions, count,
                                _as_of(ctx, folded, cited, sentence_start, m.start(), found.end, status)))
    return lists


def _status(m: re.Match[str], lowered: str, sentence_start: int) -> str:
    if m.group("neg") or m.group("verb").endswith("thieu"):
        return "unmet"
    if m.group("done") == "da":
        return "met"
    if m.group("more"):
        return "target"
    cue = status_cues().closest(lowered, sentence_start, m.start())
    if cue:
        return "target" if cue == "target" else "met"
    return "target" if m.group("verb").startswith("hoan") else "met"


def _count(m: re.Match[str], folded: str, list_start: int) -> int | None:
    """The number of criteria the phrase announces: 'đạt 6/19 tiêu chí' or '... chưa đạt 13/19 tiêu chí'."""
    if m.group("n"):
        return int(m.group("n"))
    later = re.search(r"(\d{1,2})(?:\s*/\s*\d{1,2})?\s+(?:tieu\s+chi|tc)", folded[m.end():list_start])
    return int(later.group(1)) if later else None


# ── criteria followed by their status ─────────────────────────────────────────


def _statuses_after(ctx: Context, folded: str, lex: Lexicon, cited: Spans, listed: set[int]) -> list[StatusList]:
    lists = []
    pos = 0
    for first in lex.prefixed_mentions(folded):
        if first.start < pos or first.start in listed or cited.covers(first.start):
            continue
        chain = items(folded, first.start, len(folded), lex, bullets=False, tails=False).mentions
        pos = chain[-1].end
        after = STATUS_AFTER.match(folded, pos)
        sentence_start = _sentence_start(ctx, folded, first.start)
        if after is None or _other_set(folded, lex, sentence_start, first.start):
            continue
        if after.group("lack") and not (all(m.name_number for m in chain) and _NTM.search(folded)):
            continue  # "tiêu chí 1 còn thiếu minh chứng" grades something else: a lack needs a name and an NTM text
        status = ("target" if after.group("target") else "unmet" if after.group("neg") or after.group("lack")
                  else "met")
        lists.append(StatusList(first.start, pos, status, chain, None,
                                _as_of(ctx, folded, cited, sentence_start, first.start, after.end(), status)))
    return lists


def _table_rows(folded: str, lex: Lexicon, cited: Spans) -> list[StatusList]:
    """A table row with a criterion cell (or number and name cells) and a status cell: '| 2 | Giao thông |
    ... | Chưa đạt |', a Word or PDF row with its cells between tabs, or a row read as one line with the
    criterion's own number first: '2 Giao thông 2.1 Tỷ lệ đường trục xã được cứng hoá ... Chưa đạt'."""
    lists = []
    for row in re.finditer(r"^[^\n]*$", folded, re.M):
        cells = _cells(folded, row.start(), row.end())
        mention = _criterion_cell(folded, lex, cells) if len(cells) > 1 else _numbered_row(folded, lex, row)
        if mention is None or cited.covers(row.start()):
            continue
        statuses = [t for s, e in cells if s > mention.end and (t := _TABLE_STATUS.fullmatch(folded, s, e))]
        if len(cells) == 1:
            statuses = [t for t in [_ROW_END_STATUS.search(folded, mention.end, row.end())] if t
                        and not _ASPIRED.search(folded, mention.end, t.start())
                        and not re.search(r"\.\s", folded[mention.end:t.start()])]
        if statuses and not _other_set(folded, lex, _line_before_table(folded, row.start()), row.start()):
            status = "unmet" if statuses[0].group("neg") else "met"
            lists.append(StatusList(row.start(), mention.end, status, [mention], None, None))
    return lists


def _cells(folded: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of each non-empty cell of a row between '|' or tabs, without padding and emphasis."""
    cells = []
    for m in re.finditer(r"[^|\t]+", folded[start:end]):
        s, e = start + m.start(), start + m.end()
        while s < e and folded[s] in " *_":
            s += 1
        while e > s and folded[e - 1] in " *_.":
            e -= 1
        if s < e and not re.fullmatch(r"[\s:\-–]*", folded[s:e]):
            cells.append((s, e))
    return cells


def _numbered_row(folded: str, lex: Lexicon, row: re.Match[str]) -> CriterionMention | None:
    """'2 Giao thông ...': a row number that is the number of the criterion named right after it."""
    number = re.match(r"[ *_]*0?(\d{1,2})[.)]?\s+", folded[row.start():row.end()])
    named = number and lex.name_at(folded, row.start() + number.end())
    if named and named[0] == int(number.group(1)):
        return CriterionMention(row.start() + number.end(), named[1], named[0], True, named[0])
    return None


def _criterion_cell(folded: str, lex: Lexicon, cells: list[tuple[int, int]]) -> CriterionMention | None:
    for i, (s, e) in enumerate(cells):
        mention = lex.mention_at(folded, s)
        if mention and mention.end == e and (mention.written_number or mention.name_number):
            return mention
        number = re.fullmatch(r"0?(\d{1,2})", folded[s:e])
        if number and i + 1 < len(cells):
            ns, ne = cells[i + 1]
            named = lex.name_at(folded, ns)
            if named and named[1] == ne and named[0] == int(number.group(1)):
                return CriterionMention(ns, ne, named[0], True, named[0])
    return None


# ── context ───────────────────────────────────────────────────────────────────


def _sentence_start(ctx: Context, folded: str, pos: int) -> int:
    start = ctx.sentence_at(pos)[0]
    return max(start, folded.rfind("\n", 0, pos) + 1)


def _line_before_table(folded: str, row_start: int) -> int:
    """The start of the line above the table a row belongs to (its caption or introduction)."""
    line_start = row_start
    while line_start > 0:
        previous = folded.rfind("\n", 0, line_start - 1) + 1
        if not folded[previous:line_start].lstrip(" \t").startswith("|"):
            return previous
        line_start = previous
    return 0


def _other_set(folded: str, lex: Lexicon, start: int, end: int) -> bool:
    """The list speaks of the advanced or model set: in its sentence, or in the heading above it."""
    if lex.other_set_markers.search(folded, start, end):
        return True
    headings = list(_HEADING.finditer(folded, 0, start))
    return bool(headings) and bool(lex.other_set_markers.search(folded, headings[-1].start(), headings[-1].end()))


def _as_of(ctx: Context, folded: str, cited: Spans, sentence_start: int, start: int, end: int,
           status: str) -> int | None:
    """The year a status is stated for: 'Đến hết năm 2023 ... xã đạt'; for a target, its year."""
    before = [m for m in YEAR_MENTION.finditer(folded, sentence_start, start) if not cited.covers(m.start())]
    if before:
        return int(before[-1].group(1))
    if status == "target":
        sentence_end = ctx.sentence_at(end)[1] if end < len(folded) else end
        after = [m for m in YEAR_MENTION.finditer(folded, end, max(end, sentence_end)) if not cited.covers(m.start())]
        if after:
            return int(after[0].group(1))
    return None


def _inherit_as_of(folded: str, lists: list[StatusList]) -> None:
    """'Đến hết năm 2023 ... đạt 6/19 tiêu chí gồm ...' then, in the next paragraph, 'Số tiêu chí chưa
    đạt ...': the second list is stated as of the same year."""
    for prev, cur in zip(lists, lists[1:], strict=False):
        between = folded[prev.end:cur.start]
        adjacent = between.count("\n") <= 2 and len(between) < 400 and not re.search(r"\.\s+[^\W\d_]", between)
        if cur.as_of is None and prev.as_of and {prev.status, cur.status} <= {"met", "unmet"} and adjacent:
            cur.as_of = prev.as_of


def _check_count(ctx: Context, sl: StatusList) -> None:
    found = len({m.number for m in sl.mentions})
    if sl.count is not None and found != sl.count:
        ctx.warn("count_mismatch", f"the list announces {sl.count} criteria and names {found}",
                 sl.start, sl.end)
