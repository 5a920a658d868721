"""Units written after a number: the written form ntm reports, a canonical unit and a factor.

The table is data (`models/grammar/units.json`). A unit is read right after a number ('600m', '45 ha',
'15 “Mô hình ...') and may carry a per-head suffix ('triệu đồng/người/năm', 'tiêu chí/xã'): the unit
is then that rate, kept whole (canonical 'VND/person/year'), and names a target or a result alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from pipeline.extract.grammar.aligned import WORD_EDGE_AFTER, lower_aligned, phrase_alternation
from pipeline.models_dir import load_json
from pipeline.normalize.vietnamese import canonical


@dataclass(frozen=True)
class Unit:
    unit: str  # the standard written form, e.g. "triệu đồng"
    canonical: str  # e.g. "VND"
    factor: float  # value in `unit` × factor = value in `canonical`
    noun: bool = False  # a counted noun that belongs to the indicator ("thôn", "đảng viên")
    generic: bool = False  # a noun that says little alone ("người"): joins only with words after it
    kinds: tuple[str, ...] = ("target", "result")


@dataclass(frozen=True)
class UnitMatch:
    unit: Unit
    start: int  # where the unit as written begins
    word_end: int  # where the unit word ends
    end: int  # where the unit ends, per-head suffix included


@dataclass(frozen=True)
class UnitTable:
    by_written: dict[str, Unit]  # lower-case written form → unit
    not_before: dict[str, re.Pattern]  # lower-case written form → words that must not follow it
    pattern: re.Pattern  # unit right after a number (a space or an opening quote between)
    suffix: re.Pattern  # "/người/năm"
    per: dict[str, str]  # suffix word (lower case) → its canonical name ("người" → "person")


@cache
def unit_table() -> UnitTable:
    data = load_json("grammar/units.json")
    by_written: dict[str, Unit] = {}
    not_before: dict[str, re.Pattern] = {}
    for entry in data["units"]:
        unit = Unit(
            unit=entry["unit"], canonical=entry["canonical"], factor=float(entry["factor"]),
            noun=bool(entry.get("noun")), generic=bool(entry.get("generic")), kinds=tuple(entry.get("kinds", ("target", "result"))),
        )
        for written in entry["written"]:
            key = _key(written)
            by_written[key] = unit
            if entry.get("not_before"):
                not_before[key] = re.compile(rf"\s+(?:{phrase_alternation(entry['not_before'])}){WORD_EDGE_AFTER}")
    # A unit ending in a letter must end a word ("m" is not the start of "mô hình"); "%" need not.
    pattern = re.compile(rf"[ \u00a0]{{0,2}}[“\"']?(?P<unit>{phrase_alternation(by_written)})(?:{WORD_EDGE_AFTER}|(?<=[%²³]))")
    suffix = re.compile(rf"(?:[ \t]*/[ \t]*(?:{phrase_alternation(data['per_suffixes']['words'])}){WORD_EDGE_AFTER})+")
    per = {_key(w): name for w, name in data["per_suffixes"]["canonical"].items()}
    return UnitTable(by_written, not_before, pattern, suffix, per)


def _key(written: str) -> str:
    return re.sub(r"\s+", " ", lower_aligned(canonical(written.strip())))


def unit_after(text_lower: str, pos: int) -> UnitMatch | None:
    """The unit written right after a number ending at `pos` in the lower-case text, if any."""
    table = unit_table()
    m = table.pattern.match(text_lower, pos)
    if not m:
        return None
    key = _key(m.group("unit"))
    unit = table.by_written[key]
    if key in table.not_before and table.not_before[key].match(text_lower, m.end()):
        return None
    end = m.end()
    if "/" not in unit.unit and (s := table.suffix.match(text_lower, end)):
        end = s.end()
        unit = _rate(unit, [_key(w) for w in s.group(0).split("/") if w.strip()], table.per)
    return UnitMatch(unit=unit, start=m.start("unit"), word_end=m.end(), end=end)


def _rate(unit: Unit, per: list[str], names: dict[str, str]) -> Unit:
    """'triệu đồng' per 'người', 'năm' → 'triệu đồng/người/năm' in VND/person/year, a plain amount (not a noun)."""
    return Unit(unit="/".join([unit.unit, *per]), canonical="/".join([unit.canonical, *(names[w] for w in per)]),
                factor=unit.factor)
