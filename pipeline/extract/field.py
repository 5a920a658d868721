"""What an extraction field declares, so that every stage after it can loop over the registry.

A field is one subpackage of `pipeline/extract/` that exposes `FIELD = Field(...)`; the registry
(`pipeline/extract/registry.py`) lists them in pipeline order. From the declaration:
- `extract()` runs `find` after the fields it `requires` and puts the result in the Extraction;
- the comparison tables and the tracking database get a table named after the field, with
  `columns` (filled by `row`, by default a copy of the item's values of the same names);
- `ntm eval` scores it with `score` (gold, prediction → one Score per line of the report);
- the report marks its items in the text as `kind` with `describe` as the hover text, and adds
  its cross-document `section` if it has one; `ntm show` prints its items under `label`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Column = tuple[str, str]  # (name, kind): kind is str, int, float, bool or date
ADMIN: tuple[Column, ...] = (("commune", "str"), ("district", "str"), ("province", "str"))


@dataclass(frozen=True)
class Field:
    name: str  # the key in the Extraction JSON, the table's name, the key of doc.spans
    item: type  # the pydantic model of one item (pipeline.schema)
    find: Callable[[Any], Any]  # Context → items (a list), or the one object of a single field
    label: str  # a heading for people: `ntm show`, the report
    kind: str  # what one item is called (the report's mark class): "target"
    requires: tuple[str, ...] = ()  # fields whose results `find` reads from ctx.found
    many: bool = True  # a list of items; False: one object (metadata)
    columns: tuple[Column, ...] = ()  # the item table's own columns; () = no table
    row: Callable[[dict, dict], dict] | None = None  # (item, extraction) → the own columns' values
    score: Callable[[dict, dict], dict] | None = None  # (gold, pred) → {name: (Score, mismatches)}
    scores: tuple[str, ...] = ()  # the names `score` reports, in the order of the eval table
    show: tuple[tuple[str, Callable[[dict], Any]], ...] = ()  # `ntm show` columns: (header, value of item)
    # The report's hooks, as "module:function" so that declaring a field does not load the report
    # (which loads the tables, which load the registry): an item's value in one line, and a
    # cross-document view `(tables, index, as_of) -> html` under `section_title`.
    describe: str | None = None
    section: str | None = None
    section_title: str | None = None

    def empty(self) -> Any:
        return [] if self.many else None

    def hook(self, name: str) -> Callable[..., Any] | None:
        """The function a report hook names (None when the field has none)."""
        ref = getattr(self, name)
        if ref is None:
            return None
        module, function = ref.split(":")
        return getattr(importlib.import_module(module), function)

    def table_row(self, item: dict, extraction: dict) -> dict:
        if self.row is not None:
            return self.row(item, extraction)
        return copy_columns(self.columns, item, extraction)


def copy_columns(columns: tuple[Column, ...], item: dict, extraction: dict,
                 renamed: dict[str, str] | None = None) -> dict:
    """The row's values read from the item's values of the same name (or the `renamed` one);
    commune, district and province come from the document's metadata."""
    renamed = renamed or {}
    units = (extraction.get("metadata") or {}).get("admin_units") or {}
    return {name: units.get(name) if (name, kind) in ADMIN else item.get(renamed.get(name, name))
            for name, kind in columns}
