"""The commune, district and province a document belongs to.

Named units are read wherever a unit word precedes a capitalised name ("xã Hoa Thám",
"huyện Cao Lộc", "Huyện uỷ Cao Lộc", "tỉnh Lạng Sơn") and, in capitals, on the issuer lines
("UỶ BAN NHÂN DÂN XÃ HOÀ CƯ"). Per level the name read most often wins (issuer lines count
more), ties going to the first.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache

from pipeline.extract.grammar.lines import Line, is_title_word, title_case
from pipeline.models_dir import load_json
from pipeline.normalize.vietnamese import canonical, fold

MAX_NAME_WORDS = 4
ISSUER_WEIGHT = 3
LEVELS = ("commune", "district", "province")
# a name's words: "Bà Rịa - Vũng Tàu", "Đắk R'lấp"
NAME_WORD = re.compile(r"(?: | - )([^\W\d_]+(?:['’][^\W\d_]+)?)(?![^\W\d_'’])")


@dataclass(frozen=True)
class UnitMention:
    level: str
    name: str
    span: tuple[int, int]
    weight: int


def find_admin_units(text: str, issuer_lines: list[Line], title_lines: list[Line] = ()) -> dict[str, UnitMention]:
    """level → the chosen mention (its name and where it was read). Capitals are read on the
    issuer lines and on a title printed in capitals ("XÂY DỰNG XÃ TÂN LẬP, HUYỆN ÂN THI ĐẠT CHUẨN")."""
    mentions = list(_title_case_mentions(text))
    for line in issuer_lines:
        mentions += _capital_mentions(line, ISSUER_WEIGHT)
    for line in title_lines:
        mentions += _capital_mentions(line, 1, stops=_title_stops())
    chosen = {}
    for level in LEVELS:
        at_level = [m for m in mentions if m.level == level]
        if not at_level:
            continue
        weights: Counter[str] = Counter()
        for m in at_level:
            weights[_completed(fold(m.name), at_level)] += m.weight
        best = max(weights.values())
        chosen[level] = next(m for m in at_level if fold(m.name) in weights and weights[fold(m.name)] == best)
    return chosen


def _completed(name: str, mentions: list[UnitMention]) -> str:
    """The longest name that `name` begins: a header line wrapped inside a name ('XÃ PHONG THẠNH' /
    'ĐÔNG') reads as the start of the name the body writes in full ('xã Phong Thạnh Đông')."""
    longer = [fold(m.name) for m in mentions if fold(m.name).startswith(name + " ")]
    return max(longer, key=len, default=name)


def _title_case_mentions(text: str):
    for m in _keyword_regex(capitals=False).finditer(text):
        words = _name_words(text, m.end(), is_title_word)
        mention = _mention(m.group(0), words, m.start(), 0, weight=1)
        if mention:
            yield mention


def _capital_mentions(line: Line, weight: int, stops: frozenset[str] = frozenset()):
    def is_name_word(word: str) -> bool:
        return word.replace("'", "").replace("’", "").isupper() and fold(word) not in stops

    for m in _keyword_regex(capitals=True).finditer(line.text):
        words = _name_words(line.text, m.end(), is_name_word)
        mention = _mention(m.group(0), words, m.start(), line.start, weight=weight)
        if mention:
            yield mention


def _name_words(text: str, pos: int, is_name_word) -> list[re.Match[str]]:
    words = []
    for w in NAME_WORD.finditer(text, pos):
        if w.start() != (words[-1].end() if words else pos) or not is_name_word(w.group(1)):
            break
        words.append(w)
        if len(words) == MAX_NAME_WORDS:
            break
    return words


def _mention(keyword: str, words: list[re.Match[str]], start: int, offset: int, weight: int):
    """A named unit from its keyword and name words; offsets are relative to `offset`."""
    if not words:
        return None
    name = canonical(title_case("".join(w.group(0) for w in words)))
    if _is_not_a_name(name):
        return None
    level = _level_of_keyword(keyword, name)
    return UnitMention(level, name, (offset + start, offset + words[-1].end()), weight) if level else None


def _level_of_keyword(keyword: str, name: str) -> str | None:
    units = _units()
    key = fold(keyword)
    for level in LEVELS:
        if key in {fold(w) for w in units[level]}:
            return level
    if key in {fold(w) for w in units["city"]}:
        return "province" if fold(name) in {fold(c) for c in units["province_cities"]} else "district"
    return None


def _is_not_a_name(name: str) -> bool:
    folded = fold(name)
    for stop in _units()["not_names"]:
        key = fold(stop)
        if folded == key or (" " in key and folded.startswith(key + " ")):
            return True
    return False


@cache
def _keyword_regex(capitals: bool) -> re.Pattern[str]:
    units = _units()
    words = {w for level in (*LEVELS, "city") for w in units[level] if _is_capital_keyword(w) == capitals}
    alternation = "|".join(re.escape(canonical(w)) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![^\W\d_])(?:{alternation})(?![^\W\d_])")


def _is_capital_keyword(word: str) -> bool:
    """'XÃ', 'THỊ TRẤN' are read on issuer lines; 'xã', 'Huyện uỷ', 'TP.' before a capitalised name."""
    return word == word.upper() and not word.endswith(".")


@cache
def _title_stops() -> frozenset[str]:
    return frozenset(fold(w) for w in _units()["title_stop_words"])


@cache
def _units() -> dict:
    return load_json("metadata/lexicon.json")["admin_units"]
