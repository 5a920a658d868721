"""OCR wall time for a 4-page document at 300 dpi: our process pool against Tesseract's own threading,
and what orientation detection (OSD) and denoising cost. Median of 3 runs; prints a table.

    /tmp/venv/bin/python bench/ocr_speed.py [--runs 3] [--pages 4]

Uses the first pages of a shared document when ../shared is beside the repository, else a text
written for the benchmark. The scanned PDF is rendered once; every configuration OCRs the same file.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

import pypdfium2 as pdfium
import pytesseract
from rapidfuzz.distance import Levenshtein

from ntm_corpus import render
from pipeline.ingest import ocr
from pipeline.ingest.pdf import render_page
from pipeline.ingest.text import strip_markdown
from pipeline.normalize import normalize_document
from pipeline.schema import Document, Page

SHARED_DOCS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "documents"
FALLBACK_PARAGRAPH = (
    "Ủy ban nhân dân xã tiếp tục chỉ đạo các thôn rà soát, đánh giá thực trạng các tiêu chí nông thôn mới; "
    "huy động các nguồn lực đầu tư hạ tầng giao thông, thủy lợi, trường học, cơ sở vật chất văn hóa; "
    "phấn đấu đến hết năm 2024 đạt 19/19 tiêu chí, thu nhập bình quân đầu người đạt 65 triệu đồng/năm."
)


def document_blocks(pages: int) -> list[render.Block]:
    shared = sorted(SHARED_DOCS.glob("*.md")) if SHARED_DOCS.is_dir() else []
    if shared:
        text = strip_markdown(max(shared, key=lambda p: p.stat().st_size).read_text(encoding="utf-8"))
    else:
        text = "\n".join(f"{i}. {FALLBACK_PARAGRAPH}" for i in range(1, 60))
    blocks = render.layout_from_text(text)
    lo, hi = 1, len(blocks)  # the longest prefix that fits on `pages` pages
    while lo < hi:
        mid = (lo + hi + 1) // 2
        lo, hi = (mid, hi) if page_count(blocks[:mid]) <= pages else (lo, mid - 1)
    return blocks[:lo]


def page_count(blocks: list[render.Block]) -> int:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        render.to_pdf(blocks, f.name)
        return len(pdfium.PdfDocument(f.name))


def timed(run, runs: int):
    """(median wall time, median CPU time, last result). CPU time counts this process and its
    finished children (workers, tesseract processes): it shows what a busy machine hides in wall time."""
    walls, cpus, result = [], [], None
    for _ in range(runs):
        start, cpu_start = time.perf_counter(), _cpu_seconds()
        result = run()
        walls.append(time.perf_counter() - start)
        cpus.append(_cpu_seconds() - cpu_start)
    return statistics.median(walls), statistics.median(cpus), result


def _cpu_seconds() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def tesseract_default_threads(loaders) -> list[str]:
    """Sequential pages, one tesseract process at a time using its default OpenMP threads."""
    saved = os.environ.pop("OMP_THREAD_LIMIT", None)
    try:
        return [ocr.text_from_tsv(pytesseract.image_to_data(ocr._as_tiff(ocr.grayscale(load())), lang=ocr.LANGUAGE))[0]
                for load in loaders]
    finally:
        if saved is not None:
            os.environ["OMP_THREAD_LIMIT"] = saved


def forced_osd(loaders, workers) -> list[ocr.OcrPage]:
    """What OSD on every page would cost: orientation first, then OCR."""
    return ocr.recognize_pages([partial(_osd_then_load, load) for load in loaders], workers, detect_orientation=False)


def _osd_then_load(load):
    image = ocr.grayscale(load())
    ocr.orientation(image)
    return image


def character_error_rate(texts: list[str], reference: str) -> float:
    hypothesis = " ".join(normalized("\n\n".join(texts)).split())
    reference = " ".join(normalized(reference).split())
    return Levenshtein.distance(hypothesis, reference) / len(reference)


def normalized(text: str) -> str:
    doc = Document(source="-", sha256="", format="txt", pages=[Page(number=1, text=text, source="plain")])
    return normalize_document(doc).text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pages", type=int, default=4)
    args = parser.parse_args()
    ocr.check_available()
    cpus = ocr.available_cpus()
    load_before = os.getloadavg()[0]

    with tempfile.TemporaryDirectory() as tmp:
        blocks = document_blocks(args.pages)
        clean, noisy = Path(tmp, "clean.pdf"), Path(tmp, "noisy.pdf")
        render.to_scanned_pdf(blocks, clean)
        render.to_scanned_pdf(blocks, noisy, degrade=render.Degrade(skew_deg=1.2, blur=1.0, noise=0.01, seed=1))
        pages = len(pdfium.PdfDocument(str(clean)))
        loaders = [partial(render_page, str(clean), i, 300) for i in range(pages)]
        noisy_loaders = [partial(render_page, str(noisy), i, 300) for i in range(pages)]

        configurations = [
            (f"pool of {cpus}, 1 thread each (default)", loaders, lambda pages: ocr.recognize_pages(pages, cpus)),
            (f"pool of {cpus}, no OSD check, no speckle check", loaders,
             lambda pages: ocr.recognize_pages(pages, cpus, detect_orientation=False, denoise=False)),
            (f"pool of {cpus}, OSD forced on every page", loaders, lambda pages: forced_osd(pages, cpus)),
            ("in process, 1 thread (workers=1)", loaders, lambda pages: ocr.recognize_pages(pages, 1)),
            ("tesseract default threading, pages in turn", loaders, tesseract_default_threads),
            (f"noisy scan: pool of {cpus}, denoise on", noisy_loaders, lambda pages: ocr.recognize_pages(pages, cpus)),
            (f"noisy scan: pool of {cpus}, denoise off", noisy_loaders,
             lambda pages: ocr.recognize_pages(pages, cpus, denoise=False)),
        ]
        wall, cpu, _ = timed(lambda: [load() for load in loaders], args.runs)
        rows = [("render pages with pypdfium2 (300 dpi, gray)", wall, cpu, None)]
        reference = "\n".join(p.text for p in blocks)
        for name, page_loaders, run in configurations:
            wall, cpu, result = timed(partial(run, page_loaders), args.runs)
            texts = [r if isinstance(r, str) else r.text for r in result]
            rows.append((name, wall, cpu, character_error_rate(texts, reference)))

    print(f"{pages} pages at 300 dpi, {cpus} CPUs, median of {args.runs} runs, "
          f"load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after (other work skews wall times)",
          file=sys.stderr)
    width = max(len(row[0]) for row in rows)
    print(f"{'configuration':<{width}}  {'wall s':>7}  {'s/page':>7}  {'CPU s':>7}  {'CER %':>6}")
    for name, wall, cpu, error_rate in rows:
        cer_text = f"{100 * error_rate:6.2f}" if error_rate is not None else f"{'':>6}"
        print(f"{name:<{width}}  {wall:7.2f}  {wall / pages:7.2f}  {cpu:7.2f}  {cer_text}")


if __name__ == "__main__":
    main()
