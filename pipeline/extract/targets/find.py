"""Numeric targets and reported results: the level of an indicator, with its unit, comparator and year.

Each amount with a unit ('4,99%', '10-12 quần chúng', '35.000 con') that is the level of an
indicator becomes one Target: what it measures (the words around it), whether it was achieved or
is planned (the section heading, else the verbs), and for which year. Parts of a total ('Tổng diện
tích lúa 110 ha. Trong đó vụ xuân 70 ha, ...') name the total as `parent`; several parts of a
stated total are detail and are left out (`breakdowns.py`). Tables of indicators are read by
their columns (`tables.py`, on the shared reader of `grammar/tables.py`). A target restated later is reported once.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field, replace
from functools import cache

from pipeline.extract.context import Context
from pipeline.extract.grammar.aligned import lower_aligned, word_pattern
from pipeline.extract.grammar.claimed import Spans, item_spans
from pipeline.extract.grammar.genre import article_starts, is_legal
from pipeline.extract.grammar.quantities import Quantity, find_quantities
from pipeline.extract.grammar.units import Unit
from pipeline.extract.segmenter import tagged, word_end, word_start
from pipeline.extract.targets.breakdowns import Breakdown, breakdown_of, details
from pipeline.extract.targets.cues import (
    comparator,
    comparator_after,
    comparator_before,
    describes_the_place,
    kind_from_words,
    not_a_level,
    plans_in_results,
    rules,
    year_in_sentence,
)
from pipeline.extract.targets.indicators import expand_abbreviations, indicator_id
from pipeline.extract.targets.phrases import (
    MAX_CLAUSE,
    Around,
    Piece,
    around,
    clause_start,
    is_measure_word,
    right_piece,
    subject,
)
from pipeline.extract.targets.sections import SectionMap, heading_kind, section_map, title, title_years
from pipeline.extract.targets.tables import TableValue, is_table_row, table_values
from pipeline.schema import Target

PARAGRAPH = re.compile(r"[^\n]+")
FUNCTION_TAGS = {"E", "C", "CC"}  # underthesea POS: preposition, conjunction, coordinating conjunction
# Syllables that can be a preposition or a conjunction: only a piece ending on one is POS-tagged.
FUNCTION_WORDS = frozenset(
    "trên dưới về và của với cho tại theo từ đến hoặc hay ở vào trong ngoài bằng như mà nhưng để do bởi cùng qua".split())
SENTENCE_END = re.compile(r"[;!?]|\.(?=\s|$)")
RATE_WORDS = ("tỷ lệ", "tỉ lệ")


@dataclass
class Item:
    """A target being built."""

    indicator: str
    piece: Piece  # the indicator's own words with the amount, for the span
    parent: str | None
    kind: str
    year: int | None
    comparator: str
    value: float
    value_max: float | None
    unit: Unit


@dataclass
class DocumentView:
    """What every paragraph needs: the text, its sections, the spans earlier steps claimed."""

    ctx: Context
    text_lower: str = field(init=False)
    sections: SectionMap = field(init=False)
    claimed: Spans = field(init=False)
    default_years: dict[str, int | None] = field(init=False)
    default_kind: str = field(init=False)  # what the title says the document holds, else targets
    articles: list[int] = field(init=False)  # where each 'Điều N.' line starts
    legal: bool = field(init=False)  # articles 'Điều N.': targets only where a goal or a result is stated

    def __post_init__(self) -> None:
        self.text_lower = lower_aligned(self.ctx.text)
        self.sections = section_map(self.ctx.text)
        self.claimed = item_spans(self.ctx, "references", "criteria_summaries")  # numbers there are no targets
        self.default_kind = heading_kind(title(self.ctx.text)) or "target"
        years = title_years(self.ctx.text)
        issued = getattr(self.ctx.found.get("metadata"), "issued_year", None)
        # a title naming two years ('tình hình năm 2023, phương hướng năm 2024'): results, then targets
        self.default_years = {"result": years[0] if len(years) > 1 else None, "target": years[-1] if years else issued}
        self.articles = article_starts(self.ctx.text)
        self.legal = is_legal(self.ctx, self.text_lower)

    @property
    def text(self) -> str:
        return self.ctx.text


def find_targets(ctx: Context) -> list[Target]:
    """Every target and result in the text, in text order; a rate over 100% is also warned about."""
    doc = DocumentView(ctx)
    items: list[Item] = []
    for is_table, lines in _blocks(ctx.text):
        values = table_values(ctx.text, lines) if is_table else None
        if values is not None:
            items += [item for v in values if (item := _table_item(doc, v))]
        else:
            items += [item for start, end in lines for item in _paragraph_items(doc, start, end)]
    items = [item for item in items if not _quiet(doc, item)]
    found = [_target(ctx, item) for item in _distinct(items)]
    for t in found:
        if t.unit_canonical == "percent" and t.value > 100 and lower_aligned(t.indicator).startswith(RATE_WORDS):
            ctx.warn("implausible_percent", f"a rate of {t.value:g}% for '{t.indicator}'", *t.span)
    return found


_URL = re.compile(r"https?://|www\.|%[0-9a-f]{2}", re.I)


def _in_url(text: str, pos: int) -> bool:
    """A number inside a web address or a percent-encoded path is part of a name."""
    start = max(text.rfind(" ", 0, pos), text.rfind("\n", 0, pos)) + 1
    end = min((i for i in (text.find(" ", pos), text.find("\n", pos)) if i >= 0), default=len(text))
    return bool(_URL.search(text, start, end))


_OPERATOR_BEFORE = re.compile(r"[x×*=+]\s*$")
_OPERATOR_AFTER = re.compile(r"\s*[x×*=]")


def _in_formula(text: str, q: Quantity) -> bool:
    """'11 x 3% = 33%': an amount in a worked calculation."""
    return bool(_OPERATOR_BEFORE.search(text, max(0, q.start - 3), q.start) or _OPERATOR_AFTER.match(text, q.end))


def _quiet(doc: DocumentView, item: Item) -> bool:
    """Not a programme goal or result: a condition, threshold or penalty ('Nếu có từ 5 hộ trở lên', 'phạt
    tiền từ 5.000.000 đồng'); in a legal text, any amount whose sentence and heading state no goal."""
    sentence_start, sentence_end = doc.ctx.sentence_at(item.piece.start)
    clause = clause_start(doc.text, sentence_start, item.piece.start)
    if _not_target_words().search(doc.text_lower, clause, item.piece.end):
        return True
    if not doc.legal:
        return False
    if _states_goal(doc.text_lower, sentence_start, max(sentence_end, item.piece.end)):
        return False
    article = bisect.bisect_right(doc.articles, item.piece.start) - 1
    headings = [doc.sections.heading_at(item.piece.start), doc.articles[article] if article >= 0 else None]
    return not any(_states_goal(doc.text_lower, h, doc.text.find("\n", h)) for h in headings if h is not None)


def _states_goal(text_lower: str, start: int, end: int) -> bool:
    """A goal cue ('mục tiêu', 'phấn đấu', 'đến năm') that is not a purpose ('vì mục tiêu lợi nhuận')."""
    return any(not _not_goal().search(text_lower, max(0, m.start() - 4), min(len(text_lower), m.end() + 12))
               for m in _goal_cues().finditer(text_lower, start, end)) \
        or bool(_goal_years().search(text_lower, start, end))


@cache
def _goal_years() -> re.Pattern[str]:
    return re.compile(word_pattern(tuple(rules()["quiet"]["goal_years"])) + r"\s+(?:19|20)\d{2}(?!\d)")


@cache
def _not_goal() -> re.Pattern[str]:
    return re.compile(word_pattern(tuple(rules()["quiet"]["not_goal"])))


@cache
def _not_target_words() -> re.Pattern[str]:
    return re.compile(word_pattern(tuple(rules()["quiet"]["not_targets"])))


@cache
def _goal_cues() -> re.Pattern[str]:
    return re.compile(word_pattern(tuple(rules()["quiet"]["goal_cues"])))


def _blocks(text: str) -> list[tuple[bool, list[tuple[int, int]]]]:
    """The text's lines in runs: table rows (cells separated by tabs) and the prose between."""
    blocks: list[tuple[bool, list[tuple[int, int]]]] = []
    for m in PARAGRAPH.finditer(text):
        is_table = is_table_row(m.group())
        if blocks and blocks[-1][0] == is_table:
            blocks[-1][1].append(m.span())
        else:
            blocks.append((is_table, [m.span()]))
    return blocks


def _table_item(doc: DocumentView, v: TableValue) -> Item | None:
    kind = v.kind or doc.sections.kind_at(v.cell.start) or doc.default_kind
    if kind not in v.unit.kinds:
        return None
    year = v.year or doc.sections.year_at(v.cell.start) or doc.default_years.get(kind)
    return Item(indicator=v.indicator, piece=Piece(v.cell.start, v.cell.end), parent=v.parent, kind=kind, year=year,
                comparator=v.comparator, value=v.value, value_max=v.value_max, unit=v.unit)


def _paragraph_items(doc: DocumentView, start: int, end: int) -> list[Item]:
    items: list[Item] = []
    breakdowns: list[Breakdown] = []
    breakdown: Breakdown | None = None
    previous_end = start  # where the previous amount's wording ended
    quantities = find_quantities(doc.text_lower, start, end)
    for n, q in enumerate(quantities):
        reason = not_a_level(doc.text_lower, q)
        enumerated = reason == "change" and _enumerated(doc.text_lower, q, quantities[n + 1:n + 2])
        reason = None if enumerated or (reason == "change" and _multiplier_goal(doc, q)) else reason
        if doc.claimed.overlaps(q.start, q.end) or reason or _in_url(doc.text, q.start) or _in_formula(doc.text, q):
            continue
        breakdown = breakdown_of(doc.text, doc.text_lower, breakdown, items, (start, end), previous_end, q)
        if breakdown is not None and breakdown not in breakdowns:
            breakdowns.append(breakdown)
        item = _item(doc, q, (start, end), previous_end, items, breakdown, enumerated)
        previous_end = max(q.end, item.piece.end if item else 0)
        if item is not None:
            items.append(item)
            if breakdown is not None:
                breakdown.parts.append(item)
    left_out = {id(part) for part in details(breakdowns)}
    return [i for i in items if id(i) not in left_out]


def _multiplier_goal(doc: DocumentView, q: Quantity) -> bool:
    """'thu nhập tăng 1,5 lần so với năm 2020', 'gấp 2 lần': a multiplier is the level of a goal or a result, but
    only where its sentence sets a goal or reports one (else it is a comparison in passing)."""
    if q.unit.unit.canonical != "times":
        return False
    start, end = doc.ctx.sentence_at(q.start)
    return _states_goal(doc.text_lower, start, end) or kind_from_words(doc.text_lower, start, q.start) is not None


def _enumerated(text_lower: str, q: Quantity, following: list[Quantity]) -> bool:
    """'giảm 11 hộ nghèo và 17 hộ cận nghèo', 'tăng thêm 3 xã đạt chuẩn nâng cao và 1 xã đạt chuẩn kiểu mẫu': counts
    of the same noun joined by 'và' after one verb of change are two levels, not a change of one."""
    if not following or not q.unit.unit.noun or q.unit.unit.canonical != "count":
        return False
    other = following[0]
    if other.unit.unit.unit != q.unit.unit.unit:
        return False
    return bool(_AND_NEXT.fullmatch(text_lower, q.unit.end, other.start))


# the rest of the first count's nouns (no figure, no clause end), then 'và' or a comma before the next count
_AND_NEXT = re.compile(r"[^\d;:.!?()\n]{0,60}?(?:\s+và|\s*,)\s+")


def _item(
    doc: DocumentView, q: Quantity, paragraph: tuple[int, int], previous_end: int, items: list[Item],
    breakdown: Breakdown | None, enumerated: bool = False,
) -> Item | None:
    """The item the amount `q` states, if any; an `enumerated` count is named by its own nouns alone, as the
    counts after it are (the verb of change before it is shared)."""
    text, text_lower = doc.text, doc.text_lower
    _, cue_start = comparator_before(text_lower, q)
    _, after_end = comparator_after(text_lower, q)
    pieces = on_words(doc.ctx, around(text, text_lower, paragraph, max(paragraph[0], previous_end), cue_start,
                                      after_end, before_noun=q.unit.unit.noun))
    pieces = _without_subject(text_lower, pieces)
    if enumerated:
        pieces = replace(pieces, left=Piece(q.start, q.start))
    pieces = replace(pieces, right=_with_rating(text_lower, _noun_list(doc.ctx, text_lower, pieces.right, paragraph[1]),
                                                 paragraph[1]))
    shared = Piece(after_end, after_end)
    if q.unit.unit.noun and not _predicate().search(text_lower, pieces.right.start, pieces.right.end):
        shared = _shared_predicate(text, text_lower, max(after_end, pieces.right.end), paragraph[1])
    named = _indicator(text, q, pieces) or _same_as_previous(items, pieces, q, text_lower)
    if named is None:
        return None
    indicator, piece, heading = named
    if not shared.empty:
        indicator = _joined(indicator, shared.of(text))
    if describes_the_place(indicator, q.unit.unit.canonical):
        return None
    sentence = clause_start(text, paragraph[0], q.start), _sentence_end(text, q.end, paragraph[1])
    kind = _kind(doc, sentence[0], q)
    if kind not in q.unit.unit.kinds:
        return None
    year = year_in_sentence(text_lower, *sentence) or doc.sections.year_at(q.start) or doc.default_years.get(kind)
    return Item(
        indicator=_with_subject(indicator, items), piece=Piece(min(piece.start, q.start), max(piece.end, after_end, q.end)),
        parent=breakdown.parent if breakdown else heading, kind=kind, year=year,
        comparator=comparator(text_lower, q), value=q.value, value_max=q.value_max, unit=q.unit.unit,
    )


def on_words(ctx: Context, pieces: Around) -> Around:
    """The words around an amount, on word boundaries: a piece never starts or ends inside a word of
    the segmenter ('nông thôn', 'đạt chuẩn' are one word each), so the indicator is whole words."""
    def whole(piece: Piece, lo: int) -> Piece:
        if piece.empty:
            return piece
        return Piece(max(lo, word_start(ctx, piece.start)), word_end(ctx, piece.end))

    head = whole(pieces.head, 0) if pieces.head is not None else None
    return replace(pieces, left=whole(pieces.left, pieces.clause_start), head=head,
                   right=_without_trailing_function_words(ctx, whole(pieces.right, pieces.right.start)))


def _without_trailing_function_words(ctx: Context, piece: Piece) -> Piece:
    """Words after an amount end on a content word: a trailing preposition or conjunction (POS E, C, CC:
    '1000-1200 ha rừng tập trung trên') opens what comes next. Only such pieces are tagged."""
    last = ctx.text[piece.start:piece.end].rsplit(None, 1)[-1:]
    if piece.empty or not last or last[0].lower() not in FUNCTION_WORDS:  # tag only what may need it
        return piece
    end = piece.end
    for start, word_end_, tag in reversed(tagged(ctx, piece.start, piece.end)):
        if word_end_ > end:
            continue
        if start < piece.start or word_end_ != end or tag not in FUNCTION_TAGS:
            break
        end = _rstrip(ctx.text, piece.start, start)
    return Piece(piece.start, end)


def _rstrip(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _without_subject(text_lower: str, pieces: Around) -> Around:
    """'Cả nước có ít nhất 80% số xã ...', 'Xã B phấn đấu 95% hồ sơ ...': the subject and its verb before the
    amount say who, not what; the indicator starts after them (unless a rate or a measure is named there)."""
    left = pieces.left
    if left.empty or _measure_or_rate().search(text_lower, left.start, left.end):
        return pieces
    ends = list(_subject_end().finditer(text_lower, left.start, left.end))
    if not ends:
        return pieces
    start = ends[-1].end()
    while start < left.end and text_lower[start] in " \t,":
        start += 1
    return replace(pieces, left=Piece(start, left.end))


def _shared_predicate(text: str, text_lower: str, start: int, end: int) -> Piece:
    """'8 đơn vị cấp huyện, 330 xã, 869 thôn đạt chuẩn NTM': a count followed only by more counts shares the
    predicate of the last one. Returns the predicate's words, or an empty piece."""
    clause_end = _CLAUSE_END.search(text_lower, start, end)
    stop = clause_end.start() if clause_end else end
    verb = _predicate().search(text_lower, start, stop)
    if verb is None or not _MORE_COUNTS.fullmatch(text_lower, start, verb.start()):
        return Piece(start, start)
    return right_piece(text, text_lower, verb.start(), end)


def _noun_list(ctx: Context, text_lower: str, right: Piece, end: int) -> Piece:
    """'50% huyện, thị xã, thành phố đạt chuẩn': short nouns listed with commas, then the predicate they share,
    are one phrase. Only a list of nouns (POS) whose last segment states the predicate is joined: '5 xã về đích,
    nâng số xã đạt chuẩn lên ...' is two clauses."""
    text = ctx.text
    if right.empty or len(right.of(text).split()) > _LIST_NOUN_WORDS:
        return right
    last = right
    while m := _LIST_COMMA.match(text, last.end, end):
        segment = right_piece(text, text_lower, m.end(), end)
        if segment.empty or text_lower[segment.start].isdigit():
            return right
        verb = _predicate().search(text_lower, segment.start, segment.end)
        if verb is not None:
            # 'thành phố thuộc tỉnh': the level the listed units belong to qualifies the whole list
            nouns_end = verb.start()
            if qualifier := _BELONGS_TO.search(text_lower, segment.start, verb.start()):
                nouns_end = qualifier.start()
            head = text[segment.start:nouns_end].split()
            if not 0 < len(head) <= _LIST_NOUN_WORDS or not _all_nouns(ctx, right.start, nouns_end):
                return right
            return Piece(right.start, segment.end)
        if len(segment.of(text).split()) > _LIST_NOUN_WORDS:
            return right
        last = segment
    return right


def _with_rating(text_lower: str, right: Piece, end: int) -> Piece:
    """'25 sản phẩm OCOP đạt 3 sao trở lên': the star rating is part of what is counted, not an amount."""
    m = _RATING.match(text_lower, right.end, end)
    return Piece(right.start, m.end()) if m else right


# a star rating ('đạt 3 sao', 'từ 4 sao trở lên', '3-4 sao'); the number is no amount of its own
_RATING = re.compile(r"\s*(?:(?:đạt|từ|hạng)\s+)?\d(?:\s*[-–]\s*\d)?\s*sao(?![^\W\d_])(?:\s+trở\s+lên)?")


def _all_nouns(ctx: Context, start: int, end: int) -> bool:
    words = tagged(ctx, start, end)
    return bool(words) and all(tag.startswith("N") or tag == "CH" for _, _, tag in words)


_BELONGS_TO = re.compile(r"\s+thuộc\s+(?:các\s+)?(?:tỉnh|huyện|thành phố|trung ương|xã)\s*$")
_LIST_NOUN_WORDS = 3  # 'thị xã', 'thành phố': a listed noun is short
_LIST_COMMA = re.compile(r"\s*,\s*(?!\d)")
_CLAUSE_END = re.compile(r"[;:!?\n(]|\.(?=\s|$)")
# ", 330 xã, 869 thôn/bản miền núi " — more counts, each with its own nouns, before the shared verb
_MORE_COUNTS = re.compile(r"(?:\s*(?:,|và)\s*(?:thêm\s+)?\d[\d.,]*(?:\s*[-–]\s*\d[\d.,]*)?\s+[^\W\d_][^,;:\d]*?)+\s*")


@cache
def _subject_end() -> re.Pattern[str]:
    return re.compile(word_pattern(tuple(rules()["indicator"]["subject_ends"])))


@cache
def _predicate() -> re.Pattern[str]:
    return re.compile(word_pattern(tuple(rules()["indicator"]["predicates"])))


@cache
def _measure_or_rate() -> re.Pattern[str]:
    return re.compile(word_pattern(tuple(rules()["indicator"]["rate_heads"]) + tuple(rules()["indicator"]["measure_words"])))


def _kind(doc: DocumentView, sentence_start: int, q: Quantity) -> str:
    """The section decides (a plan in a report of results aside), else the verbs, else the title."""
    in_section = doc.sections.kind_at(q.start)
    if in_section == "result" and plans_in_results(doc.text_lower, sentence_start, q.start):
        return "target"
    return in_section or kind_from_words(doc.text_lower, sentence_start, q.start) or doc.default_kind


def _indicator(text: str, q: Quantity, pieces: Around) -> tuple[str, Piece, str | None] | None:
    """The indicator's words, where they are with the amount, and a list heading that groups them.

    Words before the amount name it ('Tỷ lệ hộ nghèo xuống dưới 3,8%'), with the counted noun and
    words after it ('kết nạp 6 - 7 đảng viên', 'Trồng mới 25 ha rừng'); without words before, the
    words after name it ('Trên 85% hồ sơ ...', '600m đường nội đồng') under the heading before a
    colon; failing both, the heading itself names it ('Sản lượng lúa: 612 tấn').
    """
    unit = q.unit.unit
    right = pieces.right.of(text)
    noun = text[q.unit.start:q.unit.word_end] if unit.noun and (right or not unit.generic) else ""
    left = pieces.left.of(text)
    if noun and lower_aligned(noun) in lower_aligned(left):  # 'mô hình cấp huyện 2-3 mô hình'
        noun = ""
    if left and unit.canonical == "percent" and right and _predicate().search(lower_aligned(right)) \
            and not _measure_or_rate().search(lower_aligned(left)):
        left = ""  # 'Xã B phấn đấu 95% hồ sơ TTHC được giải quyết trực tuyến': the phrase after says what
    if left:
        right = "" if unit.canonical == "percent" else right  # '95% dân số' says of whom, not what
        end = pieces.right.end if right else q.end
        return _joined(left, noun, right), Piece(pieces.left.start, max(end, q.end)), None
    heading = pieces.head.of(text) if pieces.head is not None else ""
    if right or (noun and not heading):
        start = pieces.head.start if heading and pieces.head_adjacent else q.start
        return _joined(noun, right), Piece(start, max(pieces.right.end, q.end)), heading or None
    if heading:
        return heading, Piece(pieces.head.start, q.end), None
    return None


def _same_as_previous(items: list[Item], pieces: Around, q: Quantity, text_lower: str) -> tuple[str, Piece, None] | None:
    """An amount named by nothing but the one before it in its clause: '340 hộ ..., chiếm 88%'."""
    if items and items[-1].piece.end >= pieces.clause_start:
        return items[-1].indicator, Piece(q.start, q.end), None
    # '299 xã đạt chuẩn (đạt 73%)': a share in parentheses right after the count it is the share of
    if items and q.unit.unit.canonical == "percent" and _SHARE_AFTER.fullmatch(text_lower, items[-1].piece.end, q.start):
        return items[-1].indicator, Piece(q.start, q.end), None
    return None


_SHARE_AFTER = re.compile(r"\s*\(\s*(?:(?:đạt|chiếm|bằng|tương ứng|khoảng|gần|trên|hơn)\s+){0,2}")


def _joined(*words: str) -> str:
    return " ".join(w for w in words if w)


def _with_subject(indicator: str, items: list[Item]) -> str:
    """A bare measure takes the subject before it: 'năng suất' after 'vụ xuân' of 'Tổng diện tích lúa'
    → 'năng suất lúa vụ xuân'."""
    if not items or not is_measure_word(lower_aligned(indicator)):
        return indicator
    previous = items[-1]
    own = subject(previous.indicator)
    parent = subject(previous.parent) if previous.parent else ""
    if lower_aligned(parent) in lower_aligned(own):
        parent = ""
    return _joined(indicator, parent, own)


def _sentence_end(text: str, start: int, paragraph_end: int) -> int:
    end = min(paragraph_end, start + MAX_CLAUSE)
    m = SENTENCE_END.search(text, start, end)
    return m.start() if m else end


def _distinct(items: list[Item]) -> list[Item]:
    """The first statement of each target (a resolution restates its targets among its tasks)."""
    seen: set[tuple] = set()
    kept = []
    for item in items:
        what = indicator_id(item.indicator, item.unit.canonical, item.parent) or _word_set(item.indicator)
        key = (what, item.value, item.value_max, item.unit.unit, item.kind, item.comparator, item.year)
        if key not in seen:
            seen.add(key)
            kept.append(item)
    return kept


def _word_set(phrase: str) -> frozenset[str]:
    return frozenset(re.findall(r"[^\W\d_]+", lower_aligned(expand_abbreviations(phrase))))


def _target(ctx: Context, item: Item) -> Target:
    unit = item.unit
    indicator = expand_abbreviations(re.sub(r"\s+", " ", item.indicator).strip())
    parent = expand_abbreviations(item.parent) if item.parent else None
    return Target(
        **ctx.grounded(item.piece.start, item.piece.end),
        indicator=indicator,
        indicator_id=indicator_id(indicator, unit.canonical, parent),
        parent=parent,
        comparator=item.comparator,
        value=item.value,
        value_max=item.value_max,
        unit=unit.unit,
        value_canonical=float(f"{item.value * unit.factor:.10g}"),
        unit_canonical=unit.canonical,
        kind=item.kind,
        year=item.year,
    )
