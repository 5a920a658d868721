"""One section per document: its metadata, a table of every item, and its highlighted text.

While rendering, each document registers its section id, a short place label and the anchor id
of every item, so the cross-document sections can link rows to their place in the text.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from pipeline.report.highlight import KINDS, Item, document_items, grounded, highlight, page_starts
from pipeline.report.html import esc, link, missing, shorten, slug, table, tag, text


@dataclass
class Index:
    """What the cross-document sections need to link into the document sections."""

    section_ids: dict[str, str] = field(default_factory=dict)  # document name → section id
    places: dict[str, str] = field(default_factory=dict)  # document name → "xã X, huyện Y" or the name
    anchors: dict[tuple[str, str, int, int], str] = field(default_factory=dict)

    def register(self, name: str, data: dict) -> str:
        doc_slug = slug(name)
        taken = set(self.section_ids.values())
        base, n = doc_slug, 1
        while f"doc.{doc_slug}" in taken:
            n += 1
            doc_slug = f"{base}-{n}"
        self.section_ids[name] = f"doc.{doc_slug}"
        self.places[name] = place(data) or name
        return doc_slug

    def add_items(self, name: str, items: list[Item]) -> None:
        for item in items:
            # the first item at a span wins: any of them jumps to the same words
            self.anchors.setdefault((name, item.kind, item.start, item.end), item.id)

    def item(self, name, kind: str, start, end) -> str | None:
        if missing(start) or missing(end):
            return None
        return self.anchors.get((name, kind, int(start), int(end)))

    def doc_link(self, name, content: str | None = None) -> str:
        section = self.section_ids.get(name)
        label = esc(name) if content is None else content
        return link(section, label, class_="doc-link") if section else label

    def text_link(self, name, kind: str, start, end, words) -> str:
        """The item's words, linked to where they stand in the text when the span is known."""
        anchor = self.item(name, kind, start, end)
        words = esc(shorten(text(words), 120))
        return link(anchor, words, class_="item-link") if anchor else words


def place(data: dict) -> str:
    units = (data.get("metadata") or {}).get("admin_units") or {}
    return ", ".join(units[k] for k in ("commune", "district", "province") if units.get(k))


def section(name: str, data: dict, index: Index) -> str:
    doc_slug = index.register(name, data)
    normalized = data.get("normalized_text") or ""
    items = document_items(doc_slug, data)
    index.add_items(name, items)
    body = (
        _facts(data)
        + _problems(items, normalized)
        + tag("div", tag("div", highlight(normalized, items, page_starts(data.get("char_map") or [])),
                                  class_="doc-text", lang="vi")
              + tag("div", _items_table(items, normalized), class_="doc-items"), class_="doc-grid")
    )
    return tag("details", tag("summary", _summary_line(name, data, items)) + body,
               class_="doc", id=index.section_ids[name], data_document=name)


def _summary_line(name: str, data: dict, items: list[Item]) -> str:
    meta = data.get("metadata") or {}
    code = "/".join(text(meta.get(k)) for k in ("number", "symbol") if meta.get(k))
    what = " ".join(p for p in (text(meta.get("doc_type")), code, text(meta.get("issued_date"))) if p)
    counts = Counter(item.kind for item in items)
    chips = "".join(tag("span", f"{counts[k]} {esc(k)}", class_=f"chip {k}") for k in KINDS if counts[k])
    return (tag("span", esc(name), class_="doc-name") + tag("span", esc(place(data) or "—"), class_="doc-place")
            + tag("span", esc(what), class_="doc-what") + tag("span", chips, class_="chips"))


def _facts(data: dict) -> str:
    meta = data.get("metadata") or {}
    source = data.get("source") or {}
    signer = meta.get("signer") or {}
    ocr = source.get("ocr_confidence")
    facts = {
        "issuer": meta.get("issuer"),
        "subject": meta.get("subject"),
        "signer": " · ".join(text(signer.get(k)) for k in ("authority", "title", "name") if signer.get(k)),
        "source": f"{text(source.get('path'))} ({text(source.get('format'))}, {text(source.get('pages'))} page(s)"
                  + (f", OCR confidence {text(ocr)}" if not missing(ocr) else "") + ")",
        "pipeline": data.get("pipeline_version"),
    }
    rows = "".join(tag("dt", esc(k)) + tag("dd", esc(v)) for k, v in facts.items() if text(v))
    return tag("dl", rows, class_="facts")


def _problems(items: list[Item], normalized: str) -> str:
    """Items a reviewer must know cannot be shown faithfully: a span outside the text, or other words."""
    notes = []
    for item in items:
        if not grounded(item, normalized):
            notes.append(f"{item.id}: span {item.start}–{item.end} is outside the text")
        elif normalized[item.start : item.end] != item.text:
            notes.append(f"{item.id}: the text at its span is not the item's text")
    if not notes:
        return ""
    return tag("div", tag("strong", "Not grounded: ") + "; ".join(esc(n) for n in notes), class_="problems")


def _items_table(items: list[Item], normalized: str) -> str:
    rows = [
        [tag("span", esc(item.kind), class_=f"chip {item.kind}"),
         esc(item.label),
         link(item.id, esc(shorten(item.text, 80))) if grounded(item, normalized) else esc(item.text),
         esc(item.page)]
        for item in items
    ]
    if not rows:
        return tag("p", "Nothing extracted.", class_="empty")
    return table(["type", "normalized value", "text", "page"], rows, class_="items")
