"""The words that name what an amount measures.

Communes write the indicator before the amount ('Tỷ lệ hộ nghèo xuống dưới 3,8%'), before a colon
('Sản lượng lúa: 612 tấn'), after it ('Trên 85% hồ sơ thủ tục hành chính ...', '600m đường nội
đồng'), or around a counted noun ('kết nạp từ 6 - 7 đảng viên', 'Có 6 thôn đạt chuẩn văn hoá').
The pieces are found here; `targets.py` decides which name the item.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from pipeline.extract.grammar.aligned import ending_at, lower_aligned, starting_at, word_pattern
from pipeline.extract.grammar.dates import YEAR
from pipeline.extract.targets.cues import rules

LIST_MARKER = re.compile(r"\s*(?:[-+•*–]+|\(\d{1,2}\)|\d{1,2}(?:\.\d{1,2})*\s*[.)]|[a-zđ]\s*[).]|[IVXLC]{1,5}\s*[.\-–)])(?=\s)\s*")
# "Năm 2025 phấn đấu ...", "Đến cuối năm 2024, ...": when, not what
YEAR_LEAD = re.compile(r"\s*(?:(?:đến|trong|vào)\s+)?(?:(?:cuối|đầu|hết)\s+)?năm\s+" + YEAR + r"\s*[,:]?\s*")
YEAR_TRAIL = re.compile(r"(?<![^\W_])(?:(?:đến|trong|vào)\s+)?(?:(?:cuối|đầu|hết)\s+)?năm\s+" + YEAR + r"$")
MAX_RIGHT_WORDS = 20
SHORT_SEGMENT_WORDS = 2  # a comma segment this short continues the one before it
RIGHT_STOP_CHARS = ",;:()\n!?”\"/"


@dataclass(frozen=True)
class Piece:
    """A stretch of text that may name an indicator (empty when start == end)."""

    start: int
    end: int

    def of(self, text: str) -> str:
        return text[self.start:self.end]

    @property
    def empty(self) -> bool:
        return self.start >= self.end


@dataclass(frozen=True)
class Around:
    """What is written around one amount, within its clause."""

    clause_start: int
    left: Piece  # words right before the amount (after a colon, if any), cue words trimmed
    head: Piece | None  # words before a colon that precedes the amount ('Sản lượng lúa: 612 tấn')
    head_adjacent: bool  # the colon is in the amount's own clause (not a list heading further back)
    right: Piece  # words right after the unit ('đường nội đồng', 'đạt chuẩn văn hoá')


@cache
def _words(key: str) -> tuple[str, ...]:
    return tuple(rules()["indicator"][key])


@cache
def _comparator_words() -> tuple[str, ...]:
    c = rules()["comparators"]
    return tuple(c["before"]) + tuple(c["after"])


MAX_CLAUSE = 2000  # characters a clause is read back (or forward): one run-on paragraph costs linear time


def clause_start(text: str, lo: int, hi: int, ends: str = ";!?\n") -> int:
    """Where the clause ending at `hi` begins: after ; ! ? . or a newline, or inside an open '('
    (at most MAX_CLAUSE characters back)."""
    lo = max(lo, hi - MAX_CLAUSE)
    depth = 0
    for i in range(hi - 1, lo - 1, -1):
        c = text[i]
        if c == ")":
            depth += 1
        elif c == "(":
            if depth == 0:
                return i + 1
            depth -= 1
        elif depth == 0 and (c in ends or (c == "." and (i + 1 >= len(text) or text[i + 1].isspace()))):
            return i + 1
    return lo


def sentence_start(text: str, lo: int, hi: int) -> int:
    """Like `clause_start`, but a ';' does not end a sentence ('... HTXM: 600m đường; 320m rãnh')."""
    return clause_start(text, lo, hi, ends="!?\n")


def last_colon(text: str, lo: int, hi: int) -> int | None:
    """The last ':' between lo and hi outside parentheses (at most MAX_CLAUSE characters back)."""
    lo = max(lo, hi - MAX_CLAUSE)
    depth = 0
    for i in range(hi - 1, lo - 1, -1):
        c = text[i]
        if c == ")":
            depth += 1
        elif c == "(":
            depth = max(0, depth - 1)
        elif c == ":" and depth == 0:
            return i
    return None


def around(
    text: str, text_lower: str, paragraph: tuple[int, int], lo: int, left_end: int, right_start: int,
    before_noun: bool = False,
) -> Around:
    """The pieces around an amount whose cue words start at `left_end` and whose wording ends at `right_start`.

    Left words are read back to `lo` at most (the end of the previous amount), a heading before a
    colon back to the start of the sentence; right words up to the end of the paragraph.
    """
    start = clause_start(text, lo, left_end)
    colon = last_colon(text, start, left_end)
    if colon is not None:
        head = trim(text, text_lower, Piece(start, colon))
        start = colon + 1
    else:
        head = _list_head(text, text_lower, paragraph[0], start)
    left = trim(text, text_lower, Piece(_after_breakdown_cue(text_lower, start, left_end), left_end), before_noun)
    left = phrase_start(text, text_lower, left, before_noun)
    right = right_piece(text, text_lower, right_start, paragraph[1])
    return Around(clause_start=start, left=left, head=head, head_adjacent=colon is not None, right=right)


def _list_head(text: str, text_lower: str, lo: int, clause: int) -> Piece | None:
    """The heading of a list the clause is an item of: 'Chỉ tiêu môi trường: a 5%; b 6%' → for b."""
    start = sentence_start(text, lo, clause)
    colon = last_colon(text, start, clause)
    return trim(text, text_lower, Piece(start, colon)) if colon is not None else None


def _after_breakdown_cue(text_lower: str, start: int, end: int) -> int:
    """Left words start after a 'trong đó' / 'gồm' that introduces the amount."""
    cues = list(re.finditer(word_pattern(tuple(rules()["breakdown"]["cues"])), text_lower[start:end]))
    return start + cues[-1].end() if cues else start


def trim(text: str, text_lower: str, piece: Piece, before_noun: bool = False) -> Piece:
    """Drop list markers and lead words at the start, comparator and trail words at the end.

    Verbs stay before a counted noun ('giữ vững 15 tiêu chí'): there they say what is counted.
    """
    trail = _words("trail") + _comparator_words() + (() if before_noun else _words("trail_verbs"))
    return trim_end(text, text_lower, trim_start(text, text_lower, piece), trail)


def trim_start(text: str, text_lower: str, piece: Piece) -> Piece:
    start, end = piece.start, piece.end
    while True:
        while start < end and text[start] in " \t,:;-–)":
            start += 1
        marker = LIST_MARKER.match(text, start, end) or YEAR_LEAD.match(text_lower, start, end)
        lead = starting_at(_words("lead"), text_lower, start, between=r"[\s:]*")
        if marker and marker.end() > start:
            start = marker.end()
        elif lead and lead.end(1) <= end and _word_ends(text, lead.end(1), end):
            start = lead.end(1)
        else:
            break
    return Piece(start, max(start, end))


def trim_end(text: str, text_lower: str, piece: Piece, words: tuple[str, ...]) -> Piece:
    start, end = piece.start, piece.end
    while True:
        stripped = text[start:end].rstrip(" \t:,-–")
        end = start + len(stripped)
        m = ending_at(words, text_lower, end, between="")
        year = YEAR_TRAIL.search(text_lower, start, end)
        if m and m.start(1) >= start:
            end = m.start(1)
        elif year:
            end = year.start()
        else:
            break
    while start < end and text[start] in " \t,:;-–":
        start += 1
    return Piece(start, max(start, end))


def _word_ends(text: str, at: int, end: int) -> bool:
    return at >= end or not text[at].isalnum()


def phrase_start(text: str, text_lower: str, left: Piece, before_noun: bool = False) -> Piece:
    """Start a rate at its head: '... nâng tỷ lệ xã có đường ...' → 'tỷ lệ xã có đường ...'; other
    phrases at their last comma ('Năm qua, thu nhập ...' → 'thu nhập ...').

    Commas inside a rate ('tỷ lệ trẻ em suy dinh dưỡng chiều cao, cân nặng') do not end it.
    """
    if left.empty:
        return left
    heads = list(re.finditer(word_pattern(_words("rate_heads")), text_lower[left.start:left.end]))
    if heads:
        return Piece(left.start + heads[-1].start(), left.end)
    last_comma = text.rfind(",", left.start, left.end)
    if last_comma < 0:
        return left
    segment = trim(text, text_lower, Piece(last_comma + 1, left.end), before_noun)
    if len(segment.of(text).split()) > SHORT_SEGMENT_WORDS:
        return segment
    # 'có bằng cấp, chứng chỉ', 'đạt gia đình văn hoá, chiếm': one comma segment is too little
    before = text.rfind(",", left.start, last_comma)
    return trim(text, text_lower, Piece(before + 1 if before >= 0 else left.start, left.end), before_noun)


def right_piece(text: str, text_lower: str, start: int, hi: int) -> Piece:
    """Words after the unit up to punctuation, a number, or a word that starts something else."""
    i = start
    while i < hi and text[i] in " \t“\"'":
        i += 1
    begin, words = i, 0
    stop = re.compile(rf"\s*(?:{word_pattern(_right_stops())})")
    while i < hi and words < MAX_RIGHT_WORDS:
        if text[i] in RIGHT_STOP_CHARS or text[i].isdigit() or (text[i] == "." and (i + 1 >= hi or not text[i + 1].isalnum())):
            break
        if (i == begin or text[i].isspace()) and stop.match(text_lower, i):
            break
        if text[i].isspace():
            words += 1 if i > begin and not text[i - 1].isspace() else 0
        i += 1
    return trim_end(text, text_lower, Piece(begin, i), _words("right_trail"))


@cache
def _right_stops() -> tuple[str, ...]:
    """Words that start something else: a breakdown, a comparator, a comparison, another measure."""
    return (tuple(rules()["breakdown"]["cues"]) + tuple(rules()["comparators"]["after"]) + ("so với",)
            + tuple(rules()["indicator"]["new_measures"]))


def subject(phrase: str) -> str:
    """An indicator without its measure words: 'Tổng diện tích lúa' → 'lúa'."""
    phrase_lower, start = lower_aligned(phrase), 0
    while m := starting_at(_words("measure_words"), phrase_lower, start):
        start = m.end(1)
    return phrase[start:].strip()


def is_measure_word(text_lower_phrase: str) -> bool:
    """'năng suất', 'sản lượng': a measure that needs a subject."""
    return bool(re.fullmatch(rf"\s*(?:{word_pattern(_words('measure_words'))}\s*)+", text_lower_phrase))
