"""The criteria heatmap: one row per document with a commune, one column per criterion of the commune set
(the default set of models/criteria/criteria.json)."""

from __future__ import annotations

from pipeline.extract.criteria.lexicon import default_set
from pipeline.report.documents import Index
from pipeline.report.frames import records
from pipeline.report.html import esc, link, tag, text

STATUSES = {"met": ("✓", "met"), "unmet": ("✗", "not met"), "target": ("◎", "targeted")}


def criterion_names() -> dict[int, str]:
    return {number: entry.name for number, entry in default_set().entries.items()}


def _last_mentions(tables: dict) -> dict[tuple[str, str | None, int], tuple[int, int]]:
    """(document, commune of a table row or None, criterion) → span of its last status in the text: the one the
    matrix keeps."""
    last: dict[tuple[str, str | None, int], tuple[int, int]] = {}
    for row in records(tables, "criteria"):
        if row.get("span_start") is None:
            continue
        key = (row["document"], _unit(row), int(row["criterion"]))
        span = (int(row["span_start"]), int(row["span_end"]))
        if key not in last or span >= last[key]:  # as the matrix: sorted by span, last wins
            last[key] = span
    return last


def _unit(row: dict) -> str | None:
    return row.get("unit_name") or None


def legend() -> str:
    keys = [tag("span", glyph, class_=f"cell {status}") + esc(" " + name) for status, (glyph, name) in STATUSES.items()]
    keys.append(tag("span", "", class_="cell none") + " not reported")
    return tag("div", "".join(tag("span", k, class_="key") for k in keys), class_="legend")


def heatmap(tables: dict, index: Index, as_of=None) -> str:  # as_of: every report section gets it
    names = criterion_names()
    criteria = list(names)
    rows = [r for r in records(tables, "criteria_matrix") if r.get("commune")]
    if not rows:
        return tag("p", "No document names its commune.", class_="empty")
    rows.sort(key=lambda r: (text(r.get("province")), text(r.get("district")), text(r.get("commune")), r["document"]))
    last = _last_mentions(tables)
    head = tag("th", "commune (document)") + tag("th", "met", title="criteria met / reported")
    head += "".join(tag("th", str(n), title=f"{n}. {names.get(n, '')}", class_="crit") for n in criteria)
    body = []
    met_per_criterion = dict.fromkeys(criteria, 0)
    for row in rows:
        where = ", ".join(text(row.get(k)) for k in ("district", "province") if row.get(k))
        label = tag("span", esc(row["commune"]), class_="commune") + (tag("small", esc(" " + where)) if where else "")
        label += tag("small", esc(f" ({row['document']})"), class_="doc")
        cells, met, reported = [], 0, 0
        for n in criteria:
            status = row.get(str(n), row.get(n))
            title = f"{row['commune']} · {n}. {names.get(n, '')}: {STATUSES[status][1] if status in STATUSES else 'not reported'}"
            if status not in STATUSES:
                cells.append(tag("td", "", class_="cell none", title=title))
                continue
            reported += 1
            met += status == "met"
            met_per_criterion[n] += status == "met"
            span = last.get((row["document"], _unit(row), n))
            anchor = index.item(row["document"], "criterion", *span) if span else None
            glyph = link(anchor, STATUSES[status][0]) if anchor else STATUSES[status][0]
            cells.append(tag("td", glyph, class_=f"cell {status}", title=title))
        body.append(tag("tr", tag("th", index.doc_link(row["document"], label), scope="row")
                        + tag("td", f"{met}/{reported}" if reported else "", class_="num") + "".join(cells),
                        data_document=row["document"]))
    foot = tag("th", "communes meeting it", scope="row") + tag("td", "")
    foot += "".join(tag("td", str(met_per_criterion[n]), class_="num") for n in criteria)
    grid = tag("table", tag("thead", tag("tr", head)) + tag("tbody", "".join(body)) + tag("tfoot", tag("tr", foot)),
               class_="heatmap")
    key = tag("details", tag("summary", f"the {len(criteria)} criteria: {default_set().name}") + tag("ol", "".join(tag("li", esc(names.get(n, ""))) for n in criteria)),
              class_="criteria-names")
    return legend() + tag("div", grid, class_="scroll") + key
