"""The criteria sets and how a document names a criterion ("tiêu chí số 03 Thuỷ lợi", "TC 2",
"tiêu chí về giao thông", or a bare name inside a list): one data file per set under
models/criteria/sets/ (numbers, names, other names, examples), listed in models/criteria/criteria.json.

Everything here works on the folded text (see aligned.py): offsets are those of the original.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from pipeline.extract.grammar.aligned import fold_aligned
from pipeline.models_dir import load_json

# Inside a name a space may be written as a comma, dash, '&' or '/': "Thông tin - Truyền thông".
_JOIN = r"(?:\s*[,\-–&/]\s*|\s+)"
_EDGE_BEFORE = r"(?<![^\W_])"
_EDGE_AFTER = r"(?![^\W_])"

# "tiêu chí số", "tiêu chí thứ 2", "TC", "các tiêu chí": what announces a criterion
# ("thứ" folds to "thu", as in "thu nhập": only before a number).
PREFIX = re.compile(r"(?<![^\W_])(?:(?:cac|nhung)\s+)?(?P<word>tieu\s*chi|tc)(?:\s*so(?![^\W_])|\s*thu(?=\s*\d))?")
# A criterion's number (the set says which exist), not a sub-indicator (6.3) or a fraction (6/19).
NUMBER = re.compile(r"0?(\d{1,2})(?!\d|[.,/]\d)")
# Between a number and its name: "số 12. Lao động", "số 2 - Giao thông", "số 1: Quy hoạch", "(Điện)".
_AFTER_NUMBER = re.compile(r"[\s*_]*(?:[.:\-–)][\s*_]*)?(?:\([\s*_]*)?(?:ve\s+)?")
_AFTER_PREFIX = re.compile(r"[\s*_]*(?:[:\-–][\s*_]*)?(?:ve\s+)?")
# A bare number continues a list of numbers ("tiêu chí số 2, 5 và 17") unless it counts something.
_BARE_NUMBER_END = re.compile(
    r"(?![\s*_]*(?:[%/]|[.,]\d|(?:tieu\s+chi|tc|chi\s+tieu|nam|thang|ngay|xa|thon|ho|nguoi|km|m)(?![^\W_])))")


@dataclass(frozen=True)
class CriterionMention:
    start: int
    end: int
    number: int
    written_number: bool  # the criterion was written with its number
    name_number: int | None = None  # the criterion the written name belongs to, if any


@dataclass(frozen=True)
class CriterionEntry:
    number: int
    name: str
    names: tuple[str, ...]
    examples: tuple[str, ...]


def name_regex(name: str) -> re.Pattern[str]:
    """'Thông tin và Truyền thông' → thong JOIN tin (JOIN va)? JOIN truyen JOIN thong."""
    words = re.findall(r"[^\W_]+", fold_aligned(name))
    parts = [re.escape(words[0])]
    for word in words[1:]:
        parts.append(f"(?:{_JOIN}va)?" if word == "va" else f"{_JOIN}{re.escape(word)}")
    return re.compile(_EDGE_BEFORE + "".join(parts) + _EDGE_AFTER)


@dataclass(frozen=True)
class CriteriaSet:
    id: str
    name: str
    level: str  # commune, district
    period: tuple[int, int]
    markers: tuple[str, ...]  # words that say a list is of this set ("nông thôn mới nâng cao")
    entries: dict[int, CriterionEntry]


@cache
def criteria_sets() -> dict[str, CriteriaSet]:
    """Every set of models/criteria/sets/, by id, in the order criteria.json lists them."""
    sets = {}
    for set_id in load_json("criteria/criteria.json")["sets"]:
        data = load_json(f"criteria/sets/{set_id}.json")
        entries = {c["number"]: CriterionEntry(c["number"], c["name"], tuple(c["names"]), tuple(c["examples"]))
                   for c in data["criteria"]}
        sets[set_id] = CriteriaSet(data["id"], data["name"], data["level"], tuple(data["period"]),
                                   tuple(data["markers"]), entries)
    return sets


def default_set() -> CriteriaSet:
    return criteria_sets()[load_json("criteria/criteria.json")["default_set"]]


def set_for_year(year: int | None) -> CriteriaSet:
    """The default set, or for a document from before its period the set of that time with the same numbers."""
    default = default_set()
    if year is None or year >= default.period[0]:
        return default
    same = [s for s in criteria_sets().values() if s.level == default.level and s.period[0] <= year <= s.period[1]
            and s.entries.keys() == default.entries.keys() and not s.markers]
    return same[0] if same else default


def _markers(phrases) -> re.Pattern[str]:
    return re.compile("|".join(_EDGE_BEFORE + r"\s+".join(map(re.escape, fold_aligned(m).split())) + _EDGE_AFTER
                               for m in phrases))


class Lexicon:
    """How the criteria of one set are written; `other_set_markers` are the words of every other set."""

    def __init__(self, criteria_set: CriteriaSet, other_markers: tuple[str, ...]):
        self.set = criteria_set
        self.entries = criteria_set.entries
        self._names = [(number, name_regex(n)) for number, e in self.entries.items() for n in (e.name, *e.names)]
        self.other_set_markers = _markers(other_markers)

    def name(self, number: int) -> str:
        return self.entries[number].name

    def name_at(self, folded: str, pos: int) -> tuple[int, int] | None:
        """The criterion whose name starts at `pos` (longest name wins) and where it ends."""
        best: tuple[int, int] | None = None
        for number, regex in self._names:
            m = regex.match(folded, pos)
            if m and (best is None or m.end() > best[1]):
                best = (number, m.end())
        return best

    def mention_at(self, folded: str, pos: int, bare_number: bool = False) -> CriterionMention | None:
        """A criterion written at `pos`: with its prefix, as a bare name, or (in a list of numbers) a bare number."""
        prefix = PREFIX.match(folded, pos)
        if prefix:
            return self._after_prefix(folded, prefix.start("word"), prefix.end())
        if bare_number:
            m = NUMBER.match(folded, pos)
            if m and int(m.group(1)) in self.entries and _BARE_NUMBER_END.match(folded, m.end()):
                return CriterionMention(pos, m.end(), int(m.group(1)), True)
        named = self.name_at(folded, pos)
        if named:
            return CriterionMention(pos, named[1], named[0], False, named[0])
        return None

    def _after_prefix(self, folded: str, start: int, pos: int) -> CriterionMention | None:
        spaced = re.compile(r"[\s*_]*").match(folded, pos).end()
        number = NUMBER.match(folded, spaced)
        if number and int(number.group(1)) in self.entries:
            value = int(number.group(1))
            between = _AFTER_NUMBER.match(folded, number.end())
            named = self.name_at(folded, between.end())
            if named:
                end = named[1]
                if "(" in between.group(0) and (close := re.match(r"[\s*_]*\)", folded[end:end + 4])):
                    end += close.end()  # "tiêu chí số 3 (Thuỷ lợi)"
                return CriterionMention(start, end, value, True, named[0])
            return CriterionMention(start, number.end(), value, True)
        if number:  # "tiêu chí 6.3", "tiêu chí 25": not a criterion of the set
            return None
        between = _AFTER_PREFIX.match(folded, pos)
        named = self.name_at(folded, between.end())
        if named:
            # "các tiêu chí: Quy hoạch, ...": the prefix introduces a list, the mention is the name
            start = between.end() if ":" in between.group(0) else start
            return CriterionMention(start, named[1], named[0], False, named[0])
        return None

    def prefixed_mentions(self, folded: str):
        """Every criterion written with a prefix ("tiêu chí ...", "TC ..."), in order."""
        for m in PREFIX.finditer(folded):
            mention = self._after_prefix(folded, m.start("word"), m.end())
            if mention:
                yield mention


@cache
def lexicon(set_id: str | None = None) -> Lexicon:
    """The lexicon of a set (the default set unless named); the markers of every other set, and of
    sets not listed (criteria.json "other_sets"), say where a list is not of this set."""
    chosen = criteria_sets()[set_id] if set_id else default_set()
    others = [m for s in criteria_sets().values() if s.id != chosen.id for m in s.markers]
    others += load_json("criteria/criteria.json")["other_sets"]["markers"]
    return Lexicon(chosen, tuple(others))
