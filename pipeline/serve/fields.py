"""The extraction fields a reviewer sees and corrects: label, editable values, how an added item is built.

One small adapter over the fields the extraction has today; when the field registry lands
(pipeline.extract per-field packages) this module reads it instead of listing the fields.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from pipeline.report import labels


class InvalidValue(ValueError):
    """A corrected value that does not fit its field (one line, shown to the reviewer)."""


@dataclass(frozen=True)
class Editable:
    name: str
    kind: str  # "date", "number", "text", "choice", "int"
    choices: tuple[str, ...] = ()

    def parse(self, raw: str | None):
        value = (raw or "").strip()
        if value == "":
            if self.kind in ("text",):
                raise InvalidValue(f"{self.name}: a value is needed")
            return None
        if self.kind == "date":
            try:
                return date.fromisoformat(value).isoformat()
            except ValueError:
                raise InvalidValue(f"{self.name}: not a date (YYYY-MM-DD): {value[:40]!r}") from None
        if self.kind == "number":
            try:
                number = float(value.replace(" ", "").replace(",", "."))
            except ValueError:
                raise InvalidValue(f"{self.name}: not a number: {value[:40]!r}") from None
            if number != number or number in (float("inf"), float("-inf")):
                raise InvalidValue(f"{self.name}: not a finite number")
            return number
        if self.kind == "int":
            if not re.fullmatch(r"-?\d{1,9}", value):
                raise InvalidValue(f"{self.name}: not a whole number: {value[:40]!r}")
            return int(value)
        if self.kind == "choice":
            if value not in self.choices:
                raise InvalidValue(f"{self.name}: one of {', '.join(self.choices)}")
            return value
        if len(value) > 500:
            raise InvalidValue(f"{self.name}: at most 500 characters")
        return value


@dataclass(frozen=True)
class Field:
    key: str  # the extraction's list ("targets")
    label: str  # what the reviewer reads ("Targets")
    editable: tuple[Editable, ...]
    summary: callable  # item dict → one line
    defaults: dict = field(default_factory=dict)  # values an added item starts from

    def editable_named(self, name: str) -> Editable:
        for e in self.editable:
            if e.name == name:
                return e
        raise InvalidValue(f"{self.key}: {name!r} cannot be edited")


STATUSES = ("met", "unmet", "target")
COMPARATORS = ("=", ">", ">=", "<", "<=", "range")

FIELDS: tuple[Field, ...] = (
    Field("deadlines", "Deadlines", (Editable("date", "date"),), labels.deadline,
          {"date": None, "granularity": "day", "inclusive": True}),
    Field("targets", "Targets", (Editable("indicator", "text"), Editable("comparator", "choice", COMPARATORS),
                                 Editable("value", "number"), Editable("unit", "text")), labels.target,
          {"indicator": "", "comparator": "=", "value": 0.0, "unit": "", "kind": "target"}),
    Field("criteria", "Criteria", (Editable("criterion", "int"), Editable("status", "choice", STATUSES)),
          labels.criterion, {"criterion": 1, "name": "", "status": "met"}),
    Field("criteria_summaries", "Criteria summaries", (Editable("achieved", "number"), Editable("total", "int")),
          labels.summary, {"achieved": 0.0, "total": 19, "unit": "tiêu chí"}),
    Field("references", "References", (Editable("code", "text"), Editable("date", "date")), labels.reference,
          {"code": None, "date": None}),
)
BY_KEY = {f.key: f for f in FIELDS}


def field_named(key: str) -> Field:
    try:
        return BY_KEY[key]
    except KeyError:
        raise InvalidValue(f"unknown field {key[:40]!r}") from None
