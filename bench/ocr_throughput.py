"""Section 1: OCR throughput (pages/min) and character error rate on a generated scanned document.

The same generated document of 4+ pages, scanned at 300 dpi by `ntm_corpus.render.to_scanned_pdf`
(once clean, once as a scanner's copy), is read from two inputs, each by ntm and by Tesseract alone
given the same thing to start from:
  PDF          (a) ntm: `ingest(scan.pdf, workers=2)` (a plain scan's page is its JPEG decoded, see
                   pdf.scan_pixels; any other page is rendered by pypdfium2);
               (b) Tesseract alone: each page rendered by pypdfium2 (as ntm renders it) to a gray,
                   uncompressed TIFF (what Tesseract reads fastest), then `tesseract page.tif out -l vie`;
                   rendering is timed, two pages at a time;
               (c) OCRmyPDF: `ocrmypdf --sidecar out.txt --output-type none --jobs 2 -l vie scan.pdf -`;
  page images  (d) ntm: `ingest(page_1.png, workers=2)` (the files page_1.png ... are one document);
               (e) Tesseract alone: `tesseract page_N.png out -l vie`, two at a time.
Tesseract runs with OMP_THREAD_LIMIT=1 and its defaults (--psm 3, --oem 3, no -c option) everywhere.
The readers take turns within each round after one untimed warm-up round, so that load from other
engineers' work weighs on all alike; ratios are taken round by round and given as median and range.

Then ntm's extra CPU time per page, stage by stage: the same ingestion run in this process with each
stage function wrapped in a CPU clock (`stage_costs`), so what is timed is the pipeline's own path.
Each text is normalized by ntm's normalization and compared with the generator's .txt: CER =
Levenshtein distance / reference length, whitespace collapsed.
"""

from __future__ import annotations

import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from functools import wraps
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytesseract
from measure import Timing, character_error_rate, normalized, seconds, table, timed_in_turn

from ntm_corpus import render
from ntm_corpus.documents import Generated
from ntm_corpus.generate import documents
from pipeline.ingest import columns, enhance, images, ingest, ocr, ocr_tables, pdf, signature_block
from pipeline.ingest.pdf import render_page
from pipeline.normalize import normalize_document

DPI = 300
WORKERS = 2
OCRMYPDF_INSTALL = "bash scripts/setup.sh bench (OCRmyPDF into the venv, Ghostscript from apt)"
SCANS = {  # name → degradation: a clean scan, and a scanner's copy like the corpus generator's
    "clean": None,
    "scanner copy": render.Degrade(skew_deg=1.0, blur=0.6, noise=0.004, stamp=True, seed=1),
}
NTM_PDF, TESS_PDF, OCRMYPDF = "ntm: `ingest(scan.pdf)`", "Tesseract alone (pypdfium2 renders)", "OCRmyPDF"
NTM_PNG, TESS_PNG = "ntm: `ingest(page_1.png)`", "Tesseract alone"
PAIRS = {"PDF": (NTM_PDF, TESS_PDF), "page images": (NTM_PNG, TESS_PNG)}
# What ntm does around Tesseract, by the function doing it: (module, attribute) → its name in the report.
STAGES = {
    (pdf, "render_pixels"): "PDF page's pixels (a plain scan's JPEG decoded, any other page rendered)",
    (images, "load_frame"): "decode the image file (Pillow)",
    (ocr, "grayscale"): "grayscale + red-seal check",
    (enhance, "prepare"): "page-image quality stage: its checks, and its steps where needed",
    (enhance, "_unwarp"): "… of which perspective correction (photos)",
    (enhance, "divide_background"): "… of which illumination (background division)",
    (enhance, "rotate"): "… of which deskew (pages tilted 0.4-10°)",
    (ocr, "speckle_share"): "speckle check",
    (ocr, "despeckle"): "median filter (speckled pages only)",
    (ocr, "orientation"): "orientation check, OSD (doubtful pages only, incl. its Tesseract run)",
    (ocr_tables, "find"): "table check (ruled grid on the page)",
    (ocr_tables, "without_tables"): "tables whitened for the page's pass (pages with a table)",
    (pytesseract, "image_to_data"): "Tesseract call from Python (TIFF written, TSV read back)",
    (signature_block, "reread_name_line"): "signer's name line read again (incl. its Tesseract run)",
    (columns, "header_columns_first"): "column reading (two-column blocks)",
    (ocr_tables, "with_rows"): "table cells read again (incl. their Tesseract runs)",
    (ocr, "text_from_tsv"): "TSV → text",
    (ocr, "located_words"): "word boxes",
}
PYTHON_SIDE_ONLY = {(pytesseract, "image_to_data")}  # its child is Tesseract itself, not an extra
PARTS = {(enhance, "_unwarp"), (enhance, "divide_background"), (enhance, "rotate")}  # steps inside `prepare`


def run(work: Path, runs: int, min_pages: int = 4) -> str:
    doc = first_document(min_pages)
    reference = normalized([doc.text], fmt="txt", source="plain")
    ocrmypdf = find_ocrmypdf()
    rows, summary, stage_rows, pages = [], [], {}, 0
    for name, degrade in SCANS.items():
        folder = work / name.replace(" ", "_")
        scan, pages = scanned(doc, folder, degrade)
        files = page_files(scan, folder / "pages")
        readers = {
            NTM_PDF: lambda scan=scan: normalize_document(ingest(scan, workers=WORKERS)).text,
            TESS_PDF: lambda scan=scan, folder=folder: normalized(tesseract_on_pdf(scan, folder / "tess_pdf")),
            NTM_PNG: lambda files=files: normalize_document(ingest(files[0], workers=WORKERS)).text,
            TESS_PNG: lambda files=files, folder=folder: normalized(tesseract_alone(files, folder / "tess")),
        }
        if ocrmypdf:
            readers[OCRMYPDF] = \
                lambda scan=scan, folder=folder: normalized(ocrmypdf_sidecar(ocrmypdf, scan, folder / "side.txt"))
        measured = timed_in_turn(readers, runs, warm_up=True)
        for reader, (timing, text) in measured.items():
            rows.append(_row(name, reader, timing, pages, text, reference, measured))
        summary.append(_summary(name, measured, pages))
        stage_rows[name] = {"PDF": stage_costs(lambda scan=scan: ingest(scan, workers=1), runs),
                            "page images": stage_costs(lambda files=files: ingest(files[0], workers=1), runs)}

    lines = [
        f"Generated document {doc.doc_id} ({pages} pages, {len(reference):,} characters of gold text) scanned at "
        f"{DPI} dpi, clean and as a scanner's copy (1° skew, blur, speckles, a red seal on the last page). "
        f"Each reader starts from the same input as its peer: the PDF (every reader renders its pages, inside the "
        f"timed run) or the same page images (PNG files, gray where the page is gray, written untimed). "
        f"Median of {runs} timed rounds after a warm-up round, the readers taking turns within each round. "
        "*Throughput vs Tesseract*: Tesseract's wall time over the reader's on the same input (above 1: faster "
        "than Tesseract alone); for ntm, also the range over the rounds.",
        "",
        table(["scan", "input", "reader", "wall s", "pages/min", "CPU s", "throughput vs Tesseract", "CER %",
               "others' load (cores)"], rows, text_columns=3),
        "",
        *summary,
    ]
    if not ocrmypdf:
        lines += ["", f"OCRmyPDF skipped: it or Ghostscript is not installed; to include it: {OCRMYPDF_INSTALL}."]
    lines += [
        "",
        "Tesseract alone runs `tesseract IMAGE out -l vie` with OMP_THREAD_LIMIT=1, two pages at a time and no "
        "option (its inverted-text pass, `-c tessedit_do_invert=0`, was measured: no gain on these pages, so "
        "ntm runs Tesseract with its defaults too). On the PDF it first renders each page with pypdfium2 at "
        f"{DPI} dpi to a gray uncompressed TIFF, as ntm renders a page that is not a plain scan and hands it to "
        "Tesseract (Tesseract reads TIFF ~0.13 s a page faster than PGM); ntm decodes these plain scans' JPEGs "
        "instead of rendering them (`pdf.scan_pixels`), so on the PDF ntm saves what Tesseract alone spends "
        "rendering; the page images give both exactly the same start. ntm asks Tesseract for TSV (word boxes and confidences; "
        "Tesseract's own cost differs from plain text by ~1 %) and adds what the table below lists. "
        "OCRmyPDF runs as `ocrmypdf --sidecar out.txt --output-type none --jobs 2 -l vie scan.pdf -`. "
        "Every reader's time includes ntm's normalization of its text (a few ms).",
        "",
        f"**ntm's extra CPU per page, by stage** (ms, median of {runs} runs; the same ingestion in one process, "
        "`workers=1`, each stage function timed by CPU clock, its Tesseract subprocesses excluded unless said; "
        "*n* = pages it ran on). "
        "*Extra in the timed rounds* is ntm's CPU time minus Tesseract alone's on the same input, per page: it "
        "also holds what the stages do not (the worker pool, reading the PDF's text layer, Tesseract writing "
        "TSV instead of text).",
        "",
        stage_table(stage_rows, pages, measured_extra(rows, pages)),
        "",
        "CER: Levenshtein distance over the gold length, both texts normalized by ntm and whitespace-collapsed. "
        "Part of raw Tesseract's and OCRmyPDF's CER is layout, not recognition: the two-column letterhead and "
        "signature block are read across both columns (ntm reads them column by column, as the gold does), "
        "and en dashes (–) come out as hyphens.",
    ]
    return "\n".join(lines)


# ── inputs ───────────────────────────────────────────────────────────────────


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


def page_files(scan: Path, folder: Path) -> list[Path]:
    """Each page as rendered at DPI, saved as page_1.png, page_2.png ...: gray where the page has no colour
    (as a scanner saves it), RGB on the page with the red seal."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(len(pdfium.PdfDocument(str(scan)))):
        image = render_page(str(scan), i, DPI)
        pixels = np.asarray(image)
        if (pixels[..., 0] == pixels[..., 1]).all() and (pixels[..., 1] == pixels[..., 2]).all():
            image = image.convert("L")
        path = folder / f"page_{i + 1}.png"
        image.save(path)
        paths.append(path)
    return paths


# ── peers ────────────────────────────────────────────────────────────────────


def _tesseract(image: Path, base: Path) -> str:
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    subprocess.run(["tesseract", str(image), str(base), "-l", "vie"], env=env, check=True, capture_output=True)
    return base.with_suffix(".txt").read_text(encoding="utf-8")


def tesseract_alone(images: list[Path], out: Path) -> list[str]:
    out.mkdir(parents=True, exist_ok=True)
    with ThreadPoolExecutor(WORKERS) as pool:
        return list(pool.map(lambda image: _tesseract(image, out / image.stem), images))


def tesseract_on_pdf(scan: Path, out: Path) -> list[str]:
    """Each page rendered (pypdfium2, gray uncompressed TIFF) then read by Tesseract, two pages at a time."""
    out.mkdir(parents=True, exist_ok=True)

    def one(index: int) -> str:
        image = out / f"page{index + 1}.tif"
        render_page(str(scan), index, DPI).convert("L").save(image, format="TIFF")
        return _tesseract(image, out / image.stem)

    with ThreadPoolExecutor(WORKERS) as pool:
        return list(pool.map(one, range(len(pdfium.PdfDocument(str(scan))))))


def find_ocrmypdf() -> str | None:
    """OCRmyPDF (beside this Python, or on PATH) when it and the Ghostscript it needs are installed."""
    found = shutil.which("ocrmypdf", path=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
    return found if found and shutil.which("gs") else None


def ocrmypdf_sidecar(ocrmypdf: str, scan: Path, sidecar: Path, *options: str) -> list[str]:
    with tempfile.TemporaryFile() as sink:  # `-` with --output-type none: nothing useful on stdout
        subprocess.run([ocrmypdf, "--sidecar", str(sidecar), "--output-type", "none", "--jobs", str(WORKERS),
                        "-l", "vie", "--quiet", *options, str(scan), "-"], check=True, stdout=sink, stderr=subprocess.PIPE)
    return sidecar.read_text(encoding="utf-8").split("\f")  # one form feed between pages


# ── stage costs ──────────────────────────────────────────────────────────────


def stage_costs(read: Callable[[], object], runs: int) -> dict[str, tuple[float, int]]:
    """Median CPU seconds (over `runs` runs) and calls of each STAGES function during `read()` (run in
    this process)."""
    measured = [_stage_costs(read) for _ in range(runs)]
    return {name: (statistics.median(run.get(name, (0.0, 0))[0] for run in measured), calls)
            for name, (_, calls) in measured[-1].items()}


def _stage_costs(read: Callable[[], object]) -> dict[str, tuple[float, int]]:
    spent: dict[str, float] = Counter()
    calls: dict[str, int] = Counter()
    active = []

    def clocked(name: str, function, with_children: bool, part: bool):
        @wraps(function)
        def run(*args, **kwargs):
            if active and not part:  # a stage inside another (the OSD's image hand-off): counted in the outer one
                return function(*args, **kwargs)
            if not part:
                active.append(name)
            start = _cpu(with_children)
            try:
                return function(*args, **kwargs)
            finally:
                spent[name] += _cpu(with_children) - start
                calls[name] += 1
                if not part:
                    active.pop()
        return run

    present = {key: name for key, name in STAGES.items() if hasattr(*key)}  # a stage renamed since: left out
    with _patched({key: clocked(name, getattr(*key), key not in PYTHON_SIDE_ONLY, key in PARTS)
                   for key, name in present.items()}):
        read()
    return {name: (spent[name], calls[name]) for name in STAGES.values() if calls[name]}


@contextmanager
def _patched(replacements: dict):
    saved = {key: getattr(*key) for key in replacements}
    try:
        for (module, attribute), function in replacements.items():
            setattr(module, attribute, function)
        yield
    finally:
        for (module, attribute), function in saved.items():
            setattr(module, attribute, function)


def _cpu(with_children: bool) -> float:
    if not with_children:
        return time.process_time()
    me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime


def stage_table(stages: dict[str, dict[str, dict[str, tuple[float, int]]]], pages: int,
                extra: dict[tuple[str, str], float]) -> str:
    columns_ = [(scan, source) for scan in stages for source in stages[scan]]
    names = [name for name in STAGES.values() if any(name in stages[s][i] for s, i in columns_)]
    rows = []
    for name in names:
        cells = []
        for scan, source in columns_:
            seconds_, calls = stages[scan][source].get(name, (0.0, 0))
            cells.append(f"{1000 * seconds_ / pages:.0f} (n={calls})" if calls else "–")
        rows.append([name, *cells])
    parts = {STAGES[key] for key in PARTS}
    totals = [f"**{1000 * sum(s for name, (s, _) in stages[scan][source].items() if name not in parts) / pages:.0f}**"
              for scan, source in columns_]
    rows.append(["**sum of the stages**", *totals])
    rows.append(["extra in the timed rounds (ntm CPU − Tesseract's, per page)",
                 *(f"{1000 * extra[key]:.0f}" if key in extra else "–" for key in columns_)])
    return table(["stage (ms per page of the document; n = pages it ran on)",
                  *(f"{scan}, {source}" for scan, source in columns_)], rows)


def measured_extra(rows: list[list[str]], pages: int) -> dict[tuple[str, str], float]:
    """(scan, input) → ntm's CPU seconds per page over Tesseract's in the timed rounds."""
    cpu = {(row[0], row[2]): float(row[5]) for row in rows}
    return {(scan, source): (cpu[scan, ntm] - cpu[scan, tess]) / pages
            for scan in SCANS for source, (ntm, tess) in PAIRS.items() if (scan, ntm) in cpu}


# ── rows ─────────────────────────────────────────────────────────────────────


def _source(reader: str) -> str:
    return "page images" if reader in (NTM_PNG, TESS_PNG) else "PDF"


def _row(scan: str, reader: str, timing: Timing, pages: int, text: str, reference: str,
         measured: dict[str, tuple[Timing, str]]) -> list[str]:
    source = _source(reader)
    peer = measured[PAIRS[source][1]][0]
    vs = f"{peer.wall / timing.wall:.2f}×" if reader != PAIRS[source][1] else "1 (peer)"
    if reader == PAIRS[source][0]:
        low, high = _round_range(timing, peer)
        vs += f" ({low:.2f}–{high:.2f})"
    return [scan, source, reader, seconds(timing.wall), f"{60 * pages / timing.wall:.1f}", f"{timing.cpu:.2f}", vs,
            f"{100 * character_error_rate(text, reference):.2f}", f"{timing.others:.2f}"]


def _round_range(ntm: Timing, peer: Timing) -> tuple[float, float]:
    ratios = [p / n for n, p in zip(ntm.walls, peer.walls, strict=True)]
    return min(ratios), max(ratios)


def _summary(scan: str, measured: dict[str, tuple[Timing, str]], pages: int) -> str:
    parts = []
    for source, (ntm, tess) in PAIRS.items():
        n, t = measured[ntm][0], measured[tess][0]
        ratios = [p / q for q, p in zip(n.walls, t.walls, strict=True)]
        parts.append(f"from the {source} {statistics.median(ratios):.2f}× (rounds {min(ratios):.2f}–{max(ratios):.2f}; "
                     f"{60 * pages / n.wall:.0f} against {60 * pages / t.wall:.0f} pages/min; CPU "
                     f"{t.cpu / n.cpu:.2f}×)")
    return f"- **{scan}**: ntm's OCR throughput over Tesseract alone's, " + "; ".join(parts) + "."
