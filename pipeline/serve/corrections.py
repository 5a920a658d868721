"""Corrections applied to an extraction: the machine's output stays as written, the corrected copy is derived.

A correction names the item it judges by field, span and text, and keeps the item as the machine
gave it (`original`). Applied to an extraction (maybe re-extracted by a newer pipeline), it holds
when an item with that span and text is still there and still equal to the original; otherwise it
is *stale*: listed for the reviewer, never applied. An added item holds while the text at its
span is unchanged. For one item the reviewer's last decision counts (accept, reject, or an edit,
which accepts the edited values); edits accumulate. An added item is withdrawn by a later reject
that names it (`value = {"added": id}`).
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from datetime import datetime

from pipeline.schema import Extraction
from pipeline.serve.fields import FIELDS, field_named

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
    locations = {(f.key, tuple(item["span"]), item.get("text")): i
                 for f in FIELDS for i, item in enumerate(extraction.get(f.key) or [])}
    added: dict[int, dict] = {}
    for c in sorted(corrections, key=lambda c: c.id):
        if c.action == "reject" and c.original is None:  # the reviewer withdraws an item they added
            withdrawn = (c.value or {}).get("added")
            if withdrawn in added:
                del added[withdrawn]
                states[f"add-{withdrawn}"].decision = "rejected"
                states[f"add-{withdrawn}"].corrections.append(c)
            continue
        if c.action == "add":
            if text[c.span[0]:c.span[1]] != c.text:
                stale.append(c)
                continue
            added[c.id] = {**field_named(c.field).defaults, **(c.value or {}),
                           "span": list(c.span), "text": c.text}
            states[f"add-{c.id}"] = ItemState("accepted", dict(c.value or {}), [c])
            continue
        index = locations.get((c.field, tuple(c.span), c.text))
        if index is None or _comparable(extraction[c.field][index]) != _comparable(c.original or {}):
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
