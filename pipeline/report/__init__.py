"""`ntm report DIR`: one self-contained HTML page to review and compare a batch of extractions.

Per document, the normalized text with every extracted item highlighted (its normalized value on
hover) and a table linking each item to its place; across documents, the criteria heatmap, targets
side by side per indicator, the most cited decisions, deadlines on a timeline and the warnings.
Styles, script and charts (SVG) are inline: the file opens anywhere, offline.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

from pipeline.atomic import write_atomic, writing
from pipeline.errors import InputError
from pipeline.export.tables import build_tables, read_extractions
from pipeline.extract.registry import item_fields
from pipeline.report import assets
from pipeline.report.deadlines import default_as_of
from pipeline.report.documents import Index, section
from pipeline.report.highlight import KINDS
from pipeline.report.html import esc, tag
from pipeline.report.overview import documents, warnings
from pipeline.version import pipeline_version

REPORT_NAME = "report.html"


def write_report(out: Path, as_of: date | None = None) -> Path:
    """Write OUT/report.html from OUT/documents/*.json and return its path.

    `as_of` splits deadlines into upcoming and past (default: the newest document's date).
    """
    out = Path(out)
    if not (out / "documents").is_dir():
        raise InputError(f"{out}: no documents/ folder (run `ntm extract ... --out {out}` first)")
    path = out / REPORT_NAME
    with writing(out):  # one writer per output folder, its leftovers removed first
        write_atomic(path, render(read_extractions(out), as_of))
    return path


def render(extractions: Iterable[tuple[str, dict]], as_of: date | None = None) -> str:
    """The report page for (name, extraction JSON) pairs."""
    index = Index()
    doc_sections: list[str] = []

    def rendering(pairs: Iterable[tuple[str, dict]]) -> Iterator[tuple[str, dict]]:
        # each document's section is rendered as the tables stream past it: one read of the batch
        for name, data in pairs:
            doc_sections.append(section(name, data, index))
            yield name, data

    tables = build_tables(rendering(extractions))
    as_of = as_of or default_as_of(tables)
    sections = [
        ("overview", "Overview", documents(tables, index)),
        *((f.name, f.section_title, f.hook("section")(tables, index, as_of)) for f in item_fields() if f.section),
        ("warnings", "Warnings to review", warnings(tables, index)),
        ("documents", "Texts, with every item highlighted", _documents_intro() + "".join(doc_sections)),
    ]
    return _page(len(doc_sections), sections)


def _documents_intro() -> str:
    toggles = "".join(
        tag("label", f'<input type="checkbox" checked data-kind="{kind}"> ' + tag("span", esc(kind), class_=f"chip {kind}"))
        for kind in KINDS
    )
    buttons = '<button type="button" data-fold="open">open all</button> <button type="button" data-fold="close">fold all</button>'
    return tag("p", "Every extracted item is marked in the text; hover for its normalized value, "
                    "click a row to jump to its words.", class_="note") + tag("div", toggles + " " + buttons, class_="legend")


def _page(n_documents: int, sections: list[tuple[str, str, str]]) -> str:
    nav = "".join(tag("a", esc(title.split(",")[0]), href=f"#{key}") for key, title, _ in sections)
    body = "".join(tag("section", tag("h2", esc(title)) + content, id=key) for key, title, content in sections)
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f'<meta http-equiv="Content-Security-Policy" content="{assets.CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>ntm report — {n_documents} document(s)</title><style>{assets.CSS}</style></head><body>"
        f"<header><h1>Nông thôn mới — extraction report</h1><p>{n_documents} document(s) · ntm {esc(pipeline_version())}</p></header>"
        f"<nav>{nav}</nav><main>{body}</main><script>{assets.JS}</script></body></html>\n"
    )
