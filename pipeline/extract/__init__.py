"""Extraction: normalized text → references, criteria, targets, deadlines and metadata."""

from __future__ import annotations

from pipeline.extract.context import Context
from pipeline.normalize.mapped import locate
from pipeline.schema import Extraction, NormalizedDocument, Source, Warning, grounded_items
from pipeline.version import pipeline_version


def run_steps(text: str) -> Context:
    """Run every field of the registry, in order, on a normalized text; the Context holds what was found.

    No spaCy Doc is built: words are segmented only where a field asks (pipeline.extract.segmenter).
    """
    from pipeline.extract.registry import FIELDS  # the fields' rules load on first use
    from pipeline.extract.sentences import sentence_spans

    ctx = Context(text=text, sentences=sentence_spans(text))
    for f in FIELDS:
        ctx.found[f.name] = f.find(ctx)
    return ctx


def extract(normalized: NormalizedDocument) -> Extraction:
    from pipeline.extract.registry import FIELDS

    ctx = run_steps(normalized.text)
    found = ctx.found
    result = Extraction(
        pipeline_version=pipeline_version(),
        doc_id=normalized.sha256,
        source=Source(
            path=normalized.source,
            format=normalized.format,
            pages=len(normalized.pages),
            page_sources=[p.source for p in normalized.pages],
            ocr_confidence=_mean([p.ocr_confidence for p in normalized.pages if p.ocr_confidence is not None]),
        ),
        **{f.name: found.get(f.name) or (f.item() if not f.many else []) for f in FIELDS},
        warnings=[Warning(code="ingest", message=m) for m in normalized.warnings] + ctx.warnings,
        normalized_text=normalized.text,
        char_map=normalized.char_map,
        ocr_corrections=normalized.ocr_corrections,
    )
    _assign_pages(result)
    return result


def _assign_pages(result: Extraction) -> None:
    """Every grounded item gets the page its span starts on."""
    if not result.char_map:
        return
    for item in grounded_items(result):
        item.page = locate(result.char_map, item.span[0])[0]


def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 2) if values else None
