"""Section 5: normalization speed on long documents read from a PDF text layer.

Generated documents are typeset one after another into one digital PDF (reportlab, A4, 13 pt);
`pipeline.ingest` reads its text layer (hard-wrapped lines, page by page, as real text-layer PDFs
come), and `pipeline.normalize.normalize_document` is timed on its first 30 pages and on as many
pages as make 70,000 characters (generated documents, with their letterheads, signature blocks and
short list lines, hold ~1,500 characters a page; dense prose holds ~2,300).
"""

from __future__ import annotations

from pathlib import Path

from measure import table, timed

from ntm_corpus import render
from ntm_corpus.generate import documents
from pipeline.ingest import ingest
from pipeline.normalize import normalize_document
from pipeline.schema import Document

PAGES = 30
CHARS = 70_000


def run(work: Path, runs: int) -> str:
    work.mkdir(parents=True, exist_ok=True)
    long = ingest(text_layer_pdf(work / "long.pdf", CHARS * 1.1))
    sizes = {f"first {PAGES} pages": PAGES, f"first {CHARS:,} characters": _pages_holding(long, CHARS)}
    rows = []
    for name, pages in sizes.items():
        doc = long.model_copy(update={"pages": long.pages[:pages]})
        raw = sum(len(p.text) for p in doc.pages)
        normalize_document(doc)  # warm-up: compiled patterns, data files
        timing, result = timed(lambda doc=doc: normalize_document(doc), runs)
        rows.append([name, str(len(doc.pages)), f"{raw:,}", f"{sum(p.text.count(chr(10)) + 1 for p in doc.pages):,}",
                     f"{len(result.text):,}", f"{len(result.char_map):,}", f"{1000 * timing.wall:.0f}",
                     f"{raw / timing.wall:,.0f}", f"{timing.others:.2f}"])
    return "\n".join([
        f"Documents read from a PDF text layer (page sources: {', '.join(sorted({p.source for p in long.pages}))}); "
        f"median of {runs} runs after one warm-up.",
        "",
        table(["document", "pages", "input chars", "lines in", "output chars", "char-map runs", "ms", "chars/s",
               "others' load (cores)"], rows),
    ])


def text_layer_pdf(path: Path, chars: float) -> Path:
    """Generated documents typeset back to back into one PDF holding at least `chars` characters."""
    blocks: list[render.Block] = []
    total = 0
    for doc in documents(200, seed=5):
        blocks += doc.blocks
        total += len(doc.text)
        if total >= chars:
            render.to_pdf(blocks, path)
            return path
    raise RuntimeError(f"200 generated documents hold fewer than {chars:,.0f} characters")


def _pages_holding(doc: Document, chars: int) -> int:
    total = 0
    for i, page in enumerate(doc.pages, start=1):
        total += len(page.text)
        if total >= chars:
            return i
    return len(doc.pages)
