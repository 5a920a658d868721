"""What OCR post-correction (pipeline/normalize/ocr_fix.py) buys: character error rate of OCR'd scans
before and after correction, the number of corrections, and how many of them were wrong.

    /tmp/venv/bin/python bench/ocr_correction.py [--cache DIR] [--conditions clean300,degraded300,...] [-v]

The shared documents (../shared, read here, never copied) are rendered with ntm_corpus.render as
image-only PDFs under each condition, read back with pipeline.ingest (Tesseract) and normalized; the
reference is the same text normalized without OCR. CER is the Levenshtein distance of the
whitespace-collapsed texts over the reference length. A correction is wrong when it changes a
character the OCR had right: aligning OCR text to reference (Levenshtein opcodes), it touches a
character inside an equal block, or inserts where nothing is missing. `--cache` keeps the OCR text
of each document and condition, so a rerun only times the correction.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz.distance import Levenshtein

from ntm_corpus import render
from pipeline.evaluate import collapsed
from pipeline.ingest import ingest
from pipeline.ingest.text import strip_markdown
from pipeline.normalize import normalize_document
from pipeline.normalize.mapped import MappedText
from pipeline.normalize.ocr_fix import Correction, correct
from pipeline.schema import Document, Page

SHARED_DOCS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "documents"
CONDITIONS = {  # name → (dpi, degradation)
    "clean300": (300, None),
    "degraded300": (300, render.Degrade(skew_deg=1.5, blur=1.2, noise=0.02, seed=3)),
    "clean200": (200, None),
    "degraded200": (200, render.Degrade(skew_deg=1.0, blur=0.8, noise=0.01, seed=5)),
}


@dataclass
class Result:
    chars: int = 0
    errors_before: int = 0
    errors_after: int = 0
    corrections: int = 0
    wrong: int = 0
    seconds: float = 0.0


def normalized_pages(pages: list[str]) -> str:
    doc = Document(source="-", sha256="", format="pdf",
                   pages=[Page(number=i + 1, text=t, source="ocr") for i, t in enumerate(pages)])
    return normalize_document(doc).text




def ocr_pages(name: str, blocks: list[render.Block], condition: str, cache: Path | None) -> list[str]:
    cached = cache / f"{condition}_{name}.json" if cache else None
    if cached and cached.exists():
        return json.loads(cached.read_text(encoding="utf-8"))
    dpi, degrade = CONDITIONS[condition]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, "scan.pdf")
        render.to_scanned_pdf(blocks, path, dpi=dpi, degrade=degrade)
        pages = [p.text for p in ingest(path).pages]
    if cached:
        cached.write_text(json.dumps(pages, ensure_ascii=False), encoding="utf-8")
    return pages


def wrong_corrections(ocr: str, reference: str, corrections: list[Correction]) -> list[Correction]:
    """Corrections that change a character the OCR read right.

    OCR text and reference are aligned (Levenshtein opcodes, white space read as one space): a
    correction changes a right character when it rewrites a non-space character of an equal block,
    or inserts where the reference has nothing the OCR lacks. Where several alignments are equally
    short the opcodes pick one, so a correction that lowers the distance to the reference on its own
    is not counted wrong ("II-" → "III-" after a speck the alignment matched with the missing I).
    """
    hyp, ref = re.sub(r"\s", " ", ocr), re.sub(r"\s", " ", reference)
    right = [False] * (len(hyp) + 1)
    missing = [False] * (len(hyp) + 1)  # the reference has characters here that the OCR lacks
    for tag, a1, a2, b1, b2 in Levenshtein.opcodes(hyp, ref):
        if tag == "equal":
            right[a1:a2] = [True] * (a2 - a1)
        elif b2 > b1:
            for i in range(a1, a2 + 1):
                missing[i] = True
    base = Levenshtein.distance(collapsed(ocr), collapsed(reference))
    wrong = []
    for c in corrections:
        touches_right = any(
            any(right[i] and not hyp[i].isspace() for i in range(start, end))
            or start == end and not any(missing[max(0, start - 1):start + 2])
            for start, end, _ in c.edits()
        )
        alone = ocr[:c.start] + c.replacement + ocr[c.end:]
        if touches_right and Levenshtein.distance(collapsed(alone), collapsed(reference)) >= base:
            wrong.append(c)
    return wrong


def run(condition: str, cache: Path | None, verbose: bool) -> Result:
    result = Result()
    for md in sorted(SHARED_DOCS.glob("*.md")):
        blocks = render.layout_from_text(strip_markdown(md.read_text(encoding="utf-8")))
        reference = normalized_pages(["\n".join(_paragraphs(blocks))])
        ocr = normalized_pages(ocr_pages(md.stem, blocks, condition, cache))
        start = time.perf_counter()
        fixed, corrections = correct(MappedText.from_raw(ocr))
        result.seconds += time.perf_counter() - start
        wrong = wrong_corrections(ocr, reference, corrections)
        result.chars += len(collapsed(reference))
        result.errors_before += Levenshtein.distance(collapsed(ocr), collapsed(reference))
        result.errors_after += Levenshtein.distance(collapsed(fixed.text), collapsed(reference))
        result.corrections += len(corrections)
        result.wrong += len(wrong)
        if verbose:
            for c in corrections:
                mark = "WRONG" if c in wrong else "ok   "
                context = ocr[max(0, c.start - 20):c.end + 20].replace("\n", "⏎")
                print(f"  {condition} {md.stem[:3]} {mark} {c.before!r} → {c.replacement!r} ({c.reason}) …{context}…")
    return result


def _paragraphs(blocks: list[render.Block]) -> list[str]:
    return [p.text for b in blocks for p in ([b] if isinstance(b, render.Para) else [*b.left, *b.right])]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, help="folder keeping the OCR text between runs")
    parser.add_argument("--conditions", default=",".join(CONDITIONS))
    parser.add_argument("-v", "--verbose", action="store_true", help="list every correction")
    args = parser.parse_args()
    if not SHARED_DOCS.is_dir():
        sys.exit(f"{SHARED_DOCS}: the shared documents are not beside the repository")
    if args.cache:
        args.cache.mkdir(parents=True, exist_ok=True)

    rows = [(name, run(name, args.cache, args.verbose)) for name in args.conditions.split(",")]
    docs = len(list(SHARED_DOCS.glob("*.md")))
    print(f"{docs} shared documents per condition; CER on whitespace-collapsed normalized text")
    print(f"{'condition':<12} {'chars':>7} {'CER before':>10} {'CER after':>10} {'corrections':>11} {'wrong':>5} {'fix s':>6}")
    for name, r in rows:
        print(f"{name:<12} {r.chars:>7} {r.errors_before / r.chars:>10.3%} {r.errors_after / r.chars:>10.3%} "
              f"{r.corrections:>11} {r.wrong:>5} {r.seconds:>6.2f}")


if __name__ == "__main__":
    main()
