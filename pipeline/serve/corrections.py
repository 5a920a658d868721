"""Corrections applied to an extraction: the machine's output stays as written, the corrected copy is derived.

A correction names the item it judges by field, span and text, and keeps the item as the machine
gave it (`original`). Applied to an extraction (maybe re-extracted by a newer pipeline), it holds
when an item with that text and the original's values is still there (at its span, or at the
nearest place when the text moved); otherwise it is *stale*: listed for the reviewer, never
applied. An added item holds while its text is still in the document (nearest occurrence). For one item the reviewer's last decision counts (accept, reject, or an edit,
which accepts the edited values); edits accumulate. An added item is withdrawn by a later reject
that names it (`value = {"added": id}`).
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from datetime import date, datetime

from pipeline.schema import Extraction
from pipeline.serve.fields import FIELDS, field_named, metadata_value

ACTIONS = ("accept", "reject", "edit", "add")


@dataclass
class Correction:
    id: int
    document: str
    doc_sha256: str
    field: str
    action: str
    span: tuple[int, int]
    text: str
    original: dict | None
    value: dict | None
    user: str
    created_at: datetime | None = None
    pipeline_version: str | None = None

    @classmethod
    def from_row(cls, row) -> Correction:
        return cls(row.id, row.document, row.doc_sha256, row.field, row.action, (row.span_start, row.span_end),
                   row.text, json.loads(row.original) if row.original else None,
                   json.loads(row.value) if row.value else None, row.user_name, row.created_at,
                   row.pipeline_version)


@dataclass
class ItemState:
    """What the reviewer decided about one item."""

    decision: str | None = None  # accepted, rejected, or None (not judged)
    edits: dict = field(default_factory=dict)
    corrections: list[Correction] = field(default_factory=list)
    item: dict | None = None  # an added item as it stands in this extraction


@dataclass
class Applied:
    extraction: dict  # the corrected copy
    states: dict[str, ItemState]  # item key ("targets-3", "add-12") → state
    stale: list[Correction]


def item_key(field_key: str, index: int) -> str:
    return f"{field_key}-{index}"


def apply(extraction: dict, corrections: list[Correction]) -> Applied:
    """The corrected extraction: rejected items dropped, edits applied, added items appended."""
    text = extraction.get("normalized_text") or ""
    result = copy.deepcopy(extraction)
    states: dict[str, ItemState] = {}
    stale: list[Correction] = []
    added: dict[int, dict] = {}
    for c in sorted(corrections, key=lambda c: c.id):
        if c.action == "reject" and c.original is None:  # the reviewer withdraws an item they added
            withdrawn = (c.value or {}).get("added")
            if withdrawn in added:
                del added[withdrawn]
                states[f"add-{withdrawn}"].decision = "rejected"
                states[f"add-{withdrawn}"].corrections.append(c)
            continue
        if c.field == "metadata":
            if _apply_metadata(result, extraction, c):
                states.setdefault("metadata", ItemState("accepted")).corrections.append(c)
            else:
                stale.append(c)
            continue
        if c.action == "add":
            start = _find_text(text, c.text, c.span[0])
            if start is None:
                stale.append(c)
                continue
            value = dict(c.value or {})
            if start != c.span[0]:  # the text moved (a newer normalization): so did the page, maybe
                value.pop("page", None)
            added[c.id] = {**field_named(c.field).defaults, **value, "span": [start, start + len(c.text)],
                           "text": c.text}
            states[f"add-{c.id}"] = ItemState("accepted", value, [c], added[c.id])
            continue
        index = _find_item(extraction.get(c.field) or [], c)
        if index is None:
            stale.append(c)
            continue
        state = states.setdefault(item_key(c.field, index), ItemState())
        state.corrections.append(c)
        if c.action == "reject":
            state.decision = "rejected"
        else:
            state.decision = "accepted"
            if c.action == "edit":
                state.edits.update(c.value or {})
    for f in FIELDS:
        kept = []
        for i, item in enumerate(extraction.get(f.key) or []):
            state = states.get(item_key(f.key, i))
            if state and state.decision == "rejected":
                continue
            kept.append({**item, **state.edits} if state else item)
        kept += [item for cid, item in added.items() if _added_field(states[f"add-{cid}"]) == f.key]
        result[f.key] = kept
    return Applied(result, states, stale)


def _apply_metadata(result: dict, extraction: dict, c: Correction) -> bool:
    """Set the edited metadata values, if the machine still says what it said when they were made."""
    machine = extraction.get("metadata") or {}
    if any(metadata_value(machine, path) != old for path, old in (c.original or {}).items()):
        return False
    meta = result.setdefault("metadata", {})
    for path, value in (c.value or {}).items():
        *parents, leaf = path.split(".")
        node = meta
        for part in parents:
            if node.get(part) is None:  # a signer the machine lost: grounded on the reviewer's selection
                node[part] = {"span": list(c.span), "text": c.text}
            node = node[part]
        node[leaf] = value
        if path == "issued_date":
            day = date.fromisoformat(value) if value else None
            meta.update(issued_year=day and day.year, issued_month=day and day.month, issued_day=day and day.day)
    return True


PLACE = {"span", "page", "mentions"}  # where an item stands, not what it says


def _find_item(items: list[dict], c: Correction) -> int | None:
    """The item the correction judged: same text and the same values as the original, at its span
    or, when the text moved (a newer normalization), at the nearest place."""
    wanted = _comparable({k: v for k, v in (c.original or {}).items() if k not in PLACE})
    found = [i for i, item in enumerate(items) if item.get("text") == c.text
             and _comparable({k: v for k, v in item.items() if k not in PLACE}) == wanted]
    return min(found, key=lambda i: abs(items[i]["span"][0] - c.span[0])) if found else None


def _find_text(text: str, wanted: str, near: int) -> int | None:
    """Where `wanted` stands in `text`: at `near`, else its occurrence nearest to it."""
    if not wanted:
        return None
    if text[near:near + len(wanted)] == wanted:
        return near
    starts, at = [], text.find(wanted)
    while at != -1 and len(starts) < 1000:
        starts.append(at)
        at = text.find(wanted, at + 1)
    return min(starts, key=lambda s: abs(s - near)) if starts else None


def _added_field(state: ItemState) -> str:
    return state.corrections[0].field


def _comparable(item: dict) -> str:
    return json.dumps(item, sort_keys=True, ensure_ascii=False)


def validated(extraction: dict) -> dict:
    """The corrected extraction checked against the schema (an edit can never write an invalid file)."""
    return Extraction.model_validate(extraction).model_dump(mode="json")


# ── gold: `ntm eval`'s format, from a reviewed document's corrected extraction ──


def gold_of(extraction: dict) -> dict:
    meta = extraction.get("metadata") or {}
    units = meta.get("admin_units") or {}
    signer = meta.get("signer") or {}
    return {
        "metadata": {
            "doc_type": meta.get("doc_type"), "number": meta.get("number"),
            "issued_date": meta.get("issued_date"),
            "signer": {"name": signer.get("name"), "title": signer.get("title")},
            "commune": units.get("commune"), "province": units.get("province"),
        },
        "references": [{"code": r["code"], "date": r.get("date"), "issuer": r.get("issuer")}
                       for r in extraction.get("references") or [] if r.get("code")],
        "criteria": [{"criterion": c["criterion"], "status": c["status"]} for c in extraction.get("criteria") or []],
        "criteria_summaries": [{"achieved": s["achieved"], "total": s.get("total")}
                               for s in extraction.get("criteria_summaries") or []],
        "targets": [{"indicator": t["indicator"], "value": t["value"], "unit": t.get("unit"),
                     "comparator": t.get("comparator")} for t in extraction.get("targets") or []],
        "deadlines": [{"date": d["date"], "granularity": d.get("granularity"),
                       **({"recurrence": d["recurrence"]} if d.get("recurrence") else {})}
                      for d in extraction.get("deadlines") or [] if d.get("date")],
    }
