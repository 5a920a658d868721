"""The extraction fields, in pipeline order: a field runs after every field it requires.

Adding a field: its subpackage `pipeline/extract/<field>/` declaring `FIELD` (see field.py), and
one line here. Extraction, tables, database, `ntm eval`, `ntm show` and the report loop over FIELDS.
"""

from __future__ import annotations

from pipeline.extract import criteria, deadlines, metadata, references, targets
from pipeline.extract.field import Field

FIELDS: tuple[Field, ...] = (
    metadata.FIELD,
    references.FIELD,
    criteria.FIELD,
    criteria.SUMMARIES,
    targets.FIELD,
    deadlines.FIELD,
)

STEPS = {f.name: f.find for f in FIELDS}  # name → find, in order


def field(name: str) -> Field:
    return next(f for f in FIELDS if f.name == name)


def item_fields() -> tuple[Field, ...]:
    """The fields that yield a list of items (each has a table, marks in the report, a list in `ntm show`)."""
    return tuple(f for f in FIELDS if f.many)


def check_order(fields: tuple[Field, ...] = FIELDS) -> None:
    """Every field comes after the fields it requires (checked at import: a wrong order is a bug)."""
    seen: set[str] = set()
    for f in fields:
        missing = [r for r in f.requires if r not in seen]
        if missing:
            raise ValueError(f"field {f.name!r} requires {missing} before it")
        seen.add(f.name)


check_order()
