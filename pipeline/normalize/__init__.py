"""Normalization: raw pages → one clean text with a map back to (page, raw offset)."""

from __future__ import annotations

import unicodedata

from pipeline.normalize.mapped import MappedText, char_map, page_offsets
from pipeline.normalize.vietnamese import OLD_STYLE, _move_tone
from pipeline.schema import Document, NormalizedDocument

PAGE_SEPARATOR = "\n\n"


def normalize_text(mapped: MappedText) -> MappedText:
    mapped = mapped.sub(r".[\u0300-\u036f]+", lambda m: unicodedata.normalize("NFC", m.group(0)))
    mapped = mapped.sub(OLD_STYLE, _move_tone)
    mapped = mapped.sub(r"[ \t\u00a0]+", " ")
    mapped = mapped.sub(r" *\n *", "\n")
    mapped = mapped.sub(r"\n{3,}", "\n\n")
    return mapped.sub(r"^\s+|\s+$", "")


def normalize_document(doc: Document) -> NormalizedDocument:
    texts = [p.text for p in doc.pages]
    raw = PAGE_SEPARATOR.join(texts)
    mapped = normalize_text(MappedText.from_raw(raw))
    runs = char_map(mapped, page_offsets(texts, PAGE_SEPARATOR), [p.number for p in doc.pages])
    return NormalizedDocument(
        source=doc.source, sha256=doc.sha256, format=doc.format, pages=doc.pages,
        text=mapped.text, char_map=runs, warnings=list(doc.warnings),
    )
