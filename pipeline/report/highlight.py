"""A document's normalized text with every extracted item marked, ready for a reviewer to check.

Each item becomes `<mark class="KIND" id="ANCHOR" data-item="ANCHOR" title="normalized value">`.
Spans may overlap in any way (a reference inside a target's sentence, metadata evidence spanning
lines, two fields read from the same words): marks nest, and an item that crosses the end of an
enclosing mark is split into fragments that share its `data-item` (only the first has the id).
The text is never reordered or dropped: the page's text equals the normalized text.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass

from pipeline.extract.registry import item_fields
from pipeline.report import labels
from pipeline.report.html import attrs, esc, slug

KINDS = (*(f.kind for f in item_fields()), "metadata", "warning")


@dataclass(frozen=True)
class Item:
    id: str  # the anchor "<document slug>.<kind>.<index>"; metadata: the field name; a later mention: "<i>.<j>"
    kind: str
    start: int
    end: int
    text: str
    label: str
    page: int | None = None


def anchor(doc_slug: str, kind: str, *index: int | str) -> str:
    return ".".join([doc_slug, kind, *(slug(str(i)) for i in index)])


def document_items(doc_slug: str, data: dict) -> list[Item]:
    """Every grounded item of an extraction, in text order, with its anchor id and label."""
    items: list[Item] = []

    def add(kind: str, item: dict, label: str, *index: int | str) -> None:
        span = item.get("span")
        if span is not None:
            items.append(Item(anchor(doc_slug, kind, *index), kind, span[0], span[1],
                              item.get("text") or "", label, item.get("page")))

    for f in item_fields():
        describe = f.hook("describe") or (lambda item, kind=f.kind: kind)
        for i, item in enumerate(data.get(f.name) or []):
            label = describe(item)
            add(f.kind, item, label, i)
            for j, mention in enumerate(item.get("mentions") or []):  # other places a reference is cited
                if mention.get("span") != item.get("span"):  # the first mention is usually the item itself
                    add(f.kind, mention, label + " (cited again)", i, j)
    meta = data.get("metadata") or {}
    for field, evidence in (meta.get("evidence") or {}).items():
        add("metadata", evidence, labels.metadata(field, meta), field)
    for i, item in enumerate(data.get("warnings") or []):
        add("warning", item, labels.warning(item), i)
    items.sort(key=lambda it: (it.start, -it.end))
    return items


def grounded(item: Item, text: str) -> bool:
    return 0 <= item.start < item.end <= len(text)


@dataclass(order=True)
class _Pending:
    start: int
    neg_end: int
    seq: int
    item: Item
    first: bool  # the first fragment carries the id

    @property
    def end(self) -> int:
        return -self.neg_end


def page_starts(char_map: list[dict]) -> list[tuple[int, int]]:
    """(normalized offset, page number) where each page after the first begins, from the char map."""
    first: dict[int, int] = {}
    for run in char_map:
        first[run["page"]] = min(first.get(run["page"], run["start"]), run["start"])
    starts = sorted((offset, page) for page, offset in first.items())
    return starts[1:]


def highlight(text: str, items: list[Item], pages: list[tuple[int, int]] = ()) -> str:
    """The text as HTML with nested, never-crossing marks (see the module docstring).

    `pages` (from `page_starts`) adds an empty `<span class="page" data-page="N">` where page N
    begins: CSS draws the number, so the text on the page stays exactly the normalized text.
    """
    breaks = [(offset, page) for offset, page in pages if 0 < offset < len(text)]
    queue = [_Pending(it.start, -it.end, seq, it, True) for seq, it in enumerate(items) if grounded(it, text)]
    heapq.heapify(queue)
    seq = len(queue)
    out: list[str] = []
    open_marks: list[_Pending] = []  # nested: each ends at or before the one below it
    pos = 0

    def text_to(end: int) -> None:
        nonlocal pos
        for offset, page in breaks:
            if pos <= offset < end:
                out.append(esc(text[pos:offset]) + f'<span class="page" data-page="{page}"></span>')
                pos = offset
        out.append(esc(text[pos:end]))
        pos = end

    def close_until(offset: int) -> None:
        while open_marks and open_marks[-1].end <= offset:
            text_to(open_marks.pop().end)
            out.append("</mark>")

    while queue:
        mark = heapq.heappop(queue)
        close_until(mark.start)
        text_to(mark.start)
        if open_marks and mark.end > open_marks[-1].end:  # crosses the enclosing mark's end: split
            cut = open_marks[-1].end
            heapq.heappush(queue, _Pending(cut, mark.neg_end, seq, mark.item, False))
            seq += 1
            mark = _Pending(mark.start, -cut, mark.seq, mark.item, mark.first)
        out.append(_open_tag(mark))
        open_marks.append(mark)
    close_until(len(text))
    text_to(len(text))
    return "".join(out)


def _open_tag(mark: _Pending) -> str:
    item = mark.item
    return "<mark" + attrs(
        class_=item.kind if mark.first else f"{item.kind} cont",
        id=item.id if mark.first else None,
        data_item=item.id,
        title=item.label,
    ) + ">"
