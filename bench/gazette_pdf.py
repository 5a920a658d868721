"""Gazette PDFs: how many pages are read from the text layer and how many OCR'd, and how long it takes.

The 11 PDFs of ../shared/corpus/gazette/pdf set their running head in a font named like a TCVN3 one
("VnCenturySchoolbook") over Unicode text. `--by-name` also counts the pages a font-name rule would
have OCR'd (the rule before legacy fonts were judged by their characters).

    PYTHONPATH=. .venv/bin/python bench/gazette_pdf.py [--by-name]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from pipeline.ingest import ingest, pdf

PDFS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus" / "gazette" / "pdf"


def pages_by_font_name(path: Path) -> int:
    """Pages with a legacy-named font: what the name-only rule OCR'd (besides empty pages)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    document = pdfium.PdfDocument(str(path))
    count = 0
    for page in document:
        names = [pdf._font_name(pdfium_c.FPDFTextObj_GetFont(o.raw))
                 for o in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_TEXT])]
        count += any(pdf.LEGACY_FONT.search(n) for n in names)
    document.close()
    return count


def run(by_name: bool = False, echo=print) -> None:
    total = ocr = named = 0
    started = time.perf_counter()
    for path in sorted(PDFS.glob("*.pdf")):
        doc = ingest(path, workers=2)
        sources = [p.source for p in doc.pages]
        total += len(sources)
        ocr += sources.count("ocr")
        extra = ""
        if by_name:
            n = pages_by_font_name(path)
            named += n
            extra = f", {n} with a legacy-named font"
        echo(f"{path.name}: {len(sources)} pages, {sources.count('ocr')} OCR'd{extra}")
    elapsed = time.perf_counter() - started
    named_note = f"; a font-name rule would OCR {named}" if by_name else ""
    echo(f"{len(list(PDFS.glob('*.pdf')))} PDFs, {total} pages: {ocr} OCR'd{named_note}; {elapsed:.1f} s")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--by-name", action="store_true")
    run(parser.parse_args(argv).by_name)


if __name__ == "__main__":
    sys.exit(main())
