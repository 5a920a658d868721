"""The review data in the tracking database: corrections, reviewed documents, users.

Also the bridge to the exports: `reviewed_extractions` yields the corrected extraction of every
reviewed document, which `ntm tables/load --reviewed-only` and the app's downloads use.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, delete, func, insert, select

from pipeline.errors import NtmError
from pipeline.export.tables import extraction_files
from pipeline.load.db import _upgrade, default_url, load_document, make_engine
from pipeline.load.models import corrections, reviews, users
from pipeline.normalize.mapped import locate
from pipeline.schema import CharRun
from pipeline.serve import passwords
from pipeline.serve.corrections import Applied, Correction, apply, validated
from pipeline.serve.fields import METADATA_BY_NAME, InvalidValue, field_named, metadata_value

ROLES = ("reviewer", "read-only")


class Store:
    def __init__(self, out: Path, db_url: str | None = None):
        self.out = Path(out)
        self.engine: Engine = make_engine(db_url or default_url(self.out))
        _upgrade(self.engine)

    def close(self) -> None:
        self.engine.dispose()

    # ── extractions ──

    def extraction_path(self, name: str) -> Path:
        if not name or "/" in name or "\\" in name or name.startswith("."):
            raise KeyError(name)
        path = self.out / "documents" / f"{name}.json"
        if not path.is_file():
            raise KeyError(name)
        return path

    def extraction(self, name: str) -> dict:
        path = self.extraction_path(name)
        try:
            data = json.loads(path.read_bytes())
        except (OSError, ValueError) as e:
            raise NtmError(f"{name}: its extraction cannot be read ({type(e).__name__}: {str(e)[:120]})") from None
        if not isinstance(data, dict) or "normalized_text" not in data or "source" not in data:
            raise NtmError(f"{name}: not an extraction written by `ntm extract`")
        return data

    # ── corrections ──

    def corrections(self, name: str) -> list[Correction]:
        with self.engine.connect() as c:
            rows = c.execute(select(corrections).where(corrections.c.document == name).order_by(corrections.c.id))
            return [Correction.from_row(r) for r in rows]

    def applied(self, name: str, extraction: dict | None = None) -> Applied:
        return apply(extraction if extraction is not None else self.extraction(name), self.corrections(name))

    def correct(self, name: str, field_key: str, index: int, action: str, user: str,
                values: dict[str, str] | None = None) -> Correction:
        """Record accept/reject/edit of the machine's item `field_key`[index]."""
        extraction = self.extraction(name)
        f = field_named(field_key)
        items = extraction.get(f.key) or []
        if not 0 <= index < len(items):
            raise InvalidValue(f"{f.key}: no item {index}")
        item = items[index]
        value = None
        if action == "edit":
            value = {k: f.editable_named(k).parse(v) for k, v in (values or {}).items()}
            if not value:
                raise InvalidValue("nothing to change")
            validated({**extraction, f.key: [{**item, **value}]})  # the edited item must fit the schema
        elif action not in ("accept", "reject"):
            raise InvalidValue(f"unknown action {action[:20]!r}")
        return self._insert(extraction, name, f.key, action, tuple(item["span"]), item["text"], item, value, user)

    def add(self, name: str, field_key: str, start: int, end: int, user: str, values: dict[str, str]) -> Correction:
        """Record an item the machine missed, on the text the reviewer selected."""
        extraction = self.extraction(name)
        f = field_named(field_key)
        text = extraction.get("normalized_text") or ""
        if not 0 <= start < end <= len(text) or end - start > 2000:
            raise InvalidValue("select some text of the document (at most 2000 characters)")
        value = {k: f.editable_named(k).parse(v) for k, v in values.items() if (v or "").strip()}
        runs = [CharRun.model_validate(r) for r in extraction.get("char_map") or []]
        if runs:
            value["page"] = locate(runs, start)[0]
        item = {**f.defaults, **value, "span": [start, end], "text": text[start:end]}
        validated({**extraction, f.key: [item]})
        return self._insert(extraction, name, f.key, "add", (start, end), text[start:end], None, value, user)

    def correct_metadata(self, name: str, user: str, values: dict[str, str], start: int | None = None,
                         end: int | None = None) -> Correction:
        """Record edits of the document's metadata (the values the machine gave are kept as `original`).
        A signer the machine did not find is grounded on the reviewer's selection (`start`, `end`)."""
        extraction = self.extraction(name)
        machine = self.applied(name, extraction).extraction.get("metadata") or {}
        changed = {}
        for path, raw in values.items():
            editable = METADATA_BY_NAME.get(path)
            if editable is None:
                raise InvalidValue(f"metadata: {path[:40]!r} cannot be edited")
            value = editable.parse(raw) if (raw or "").strip() else editable.empty
            if value != (metadata_value(machine, path) or editable.empty):
                changed[path] = value
        if not changed:
            raise InvalidValue("nothing to change")
        text = extraction.get("normalized_text") or ""
        span, quoted = (0, 0), ""
        if any(p.startswith("signer.") for p in changed) and (machine.get("signer") is None):
            if start is None or end is None or not 0 <= start < end <= len(text):
                raise InvalidValue("the document has no signer yet: select the signer's name in the text first")
            span, quoted = (start, end), text[start:end]
        original = {p: metadata_value(extraction.get("metadata") or {}, p) for p in changed}
        applied = apply(extraction, [*self.corrections(name), Correction(
            1 << 62, name, extraction["doc_id"], "metadata", "edit", span, quoted, original, changed, user)])
        validated(applied.extraction)  # the edited metadata must fit the schema
        return self._insert(extraction, name, "metadata", "edit", span, quoted, original, changed, user)

    def withdraw(self, name: str, added_id: int, user: str) -> Correction:
        """Withdraw an item the reviewer added (recorded as a reject naming it; nothing is deleted)."""
        extraction = self.extraction(name)
        added = next((c for c in self.corrections(name) if c.id == added_id and c.action == "add"), None)
        if added is None:
            raise InvalidValue(f"no added item {added_id}")
        return self._insert(extraction, name, added.field, "reject", added.span, added.text, None,
                            {"added": added_id}, user)

    def _insert(self, extraction, name, field_key, action, span, text, original, value, user) -> Correction:
        row = {"document": name, "doc_sha256": extraction["doc_id"], "field": field_key, "action": action,
               "span_start": span[0], "span_end": span[1], "text": text,
               "original": json.dumps(original, ensure_ascii=False) if original is not None else None,
               "value": json.dumps(value, ensure_ascii=False) if value is not None else None,
               "user_name": user, "created_at": datetime.now(UTC),
               "pipeline_version": extraction.get("pipeline_version")}
        with self.engine.begin() as c:
            new_id = c.execute(insert(corrections), row).inserted_primary_key[0]
        if self.review(name) is not None:
            self.reload(name)
        return Correction(new_id, name, row["doc_sha256"], field_key, action, span, text, original, value, user)

    def counts(self) -> dict[str, int]:
        with self.engine.connect() as c:
            return dict(c.execute(select(corrections.c.document, func.count()).group_by(corrections.c.document)).all())

    # ── reviews ──

    def mark_reviewed(self, name: str, user: str, reviewed: bool = True) -> None:
        extraction = self.extraction(name)
        with self.engine.begin() as c:
            c.execute(delete(reviews).where(reviews.c.document == name))
            if reviewed:
                c.execute(insert(reviews), {"document": name, "doc_sha256": extraction["doc_id"], "user_name": user,
                                            "reviewed_at": datetime.now(UTC),
                                            "pipeline_version": extraction.get("pipeline_version")})
        self.reload(name)

    def reload(self, name: str) -> None:
        """The document's rows in the tracking tables: corrected once reviewed, else the machine's."""
        path = self.extraction_path(name)
        if self.review(name) is not None:
            extraction = validated(self.applied(name).extraction)
            digest = digest_of(extraction)
        else:
            data = path.read_bytes()
            extraction, digest = json.loads(data), hashlib.sha256(data).hexdigest()
        load_document(self.engine, name, extraction, digest)

    def review(self, name: str):
        with self.engine.connect() as c:
            return c.execute(select(reviews).where(reviews.c.document == name)).first()

    def reviewed_names(self) -> list[str]:
        with self.engine.connect() as c:
            return list(c.execute(select(reviews.c.document).order_by(reviews.c.document)).scalars())

    # ── users ──

    def add_user(self, name: str, password: str, role: str) -> None:
        if role not in ROLES:
            raise NtmError(f"role must be one of {', '.join(ROLES)}")
        if not name.strip() or len(name) > 100:
            raise NtmError("a user name is 1-100 characters")
        if len(password) < 8:
            raise NtmError("a password has at least 8 characters")
        with self.engine.begin() as c:
            c.execute(delete(users).where(users.c.name == name))
            c.execute(insert(users), {"name": name, "password_hash": passwords.hash_password(password),
                                      "role": role, "created_at": datetime.now(UTC)})

    def check_user(self, name: str, password: str) -> str | None:
        """The user's role when the password is right, else None."""
        with self.engine.connect() as c:
            row = c.execute(select(users).where(users.c.name == name)).first()
        if row is None:
            passwords.hash_password(password)  # same time whether or not the user exists
            return None
        return row.role if passwords.verify(password, row.password_hash) else None

    def has_users(self) -> bool:
        with self.engine.connect() as c:
            return c.execute(select(func.count()).select_from(users)).scalar_one() > 0


def reviewed_extractions(out: Path, db_url: str | None = None) -> Iterator[tuple[str, dict]]:
    """(name, corrected extraction) for every reviewed document of `OUT/documents`, sorted by name."""
    store = Store(out, db_url)
    try:
        done = set(store.reviewed_names())
        for path in extraction_files(out):
            if path.stem in done:
                yield path.stem, validated(store.applied(path.stem, json.loads(path.read_bytes())).extraction)
    finally:
        store.close()


def digest_of(extraction: dict) -> str:
    return hashlib.sha256(json.dumps(extraction, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def corrected_loader(out: Path, engine: Engine) -> dict:
    """For `pipeline.load`: reviewed document name → () → (corrected extraction, its digest)."""
    with engine.connect() as c:
        names = list(c.execute(select(reviews.c.document)).scalars())
        rows = c.execute(select(corrections).where(corrections.c.document.in_(names))
                         .order_by(corrections.c.id)).all() if names else []
    found: dict[str, list[Correction]] = {name: [] for name in names}
    for row in rows:
        found[row.document].append(Correction.from_row(row))

    def loader(name: str):
        def corrected() -> tuple[dict, str]:
            path = Path(out) / "documents" / f"{name}.json"
            extraction = validated(apply(json.loads(path.read_bytes()), found[name]).extraction)
            return extraction, digest_of(extraction)
        return corrected

    return {name: loader(name) for name in names}
