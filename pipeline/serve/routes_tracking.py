"""Tracking views over the database: communes × criteria, indicators, deadlines, citations, search;
and the comparison tables as files (optionally reviewed documents only, with corrected values).

Each view is one SQL query, paginated in the database; `?format=csv|xlsx` downloads all its rows.
Every number links to its item on the review page (`/documents/NAME#item-FIELD-POSITION`).
"""

from __future__ import annotations

import io
from datetime import date

import pandas as pd
from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from sqlalchemy import exists, func, select

from pipeline.export.tables import TABLES, build_tables, read_extractions
from pipeline.extract.criteria.lexicon import criteria_sets, default_set
from pipeline.load.models import ITEM_TABLES, documents
from pipeline.serve import search
from pipeline.serve.app import page
from pipeline.serve.fields import InvalidValue

router = APIRouter()
PAGE_SIZE = 100


def _format():
    return Query("", pattern="^(|csv|xlsx)$")


def _page():
    return Query(1, ge=1, le=100_000)


def _text():
    return Query("", max_length=200)


targets, deadlines, criteria, references = (ITEM_TABLES[t] for t in ("targets", "deadlines", "criteria", "references"))


def _filters(query, district: str, year: int | None):
    if district:
        query = query.where(documents.c.district == district)
    if year:
        query = query.where(documents.c.issued_year == year)
    return query


def _run(request: Request, query, page_number: int, fmt: str, name: str, count_query=None):
    """Rows of one page, or every row as a download; and the total."""
    engine = request.app.state.ctx.store.engine
    with engine.connect() as c:
        if fmt:
            rows = c.execute(query).mappings().all()
            return _download(pd.DataFrame([dict(r) for r in rows]), name, fmt), None
        total = c.execute(count_query if count_query is not None
                          else select(func.count()).select_from(query.order_by(None).subquery())).scalar_one()
        rows = c.execute(query.limit(PAGE_SIZE).offset((page_number - 1) * PAGE_SIZE)).mappings().all()
    return rows, total


def _download(df: pd.DataFrame, name: str, fmt: str) -> Response:
    if fmt == "csv":
        return Response(df.to_csv(index=False).encode("utf-8-sig"), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})
    buffer = io.BytesIO()
    df.to_excel(buffer, index=False, sheet_name=name[:31])
    return Response(buffer.getvalue(),
                    media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": f'attachment; filename="{name}.xlsx"'})


def _choices(request: Request) -> dict:
    with request.app.state.ctx.store.engine.connect() as c:
        districts = c.execute(select(documents.c.district).where(documents.c.district.isnot(None))
                              .distinct().order_by(documents.c.district)).scalars().all()
        years = c.execute(select(documents.c.issued_year).where(documents.c.issued_year.isnot(None))
                          .distinct().order_by(documents.c.issued_year)).scalars().all()
    return {"districts": districts, "years": years}


def _units(statuses: dict[tuple[int, str | None], dict], document_id: int) -> list[str | None]:
    """The document's own row (None) first, then the communes its tables report on, by name."""
    units = {unit for doc, unit in statuses if doc == document_id} or {None}
    return sorted(units, key=lambda u: (u is not None, u or ""))


@router.get("/views/criteria")
def criteria_view(request: Request, district: str = _text(), year: int | None = Query(None, ge=1900, le=2200),
                  criteria_set: str = Query("", alias="set", max_length=100),
                  page_number: int = _page(), format: str = _format()):  # noqa: A002
    """Communes × the criteria of one set (models/criteria/sets/; the default set unless chosen):
    one row per document that reports criteria of that set, one column per criterion of the set."""
    sets = criteria_sets()
    chosen = sets.get(criteria_set or default_set().id)
    if chosen is None:
        raise InvalidValue(f"set: no criteria set {criteria_set!r} (one of {', '.join(sets)})")
    in_set = criteria.c.criteria_set == chosen.id
    if chosen.id == default_set().id:  # rows loaded before criteria carried their set
        in_set = in_set | criteria.c.criteria_set.is_(None)
    columns = [str(n) for n in sorted(chosen.entries)]
    docs = _filters(select(documents.c.id, documents.c.document, documents.c.commune, documents.c.district,
                           documents.c.issued_year)
                    .where(documents.c.n_criteria > 0,
                           exists().where(criteria.c.document_id == documents.c.id, in_set)), district, year)
    docs = docs.order_by(documents.c.district, documents.c.commune, documents.c.document)
    engine = request.app.state.ctx.store.engine
    with engine.connect() as c:
        total = c.execute(select(func.count()).select_from(docs.order_by(None).subquery())).scalar_one()
        shown = c.execute(docs if format else docs.limit(PAGE_SIZE).offset((page_number - 1) * PAGE_SIZE)).all()
        ids = [d.id for d in shown]
        # one row per document, and per commune a table of it reports on (criteria.unit_name)
        statuses: dict[tuple[int, str | None], dict[str, tuple[str, int]]] = {}
        for i in range(0, len(ids), 900):
            for r in c.execute(select(criteria.c.document_id, criteria.c.unit_name, criteria.c.criterion,
                                      criteria.c.status, criteria.c.position)
                               .where(criteria.c.document_id.in_(ids[i:i + 900]), in_set)
                               .order_by(criteria.c.document_id, criteria.c.span_start)):
                statuses.setdefault((r.document_id, r.unit_name), {})[str(r.criterion)] = (r.status, r.position)
    rows = [(d, unit, statuses.get((d.id, unit), {})) for d in shown for unit in _units(statuses, d.id)]
    if format:
        df = pd.DataFrame([{"document": d.document, "commune": unit or d.commune, "district": d.district,
                            "year": d.issued_year, "criteria_set": chosen.id,
                            **{n: marks.get(n, (None,))[0] for n in columns}} for d, unit, marks in rows],
                          columns=["document", "commune", "district", "year", "criteria_set", *columns])
        return _download(df, f"criteria-{chosen.id}", format)
    return page(request, "view_criteria.j2", rows=rows, criteria=columns, total=total,
                names={str(n): e.name for n, e in chosen.entries.items()}, chosen=chosen,
                criteria_sets=list(sets.values()), page_number=page_number, pages=_pages(total),
                district=district, year=year, **_choices(request))


@router.get("/views/indicators")
def indicators_view(request: Request, indicator: str = _text(), district: str = _text(),
                    year: int | None = Query(None, ge=1900, le=2200), page_number: int = _page(),
                    format: str = _format()):  # noqa: A002
    """Targets and reported results across communes; a bar chart when one indicator is chosen."""
    query = select(documents.c.document, documents.c.commune, documents.c.district, documents.c.issued_year,
                   targets.c.position, targets.c.indicator_id, targets.c.indicator, targets.c.comparator,
                   targets.c.value, targets.c.unit, targets.c.value_canonical, targets.c.unit_canonical,
                   targets.c.kind, targets.c.year, targets.c.page,
                   ).select_from(targets.join(documents, documents.c.id == targets.c.document_id))
    if indicator:
        query = query.where(targets.c.indicator_id == indicator)
    # In the index's order (indicator, document, position): a page is read, never a sort of every row.
    query = _filters(query, district, year).order_by(targets.c.indicator_id, targets.c.document_id, targets.c.position)
    rows, total = _run(request, query, page_number, format, "indicators")
    if format:
        return rows
    with request.app.state.ctx.store.engine.connect() as c:
        indicator_ids = c.execute(select(targets.c.indicator_id).where(targets.c.indicator_id.isnot(None))
                                  .distinct().order_by(targets.c.indicator_id)).scalars().all()
    chart = _chart(rows) if indicator else None
    return page(request, "view_indicators.j2", rows=rows, total=total, page_number=page_number,
                pages=_pages(total), indicator=indicator, district=district, year=year, chart=chart,
                indicator_ids=indicator_ids, **_choices(request))


def _chart(rows) -> dict | None:
    """A horizontal bar per row of the page (canonical value where known), scaled to the largest."""
    bars = [(f"{r['commune'] or r['document']}", r["value_canonical"] if r["value_canonical"] is not None
             else r["value"], r["kind"], r["document"], r["position"]) for r in rows if r["value"] is not None]
    if not bars:
        return None
    bars = bars[:40]
    top = max(abs(v) for _, v, *_ in bars) or 1.0
    return {"height": 22 * len(bars) + 10,
            "bars": [{"y": 22 * i + 5, "width": round(480 * abs(v) / top, 1), "label": label, "value": v,
                      "kind": kind, "href": f"/documents/{doc}#item-targets-{pos}"}
                     for i, (label, v, kind, doc, pos) in enumerate(bars)]}


@router.get("/views/deadlines")
def deadlines_view(request: Request, when: str = Query("upcoming", pattern="^(upcoming|overdue)$"),
                   district: str = _text(), today: date | None = None, page_number: int = _page(),
                   format: str = _format()):  # noqa: A002
    today = today or date.today()
    query = select(documents.c.document, documents.c.commune, documents.c.district, deadlines.c.position,
                   deadlines.c.date, deadlines.c.granularity, deadlines.c.task, deadlines.c.text, deadlines.c.page,
                   ).select_from(deadlines.join(documents, documents.c.id == deadlines.c.document_id))
    query = query.where(deadlines.c.date >= today if when == "upcoming" else deadlines.c.date < today)
    query = _filters(query, district, None).order_by(  # the date index's order: no sort of every row
        *((deadlines.c.date, deadlines.c.id) if when == "upcoming" else (deadlines.c.date.desc(), deadlines.c.id.desc())))
    rows, total = _run(request, query, page_number, format, f"deadlines-{when}")
    if format:
        return rows
    return page(request, "view_deadlines.j2", rows=rows, total=total, page_number=page_number,
                pages=_pages(total), when=when, district=district, today=today, **_choices(request))


@router.get("/views/citations")
def citations_view(request: Request, code: str = _text(), page_number: int = _page(), format: str = _format()):  # noqa: A002
    """Which decisions are cited, by how many documents; with a code: who cites it."""
    if code:
        query = select(references.c.code, documents.c.document, documents.c.commune, documents.c.doc_type,
                       documents.c.number, documents.c.issued_date, references.c.position, references.c.page,
                       ).select_from(references.join(documents, documents.c.id == references.c.document_id)
                                     ).where(references.c.code == code).order_by(documents.c.document)
    else:
        query = (select(references.c.code, func.count(func.distinct(references.c.document_id)).label("documents"),
                        func.min(references.c.date).label("date"), func.min(references.c.issuer).label("issuer"))
                 .where(references.c.code.isnot(None)).group_by(references.c.code)
                 .order_by(func.count(func.distinct(references.c.document_id)).desc(), references.c.code))
    rows, total = _run(request, query, page_number, format, "citations")
    if format:
        return rows
    return page(request, "view_citations.j2", rows=rows, total=total, page_number=page_number,
                pages=_pages(total), code=code)


@router.get("/search")
def search_view(request: Request, q: str = _text(), page_number: int = _page()):
    hits, total = search.query(request.app.state.ctx.store.engine, q, PAGE_SIZE, (page_number - 1) * PAGE_SIZE)
    return page(request, "search.j2", q=q, hits=hits, total=total, page_number=page_number, pages=_pages(total))


@router.get("/export/{table}.{fmt}")
def export(request: Request, table: str, fmt: str, reviewed: bool = False):
    """A comparison table as CSV or XLSX; `reviewed=1`: reviewed documents only, corrected values."""
    if table not in TABLES or fmt not in ("csv", "xlsx"):
        raise InvalidValue(f"no table {table[:40]!r} as {fmt[:10]!r} (tables: {', '.join(TABLES)}; csv or xlsx)")
    ctx = request.app.state.ctx
    if reviewed:
        from pipeline.serve.store import reviewed_extractions

        extractions = reviewed_extractions(ctx.out, ctx.db_url)
    else:
        extractions = read_extractions(ctx.out)
    df = build_tables(extractions)[table]
    return _download(df, f"{table}{'-reviewed' if reviewed else ''}", fmt)


def _pages(total: int) -> int:
    return max(1, -(-total // PAGE_SIZE))

