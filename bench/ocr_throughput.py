"""Section 1: OCR throughput (pages/min) and character error rate on a generated scanned document.

The same image-only PDF (a generated document of 4+ pages, scanned at 300 dpi by
`ntm_corpus.render.to_scanned_pdf`, once clean and once as a scanner's copy) is read by
  (a) ntm: `pipeline.ingest.ingest(pdf, workers=2)` — renders each page, OCRs it in a pool of 2;
  (b) Tesseract alone: the pages pre-rendered to PGM files (untimed), `tesseract page.pgm out -l vie`
      two at a time with OMP_THREAD_LIMIT=1 — ntm's settings (default --psm 3 and --oem, `vie`);
  (c) OCRmyPDF: `ocrmypdf --sidecar out.txt --output-type none --jobs 2 -l vie scan.pdf -`.
Each text is normalized by ntm's normalization (pages as OCR pages) and compared with the
generator's .txt (normalized too): CER = Levenshtein distance / reference length, whitespace collapsed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pypdfium2 as pdfium
from measure import Timing, character_error_rate, normalized, ratio, seconds, table, timed, timed_in_turn

from ntm_corpus import render
from ntm_corpus.documents import Generated
from ntm_corpus.generate import documents
from pipeline.ingest import ingest
from pipeline.ingest.ocr import grayscale, speckle_share
from pipeline.ingest.pdf import render_page
from pipeline.normalize import normalize_document

DPI = 300
WORKERS = 2
OCRMYPDF_INSTALL = "pip install ocrmypdf (into ntm's venv) and apt-get install ghostscript"
SCANS = {  # name → degradation: a clean scan, and a scanner's copy like the corpus generator's
    "clean": None,
    "scanner copy": render.Degrade(skew_deg=1.0, blur=0.6, noise=0.004, stamp=True, seed=1),
}


def run(work: Path, runs: int, min_pages: int = 4) -> str:
    doc = first_document(min_pages)
    reference = normalized([doc.text], fmt="txt", source="plain")
    ocrmypdf = shutil.which("ocrmypdf", path=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
    rows, pages, steps = [], 0, (0.0, 0.0)
    for name, degrade in SCANS.items():
        folder = work / name.replace(" ", "_")
        scan, pages = scanned(doc, folder, degrade)
        images = prerender(scan, folder / "pages")
        readers = {
            "ntm: `ingest(pdf, workers=2)`":
                lambda scan=scan: normalize_document(ingest(scan, workers=WORKERS)).text,
            "Tesseract alone, 2 processes":
                lambda images=images, folder=folder: normalized(tesseract_alone(images, folder / "tess")),
        }
        if ocrmypdf and shutil.which("gs"):
            readers["OCRmyPDF `--sidecar --output-type none --jobs 2`"] = \
                lambda scan=scan, folder=folder: normalized(ocrmypdf_sidecar(ocrmypdf, scan, folder / "side.txt"))
        measured = timed_in_turn(readers, runs)
        ntm = next(iter(measured.values()))[0]
        rows += [_row(name, reader, timing, pages, text, reference, ntm)
                 for reader, (timing, text) in measured.items()]
        if degrade is None:
            steps = ntm_steps(scan, pages, runs)


    lines = [
        f"Generated document {doc.doc_id} ({pages} pages, {len(reference):,} characters of gold text) scanned at "
        f"{DPI} dpi, clean and as a scanner's copy (1° skew, blur, speckles, a red seal on the last page); "
        f"median of {runs} runs each, the readers taking turns within each round. *ntm / other* is ntm's wall "
        "time over the other reader's: above 1 ntm is slower.",
        "",
        table(["scan", "reader", "wall s", "pages/min", "CPU s", "ntm / other", "CER %", "others' load (cores)"],
              rows, text_columns=2),
    ]
    if not (ocrmypdf and shutil.which("gs")):
        missing = "ocrmypdf" if not ocrmypdf else "ghostscript (gs)"
        lines += ["", f"OCRmyPDF skipped: {missing} is not installed; to include it: {OCRMYPDF_INSTALL}."]
    lines += [
        "",
        "Tesseract alone reads page images already on disk (PGM, rendered untimed the way ntm renders them) "
        "with `tesseract page.pgm out -l vie`, OMP_THREAD_LIMIT=1, two pages at a time; ntm's time includes "
        "rendering each page from the PDF inside its workers, the speckle check (and a median filter on the "
        "speckled copy) and parsing Tesseract's TSV. OCRmyPDF runs as "
        "`ocrmypdf --sidecar out.txt --output-type none --jobs 2 -l vie scan.pdf -`. Every reader's time "
        "includes ntm's normalization of its text (a few ms). What ntm does besides Tesseract, per page of the "
        f"clean scan, in one process (median of {runs}): rendering at {DPI} dpi {steps[0] * 1000:.0f} ms, the "
        f"speckle check {steps[1] * 1000:.0f} ms.",
        "",
        "CER: Levenshtein distance over the gold length, both texts normalized by ntm and whitespace-collapsed. "
        "Part of every reader's CER is layout, not recognition: the two-column letterhead and signature block "
        "are read across both columns while the gold lists the left column first, and en dashes (–) come "
        "out as hyphens.",
    ]
    return "\n".join(lines)


def ntm_steps(scan: Path, pages: int, runs: int) -> tuple[float, float]:
    """Seconds per page ntm spends rendering a page and checking it for speckles."""
    render_time, images = timed(lambda: [render_page(str(scan), i, DPI) for i in range(pages)], runs)
    check_time, _ = timed(lambda: [speckle_share(grayscale(image)) for image in images], runs)
    return render_time.wall / pages, check_time.wall / pages


def first_document(min_pages: int) -> Generated:
    """The first generated document (seed 0) that typesets to at least `min_pages` pages."""
    with tempfile.TemporaryDirectory() as tmp:
        digital = Path(tmp, "digital.pdf")
        for doc in documents(50, seed=0):
            render.to_pdf(doc.blocks, digital)
            if len(pdfium.PdfDocument(str(digital))) >= min_pages:
                return doc
    raise RuntimeError(f"no generated document of {min_pages}+ pages among the first 50")


def scanned(doc: Generated, folder: Path, degrade: render.Degrade | None) -> tuple[Path, int]:
    folder.mkdir(parents=True, exist_ok=True)
    scan = folder / f"{doc.doc_id}.scan{DPI}.pdf"
    render.to_scanned_pdf(doc.blocks, scan, dpi=DPI, degrade=degrade)
    (folder / f"{doc.doc_id}.txt").write_text(doc.text, encoding="utf-8")
    return scan, len(pdfium.PdfDocument(str(scan)))


def prerender(scan: Path, folder: Path) -> list[Path]:
    """Each page as an 8-bit grayscale PGM at DPI, rendered the way ntm renders it."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(len(pdfium.PdfDocument(str(scan)))):
        path = folder / f"page{i + 1}.pgm"
        render_page(str(scan), i, DPI).convert("L").save(path, format="PPM")
        paths.append(path)
    return paths


def tesseract_alone(images: list[Path], out: Path) -> list[str]:
    out.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}

    def one(image: Path) -> str:
        base = out / image.stem
        subprocess.run(["tesseract", str(image), str(base), "-l", "vie"], env=env, check=True, capture_output=True)
        return base.with_suffix(".txt").read_text(encoding="utf-8")

    with ThreadPoolExecutor(WORKERS) as pool:
        return list(pool.map(one, images))


def ocrmypdf_sidecar(ocrmypdf: str, scan: Path, sidecar: Path) -> list[str]:
    with tempfile.TemporaryFile() as sink:  # `-` with --output-type none: nothing useful on stdout
        subprocess.run([ocrmypdf, "--sidecar", str(sidecar), "--output-type", "none", "--jobs", str(WORKERS),
                        "-l", "vie", "--quiet", str(scan), "-"], check=True, stdout=sink, stderr=subprocess.PIPE)
    return sidecar.read_text(encoding="utf-8").split("\f")  # one form feed between pages


def _row(scan: str, name: str, timing: Timing, pages: int, text: str, reference: str, ntm: Timing) -> list[str]:
    return [scan, name, seconds(timing.wall), f"{60 * pages / timing.wall:.1f}", seconds(timing.cpu),
            ratio(ntm.wall, timing.wall), f"{100 * character_error_rate(text, reference):.2f}",
            f"{timing.others:.2f}"]
