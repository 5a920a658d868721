"""The document list and the review page: page images with boxes, the highlighted text, items to judge."""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass
from urllib.parse import quote

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import FileResponse, RedirectResponse, Response
from PIL import Image
from sqlalchemy import func, or_, select

from pipeline.load.models import documents, reviews
from pipeline.report.highlight import Item, highlight, page_starts
from pipeline.serve import pages
from pipeline.serve.app import page
from pipeline.serve.corrections import Applied, gold_of, item_key, validated
from pipeline.serve.fields import FIELDS, METADATA, InvalidValue, field_named, metadata_value

router = APIRouter()
PAGE_SIZE = 50
LOW_OCR_CONFIDENCE = 60.0


# ── the list ──


@router.get("/documents")
def document_list(request: Request, page_number: int = Query(1, ge=1, le=100_000),
                  q: str = Query("", max_length=200), status: str = Query("", pattern="^(|reviewed|unreviewed)$")):
    store = request.app.state.ctx.store
    query = select(documents.c.document, documents.c.commune, documents.c.district, documents.c.doc_type,
                   documents.c.issued_date, documents.c.pages, documents.c.ocr_pages, documents.c.n_targets,
                   documents.c.n_deadlines, documents.c.n_criteria, documents.c.n_references,
                   documents.c.n_warnings, reviews.c.user_name.label("reviewer"),
                   ).select_from(documents.outerjoin(reviews, reviews.c.document == documents.c.document))
    if q.strip():
        like = f"%{q.strip()}%"
        query = query.where(or_(documents.c.document.ilike(like), documents.c.commune.ilike(like),
                                documents.c.district.ilike(like)))
    if status:
        query = query.where(reviews.c.document.isnot(None) if status == "reviewed" else reviews.c.document.is_(None))
    with store.engine.connect() as c:
        total = c.execute(select(func.count()).select_from(query.subquery())).scalar_one()
        rows = c.execute(query.order_by(documents.c.document)
                         .limit(PAGE_SIZE).offset((page_number - 1) * PAGE_SIZE)).all()
    counts = store.counts()
    return page(request, "documents.j2", rows=rows, counts=counts, total=total, page_number=page_number,
                pages=max(1, -(-total // PAGE_SIZE)), q=q, status=status)


# ── one document ──


@dataclass
class ReviewItem:
    key: str
    field: str
    index: int | None  # position in the machine's list; None for an added item
    item: dict
    label: str
    state: str  # accepted, rejected, edited, added, ""
    flags: list[str]
    added_id: int | None = None  # the correction that added it

    @property
    def start(self) -> int:
        return self.item["span"][0]


def review_items(extraction: dict, applied: Applied) -> list[ReviewItem]:
    """Every item a reviewer judges, flagged ones (low OCR confidence, repaired words, warnings) first."""
    risky = _risky_spans(extraction)
    found: list[ReviewItem] = []
    for f in FIELDS:
        for i, item in enumerate(extraction.get(f.key) or []):
            state = applied.states.get(item_key(f.key, i))
            shown = {**item, **(state.edits if state else {})}
            status = "" if state is None else ("edited" if state.edits and state.decision == "accepted"
                                               else state.decision)
            found.append(ReviewItem(item_key(f.key, i), f.key, i, shown, f.summary(shown), status,
                                    _flags(item, risky, extraction)))
    for key, state in applied.states.items():
        if key.startswith("add-"):
            c = state.corrections[0]
            item = state.item
            found.append(ReviewItem(key, c.field, None, item, field_named(c.field).summary(item),
                                    "rejected" if state.decision == "rejected" else "added", [], c.id))
    found.sort(key=lambda r: (not r.flags, r.start))
    return found


def _risky_spans(extraction: dict) -> list[tuple[int, int, str]]:
    spans = [(*c["span"], "OCR repair") for c in extraction.get("ocr_corrections") or []]
    spans += [(*w["span"], w.get("code") or "warning") for w in extraction.get("warnings") or [] if w.get("span")]
    return spans


def _flags(item: dict, risky: list[tuple[int, int, str]], extraction: dict) -> list[str]:
    start, end = item["span"]
    flags = sorted({reason for s, e, reason in risky if s < end and start < e})
    page_number = item.get("page")
    confidence = extraction["source"].get("ocr_confidence")
    sources = extraction["source"].get("page_sources") or []
    if confidence is not None and confidence < LOW_OCR_CONFIDENCE and (
            page_number is None or (0 < page_number <= len(sources) and sources[page_number - 1] == "ocr")):
        flags.append(f"low OCR confidence ({confidence:.0f})")
    return flags


@router.get("/next")
def next_document(request: Request, after: str = Query("", max_length=300)):
    """The first document not yet reviewed after `after` (by name), or the list when none is left."""
    query = (select(documents.c.document).select_from(documents.outerjoin(reviews, reviews.c.document == documents.c.document))
             .where(reviews.c.document.is_(None), documents.c.document > after).order_by(documents.c.document).limit(1))
    with request.app.state.ctx.store.engine.connect() as c:
        found = c.execute(query).scalar()
    return RedirectResponse(f"/documents/{quote(found)}" if found else "/documents?status=unreviewed", status_code=303)


@router.get("/documents/{name}")
def review(request: Request, name: str):
    ctx = request.app.state.ctx
    extraction = ctx.store.extraction(name)
    applied = ctx.store.applied(name, extraction)
    items = review_items(extraction, applied)
    text = extraction.get("normalized_text") or ""
    marks = [Item(r.key, r.field, r.item["span"][0], r.item["span"][1], r.item["text"], r.label)
             for r in items]
    marks.sort(key=lambda it: (it.start, -it.end))
    html = highlight(text, marks, page_starts(extraction.get("char_map") or []))
    groups = [(f, [r for r in items if r.field == f.key]) for f in FIELDS]
    groups.sort(key=lambda g: not any(r.flags for r in g[1]))
    return page(request, "review.j2", name=name, extraction=extraction, groups=groups, text_html=html,
                stale=applied.stale, review=ctx.store.review(name), fields=FIELDS,
                page_count=extraction["source"].get("pages") or 0, with_image=pages.has_image(extraction))


@router.get("/documents/{name}/pages/{number}.png")
def page_image(request: Request, name: str, number: int):
    ctx = request.app.state.ctx
    path = pages.page_png(ctx.out, ctx.store.extraction(name), number)
    if path is None:
        return Response("no image for this page (the source file is not where the extraction says)",
                        status_code=404, media_type="text/plain")
    return FileResponse(path, media_type="image/png", headers={"Cache-Control": "private, max-age=3600"})


@router.get("/documents/{name}/pages/{number}")
def page_boxes(request: Request, name: str, number: int):
    """The page image with a box around every item on it (an SVG fragment for htmx)."""
    ctx = request.app.state.ctx
    extraction = ctx.store.extraction(name)
    png = pages.page_png(ctx.out, extraction, number)
    if png is None:
        return page(request, "_page.j2", number=number, name=name, missing=True)
    with Image.open(png) as image:
        height = round(1000 * image.height / image.width)
    applied = ctx.store.applied(name, extraction)
    items = review_items(extraction, applied)
    words = pages.page_words(ctx.out, extraction, number, name)
    found = pages.item_boxes(extraction, number, words, {r.key: tuple(r.item["span"]) for r in items})
    states = {r.key: (r.field, r.state, r.label) for r in items}
    boxes = [(key, *states[key], [(round(b[0] * 1000, 1), round(b[1] * height, 1), round((b[2] - b[0]) * 1000, 1),
                                   round((b[3] - b[1]) * height, 1)) for b in rects])
             for key, rects in found.items()]
    boxes.sort(key=lambda b: -sum(w * h for _, _, w, h in b[4]))  # small boxes drawn last, on top: clickable
    return page(request, "_page.j2", number=number, name=name, missing=False, height=height, boxes=boxes,
                words=len(words))


def _row(request: Request, name: str, key: str):
    ctx = request.app.state.ctx
    extraction = ctx.store.extraction(name)
    found = next((r for r in review_items(extraction, ctx.store.applied(name, extraction)) if r.key == key), None)
    if found is None:
        raise KeyError(key)
    return page(request, "_item.j2", name=name, r=found)


@router.get("/documents/{name}/items/{field}/{index}/edit")
def edit_form(request: Request, name: str, field: str, index: int):
    ctx = request.app.state.ctx
    f = field_named(field)
    extraction = ctx.store.extraction(name)
    items = review_items(extraction, ctx.store.applied(name, extraction))
    found = next((r for r in items if r.key == item_key(field, index)), None)
    if found is None:
        raise KeyError(item_key(field, index))
    return page(request, "_edit.j2", name=name, r=found, f=f)


@router.get("/documents/{name}/items/{field}/{index}")
def item_row(request: Request, name: str, field: str, index: int):
    field_named(field)
    return _row(request, name, item_key(field, index))


@router.post("/documents/{name}/items/{field}/{index}/edit")
async def edit(request: Request, name: str, field: str, index: int):
    f = field_named(field)
    form = await request.form()
    values = {e.name: str(form[e.name]) for e in f.editable if e.name in form}
    request.app.state.ctx.store.correct(name, field, index, "edit", request.state.session.user, values)
    return _row(request, name, item_key(field, index))


@router.post("/documents/{name}/items/{field}/{index}/{action}")
def judge(request: Request, name: str, field: str, index: int, action: str):
    if action not in ("accept", "reject"):
        raise InvalidValue(f"unknown action {action[:20]!r} (accept or reject)")
    ctx = request.app.state.ctx
    ctx.store.correct(name, field, index, action, request.state.session.user)
    return _row(request, name, item_key(field, index))


@router.post("/documents/{name}/add")
async def add(request: Request, name: str, field: str = Form(...), start: int = Form(...), end: int = Form(...)):
    f = field_named(field)
    form = await request.form()
    values = {e.name: str(form[e.name]) for e in f.editable if e.name in form}
    request.app.state.ctx.store.add(name, field, start, end, request.state.session.user, values)
    return Response(status_code=204, headers={"HX-Refresh": "true"})


def _metadata(request: Request, name: str, editing: bool = False):
    ctx = request.app.state.ctx
    applied = ctx.store.applied(name)
    meta = applied.extraction.get("metadata") or {}
    values = [(e, metadata_value(meta, e.name)) for e in METADATA]
    edited = "metadata" in applied.states
    return page(request, "_metadata.j2", name=name, values=values, edited=edited, editing=editing)


@router.get("/documents/{name}/metadata")
def metadata_panel(request: Request, name: str, edit: bool = False):
    return _metadata(request, name, edit)


@router.post("/documents/{name}/metadata")
async def edit_metadata(request: Request, name: str):
    form = await request.form()
    values = {e.name: str(form[e.name]) for e in METADATA if e.name in form}
    start, end = (str(form.get(k) or "") for k in ("start", "end"))
    request.app.state.ctx.store.correct_metadata(
        name, request.state.session.user, values,
        int(start) if start.isdigit() else None, int(end) if end.isdigit() else None)
    return _metadata(request, name)


@router.post("/documents/{name}/added/{added_id}/reject")
def withdraw(request: Request, name: str, added_id: int):
    request.app.state.ctx.store.withdraw(name, added_id, request.state.session.user)
    return _row(request, name, f"add-{added_id}")


@router.post("/documents/{name}/reviewed")
def mark_reviewed(request: Request, name: str, reviewed: bool = Form(True)):
    ctx = request.app.state.ctx
    ctx.store.mark_reviewed(name, request.state.session.user, reviewed)
    return page(request, "_reviewed.j2", name=name, review=ctx.store.review(name))


@router.get("/documents/{name}/corrected.json")
def corrected(request: Request, name: str):
    applied = request.app.state.ctx.store.applied(name)
    return Response(json.dumps(validated(applied.extraction), ensure_ascii=False, indent=1),
                    media_type="application/json")


@router.get("/documents/{name}/gold.json")
def gold(request: Request, name: str):
    store = request.app.state.ctx.store
    if store.review(name) is None:
        raise InvalidValue("mark the document reviewed first: gold comes from reviewed documents only")
    return Response(json.dumps(gold_of(store.applied(name).extraction), ensure_ascii=False, indent=1),
                    media_type="application/json",
                    headers={"Content-Disposition": f'attachment; filename="{_ascii(name)}.json"'})


@router.get("/gold.zip")
def gold_zip(request: Request):
    """Every reviewed document's gold, in the format of `ntm eval --gold`."""
    from pipeline.serve.store import reviewed_extractions

    ctx = request.app.state.ctx
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for doc, extraction in reviewed_extractions(ctx.out, ctx.db_url):
            archive.writestr(f"gold/{doc}.json", json.dumps(gold_of(extraction), ensure_ascii=False, indent=1))
    return Response(buffer.getvalue(), media_type="application/zip",
                    headers={"Content-Disposition": 'attachment; filename="gold.zip"'})


def _ascii(name: str) -> str:
    return "".join(ch if ch.isascii() and (ch.isalnum() or ch in "-_.") else "_" for ch in name)[:100] or "document"
