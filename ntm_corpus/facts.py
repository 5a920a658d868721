"""Facts a synthetic document states, and the gold annotation built from the facts actually written.

Sections register each fact at the moment they write it (`Gold.add`), so the gold lists exactly
what the text says, in the shared gold format of ../shared/corpus/gold.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from ntm_corpus.vocab import iso


@dataclass
class Ref:
    code: str | None
    kind: str
    date: dt.date | None
    issuer: str | None = None
    title: str | None = None  # a law cited by name
    date_any: bool = False  # the date is shared with the next citation ("... và ... cùng ngày ...")
    optional: bool = False

    def gold(self) -> dict:
        item = {"code": self.code, "date": iso(self.date), "issuer": self.issuer}
        if self.title:
            item["title"] = self.title
        if self.date_any:
            item["date_any"] = True
        return _flag(item, self.optional)


@dataclass
class CriterionStatus:
    number: int
    status: str  # met | unmet | target
    optional: bool = False

    def gold(self) -> dict:
        return _flag({"criterion": self.number, "status": self.status}, self.optional)


@dataclass
class Summary:
    achieved: float
    total: int | None
    optional: bool = False

    def gold(self) -> dict:
        return _flag({"achieved": self.achieved, "total": self.total}, self.optional)


@dataclass
class Measure:
    """A target or a result: 'tỷ lệ hộ nghèo giảm xuống dưới 3,5%'."""

    indicator: str
    value: float
    unit: str
    comparator: str
    kind: str  # target | result
    value_max: float | None = None
    written: str = ""  # the clause as it appears in the text
    optional: bool = False

    def gold(self) -> dict:
        item: dict = {"indicator": self.indicator, "value": self.value}
        if self.value_max is not None:
            item["value_max"] = self.value_max
        item.update(unit=self.unit, comparator=self.comparator, kind=self.kind)
        return _flag(item, self.optional)


@dataclass
class Deadline:
    date: dt.date | None
    granularity: str
    written: str = ""
    recurrence: str | None = None
    optional: bool = False

    def gold(self) -> dict:
        item = {"date": iso(self.date), "granularity": self.granularity}
        if self.recurrence:
            item["recurrence"] = self.recurrence
        return _flag(item, self.optional)


@dataclass
class Metadata:
    doc_type: str
    number: str | None
    symbol: str
    issued: dt.date | None
    issued_year: int
    issued_month: int
    place: str
    signer_name: str
    signer_title: str
    commune: str | None
    district: str | None
    province: str | None

    def gold(self, keep: Callable[[str], bool]) -> dict:
        """`keep(name)`: whether an administrative unit's name is written in the text."""
        return {
            "doc_type": self.doc_type,
            "number": self.number,
            "symbol": self.symbol,
            "issued_date": iso(self.issued),
            "issued_year": self.issued_year,
            "issued_month": self.issued_month,
            "place": self.place,
            "signer": {"name": self.signer_name, "title": self.signer_title},
            "commune": self.commune if self.commune and keep(self.commune) else None,
            "district": self.district if self.district and keep(self.district) else None,
            "province": self.province if self.province and keep(self.province) else None,
        }


@dataclass
class Gold:
    """What the document states, in the order written; one entry per distinct fact."""

    references: list[Ref] = field(default_factory=list)
    criteria: list[CriterionStatus] = field(default_factory=list)
    summaries: list[Summary] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)
    deadlines: list[Deadline] = field(default_factory=list)

    def add(self, fact):
        """Register a written fact; a repeat only upgrades an optional entry to required."""
        bucket, key = self._slot(fact)
        for known in bucket:
            if key(known) == key(fact):
                known.optional = known.optional and fact.optional
                return known
        bucket.append(fact)
        return fact

    def _slot(self, fact):
        if isinstance(fact, Ref):
            return self.references, lambda f: f.code or f.title
        if isinstance(fact, CriterionStatus):
            return self.criteria, lambda f: (f.number, f.status)
        if isinstance(fact, Summary):
            return self.summaries, lambda f: (f.achieved, f.total)
        if isinstance(fact, Measure):
            return self.measures, lambda f: (f.indicator, f.value, f.unit, f.kind)
        if isinstance(fact, Deadline):
            # "trước ngày 31/12/2024" is a day, distinct from the title's year 2024
            return self.deadlines, lambda f: (f.date, f.granularity, f.recurrence)
        raise TypeError(f"not a fact: {fact!r}")

    def as_json(self, metadata: Metadata, keep: Callable[[str], bool], tones: Callable[[str], str]) -> dict:
        out = {
            "metadata": metadata.gold(keep),
            "references": [r.gold() for r in self.references],
            "criteria": [c.gold() for c in self.criteria],
            "criteria_summaries": [s.gold() for s in self.summaries],
            "targets": [m.gold() for m in self.measures],
            "deadlines": [d.gold() for d in self.deadlines],
        }
        return _retone(out, tones)


def _flag(item: dict, optional: bool) -> dict:
    if optional:
        item["optional"] = True
    return item


_TEXT_FIELDS = {"issuer", "title", "indicator", "place", "name", "commune", "district", "province"}


def _retone(value, tones: Callable[[str], str], key: str | None = None):
    """Apply the document's tone-mark style to the gold's free-text fields (not to codes)."""
    if isinstance(value, dict):
        return {k: _retone(v, tones, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_retone(v, tones, key) for v in value]
    if isinstance(value, str) and key in _TEXT_FIELDS:
        return tones(value)
    return value
