"""The extraction fields a reviewer sees and corrects, read from the field registry
(`pipeline.extract.registry`): label, one-line description, editable values, an added item's defaults.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Literal, get_args, get_origin


class InvalidValue(ValueError):
    """A corrected value that does not fit its field (one line, shown to the reviewer)."""


@dataclass(frozen=True)
class Editable:
    name: str
    kind: str  # "date", "number", "text", "choice", "int", "lines" (a list of texts, one a line)
    choices: tuple[str, ...] = ()

    @property
    def empty(self):
        """The value of a field left blank."""
        return [] if self.kind == "lines" else None

    def parse(self, raw: str | None):
        value = (raw or "").strip()
        if self.kind == "lines":
            lines = [" ".join(line.split()) for line in value.splitlines()]
            lines = [line.strip(" ;,") for line in lines if line.strip(" ;,")]
            if len(lines) > 100 or any(len(line) > 500 for line in lines):
                raise InvalidValue(f"{self.name}: at most 100 lines of 500 characters")
            return lines
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
    key: str  # the extraction's list ("targets"), the registry field's name
    label: str  # what the reviewer reads ("Targets")
    editable: tuple[Editable, ...]
    summary: Callable[[dict], str]  # item dict → one line
    defaults: dict = field(default_factory=dict)  # values an added item starts from

    def editable_named(self, name: str) -> Editable:
        for e in self.editable:
            if e.name == name:
                return e
        raise InvalidValue(f"{self.key}: {name!r} cannot be edited")


# The values a reviewer edits first, per field (the rest of an item keeps the machine's values);
# a field the registry gains later is editable on every simple value of its item model.
EDIT_FIRST = {
    "deadlines": ("date",),
    "targets": ("indicator", "comparator", "value", "unit"),
    "criteria": ("criterion", "status"),
    "criteria_summaries": ("achieved", "total"),
    "references": ("code", "date"),
}
GROUNDING = {"span", "text", "page"}


def _editable(name: str, annotation) -> Editable | None:
    """An editable value from the item model's annotation (None for lists, models, flags)."""
    kind = annotation
    if get_origin(kind) is not Literal and get_args(kind):  # Optional[X] → X
        kind = next((a for a in get_args(kind) if a is not type(None)), kind)
    if get_origin(kind) is Literal:
        return Editable(name, "choice", tuple(get_args(kind)))
    if kind is float:
        return Editable(name, "number")
    if kind is int:
        return Editable(name, "int")
    if kind is str:
        return Editable(name, "date" if name in ("date", "start") or name.endswith("_date") else "text")
    return None


def _default(info) -> object:
    """A start value for an added item's required value: the first choice, zero, one, or empty."""
    e = _editable("", info.annotation)
    return {"choice": e.choices[0] if e and e.choices else None, "number": 0.0, "int": 1}.get(
        e.kind if e else "", "")


def from_registry(f) -> Field:
    model = f.item
    simple = {name: e for name, info in model.model_fields.items()
              if name not in GROUNDING and (e := _editable(name, info.annotation)) is not None}
    wanted = EDIT_FIRST.get(f.name) or tuple(simple)
    defaults = {name: _default(info) for name, info in model.model_fields.items()
                if info.is_required() and name not in GROUNDING}
    summary = f.hook("describe") or (lambda item: item.get("text", ""))
    return Field(f.name, f.label, tuple(simple[n] for n in wanted if n in simple), summary, defaults)


def _fields() -> tuple[Field, ...]:
    from pipeline.extract.registry import item_fields

    return tuple(from_registry(f) for f in item_fields())


STATUSES = ("met", "unmet", "target")
FIELDS: tuple[Field, ...] = _fields()
BY_KEY = {f.key: f for f in FIELDS}


# The document's own metadata a reviewer may correct: dotted paths into Extraction.metadata.
METADATA: tuple[Editable, ...] = (
    Editable("doc_type", "text"), Editable("number", "text"), Editable("issuer", "text"),
    Editable("issued_date", "date"), Editable("signer.name", "text"), Editable("signer.title", "text"),
    Editable("admin_units.commune", "text"), Editable("admin_units.district", "text"),
    Editable("admin_units.province", "text"), Editable("place", "text"), Editable("subject", "text"),
    Editable("recipients", "lines"),
)
METADATA_BY_NAME = {e.name: e for e in METADATA}


def metadata_value(metadata: dict, path: str):
    value = metadata
    for part in path.split("."):
        value = (value or {}).get(part)
    return value


def field_named(key: str) -> Field:
    try:
        return BY_KEY[key]
    except KeyError:
        raise InvalidValue(f"unknown field {key[:40]!r}") from None
