"""Section 10: ruled tables on scanned pages (pipeline/ingest/ocr_tables.py).

Table annexes of the generator (`ntm_corpus.tables`: commune x criteria tables, 8 communes x 19 criteria
marked "Đạt" or "x" under a two-row header with merged cells, one with its communes' rows not ruled
(only columns and header), and an indicator table STT | Chỉ tiêu | Đơn vị | Mục tiêu 2025 | Thời gian
hoàn thành with merged group rows and two-line cells), each rendered as a 300-dpi scan, a skewed
200-dpi copy and a phone photo (as section 8's), read by
- **ntm**: `ocr.recognize` (grid found, table read in its own Tesseract pass, rows put in the page text);
- **one pass**: the same grid, but the words of the page's one Tesseract pass (rules whitened) put in
  the cells: what reusing the page's TSV alone gives;
- **no tables**: ntm with table finding off (ntm before this work);
- **raw Tesseract**: `tesseract page.png - -l vie`.
Cell accuracy: cells (empty ones included) read exactly, row i of the text's tab lines against gold
row i; *filled*: of the gold cells holding text. *Rows in order*: rows whose cells stand, in order,
on one line of the text (tabs or spaces between) — the only measure that applies to raw Tesseract.
Times: wall seconds per page, one process, Tesseract single-threaded, on the same pages in one run.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import time
from pathlib import Path

from measure import character_error_rate, table

from ntm_corpus import render, tables
from ntm_corpus.generate import documents
from pipeline.ingest import columns, enhance, ocr, ocr_tables

GAZETTE_PDFS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus" / "gazette" / "pdf"
GAZETTE_PAGES = {"0041": 2, "0057": 1, "0169": 2, "0245": 2, "0263": 1, "0291": 2}  # first pages with a table
PHOTO = render.Photo(shade=0.25, blur=0.8, tilt=0.04, jpeg_quality=35, seed=7)  # as bench/renditions.py


def run(work: Path, seeds: int, gazette_pages: dict[str, int] = GAZETTE_PAGES) -> str:
    work.mkdir(parents=True, exist_ok=True)
    os.environ["OMP_THREAD_LIMIT"] = "1"
    kinds = ("ntm", "one pass", "no tables", "raw Tesseract")
    scores: dict[tuple[str, str], tables.Score] = {}
    seconds: dict[str, list[float]] = {k: [] for k in ("ntm", "no tables")}
    outside_cer: dict[tuple[str, str], list[float]] = {}
    pages = 0
    for seed in range(1, seeds + 1):
        for annex in tables.annexes(seed):
            for rendition, image in renditions(annex):
                path = work / f"{annex.kind}{seed}.{rendition.split()[0]}.png"
                image.save(path)
                pages += 1
                texts = {}
                started = time.perf_counter()
                texts["ntm"] = ocr.recognize(image).text
                seconds["ntm"].append(time.perf_counter() - started)
                texts["one pass"] = one_pass(image)
                started = time.perf_counter()
                texts["no tables"] = without_tables(image)
                seconds["no tables"].append(time.perf_counter() - started)
                texts["raw Tesseract"] = tesseract(path)
                for kind in kinds:
                    key = (f"{annex.kind} {rendition}", kind)
                    s = tables.score(texts[kind], annex.rows)
                    scores[key] = scores[key] + s if key in scores else s
                expected = "\n".join(annex.before + annex.after)
                above, below = _around(texts["ntm"])
                lines = [line for line in texts["no tables"].splitlines() if line.strip()]
                name = f"{annex.kind} {rendition}"
                outside_cer.setdefault((name, "ntm"), []).append(
                    character_error_rate("\n".join(above + below), expected))
                outside_cer.setdefault((name, "no tables"), []).append(
                    character_error_rate("\n".join(lines[:len(above)] + lines[-len(below):]), expected))

    rows = []
    for name in dict.fromkeys(k[0] for k in scores):
        cells = [scores[(name, k)] for k in kinds]
        rows.append([name, f"{cells[0].rows // seeds}x{cells[0].cells // cells[0].rows}",
                     *(_share(c.right, c.cells) for c in cells[:2]), _share(cells[0].folded, cells[0].cells),
                     *(_share(c.filled_right, c.filled) for c in cells[:2]),
                     *(_share(c.rows_in_order, c.rows) for c in cells),
                     *(f"{100 * _mean(outside_cer[(name, k)]):.2f}" for k in ("ntm", "no tables"))])
    total = {k: sum((scores[(n, k)] for n in dict.fromkeys(x[0] for x in scores)),
                    start=tables.Score(0, 0, 0, 0, 0, 0, 0)) for k in kinds}
    rows.append(["**all**", "", *(_share(total[k].right, total[k].cells) for k in kinds[:2]),
                 _share(total["ntm"].folded, total["ntm"].cells),
                 *(_share(total[k].filled_right, total[k].filled) for k in kinds[:2]),
                 *(_share(total[k].rows_in_order, total[k].rows) for k in kinds),
                 *(f"{100 * _mean([v for (n, kk), vs in outside_cer.items() if kk == k for v in vs]):.2f}"
                   for k in ("ntm", "no tables"))])
    check = check_costs(work)
    plain = ordinary_page_costs()
    real = gazette(gazette_pages, work)
    with_tables, without = sum(seconds["ntm"]) / pages, sum(seconds["no tables"]) / pages
    return "\n".join([
        f"{seeds} seed(s) x 4 annexes x 3 renditions = {pages} table pages.",
        "",
        table(["table, rendition", "rows x cells", "cells right: ntm %", "one pass %", "ntm, case folded %",
               "filled cells: ntm %", "one pass %", "rows in order: ntm %", "one pass %", "no tables %",
               "raw Tesseract %", "outside CER: ntm %", "no tables %"], rows),
        "",
        "*Case folded*: a mark \"x\" read \"X\" counted right (the table readers take either). *Outside CER*: the "
        "annex's title lines and note against the generator's (for *no tables*, as many lines from its start and end).",
        "",
        f"Cost on a table page: {with_tables:.2f} s with tables against {without:.2f} s without "
        f"(x{with_tables / without:.2f}; the table's own Tesseract pass and the grid). Finding grids, ms per page "
        "(best of 3): " + ", ".join(f"{name} {ms:.0f}" for name, ms in check.items()) + ". Whole OCR of an "
        f"ordinary 300-dpi page (median of 3 runs, in turn): {plain['with']:.2f} s with table finding against "
        f"{plain['without']:.2f} s without (x{plain['with'] / plain['without']:.3f}).",
        "",
        real,
    ])


def gazette(pages: dict[str, int], work: Path) -> str:
    """Real tables: gazette PDF pages with ruled tables, rendered at 300 dpi and OCR'd by ntm, against the rows
    pdfplumber reads from the same pages' text layer (pdf_tables.py)."""
    import pypdfium2 as pdfium

    from pipeline.ingest import pdf_tables

    total, rows, counted, raw_in_order = tables.Score(0, 0, 0, 0, 0, 0, 0), [], 0, 0
    for name, n in pages.items():
        path = GAZETTE_PDFS / f"{name}.pdf"
        if not path.exists():
            return f"Real tables: {GAZETTE_PDFS} not found, skipped."
        pdf = pdfium.PdfDocument(str(path))
        ruled = [i for i in range(len(pdf)) if pdf_tables.is_ruled(pdf[i])]
        found = pdf_tables.find_tables(path.read_bytes(), ruled)
        for i in [i for i in ruled if i in found][:n]:
            gold = [row.split("\t") for t in found[i] for row in t.rows]
            image = pdf[i].render(scale=300 / 72, grayscale=True).to_pil()
            text = ocr.recognize(image).text
            image.save(work / "gazette.png")
            s, raw = tables.score(text, gold), tables.score(tesseract(work / "gazette.png"), gold)
            total, counted, raw_in_order = total + s, counted + 1, raw_in_order + raw.rows_in_order
            read = sum("\t" in line for line in text.splitlines())
            rows.append([f"{name} p. {i + 1}", f"{len(gold)} / {read}", _share(s.right, s.cells),
                         _share(s.filled_right, s.filled), _share(s.rows_in_order, s.rows),
                         _share(raw.rows_in_order, raw.rows)])
    rows.append(["**all**", "", _share(total.right, total.cells), _share(total.filled_right, total.filled),
                 _share(total.rows_in_order, total.rows), _share(raw_in_order, total.rows)])
    return "\n".join([
        f"Real tables: {counted} pages of the gazette PDFs (../shared/corpus/gazette/pdf) with ruled tables, rendered "
        "at 300 dpi and OCR'd by ntm, against pdfplumber's rows from the same pages' text layer:",
        "",
        table(["page", "rows: pdfplumber / ntm's tab lines", "cells right %", "filled cells %", "rows in order %",
               "raw Tesseract: rows in order %"], rows),
    ])


def ordinary_page_costs(rounds: int = 3) -> dict[str, float]:
    """Seconds per ordinary page (no table): ntm's OCR with and without table finding, page by page in turn,
    median of `rounds` runs each (on a busy machine Tesseract's own variation exceeds the check's cost)."""
    images = [ocr.grayscale(p) for p in render.to_images(next(iter(documents(1, seed=7))).blocks, 300)]
    times: dict[str, list[float]] = {"with": [], "without": []}
    for _ in range(rounds):
        for image in images:
            started = time.perf_counter()
            ocr.recognize(image)
            times["with"].append(time.perf_counter() - started)
            started = time.perf_counter()
            without_tables(image)
            times["without"].append(time.perf_counter() - started)
    return {k: statistics.median(v) for k, v in times.items()}


def renditions(annex: tables.Annex):
    yield "scan 300 dpi", ocr.grayscale(render.to_images(annex.blocks, 300, tables.SCAN_300)[0])
    yield "copy 200 dpi", ocr.grayscale(render.to_images(annex.blocks, 200, tables.COPY_200)[0])
    yield "photo 150 dpi", render.to_photos(annex.blocks, PHOTO)[0]


def one_pass(image) -> str:
    """The grid's cells filled from the page's one Tesseract pass (rules whitened), no table pass."""
    image = enhance.prepare(ocr.grayscale(image)).image
    if ocr.speckle_share(image) > ocr.MAX_SPECKLE_SHARE:
        image = ocr.despeckle(image)
    found = ocr_tables.find(image)
    tsv = columns.header_columns_first(ocr._data(ocr_tables.without_rules(image, found)))
    if not found:
        return ocr.text_from_tsv(tsv)[0]
    rows = tsv.splitlines()
    page = [rows[0]] + [r for r in rows[1:] if not ocr_tables._inside(r.split("\t"), found)]
    for t, grid in enumerate(found.grids):
        words: dict = {}
        for r in rows[1:]:
            fields = r.split("\t")
            if ocr_tables._inside(fields, found) and (cell := ocr_tables._cell_of(grid, fields)) is not None:
                words.setdefault(cell, []).append(fields)
        at = ocr_tables._first_below(page[1:], grid.box[1]) + 1
        page[at:at] = ocr_tables._table_rows(grid, words, t)
    return ocr.text_from_tsv("\n".join(page))[0]


def without_tables(image) -> str:
    find = ocr_tables.find
    ocr_tables.find = lambda _: ocr_tables.NOTHING
    try:
        return ocr.recognize(image).text
    finally:
        ocr_tables.find = find


def tesseract(path: Path) -> str:
    return subprocess.run(["tesseract", str(path), "-", "-l", "vie"], check=True, capture_output=True,
                          text=True).stdout


def check_costs(work: Path) -> dict[str, float]:
    docs = list(documents(2, seed=7))
    copy = render.Degrade(skew_deg=0.8, blur=0.6, noise=0.004, stamp=True, seed=3)
    ordinary = {"ordinary page, 300 dpi": [ocr.grayscale(p) for d in docs for p in render.to_images(d.blocks, 300)],
                "ordinary page, 200-dpi copy": [ocr.grayscale(p) for d in docs
                                                for p in render.to_images(d.blocks, 200, copy)]}
    annex = tables.annexes(1)
    ordinary["table page, 300 dpi"] = [ocr.grayscale(render.to_images(a.blocks, 300, tables.SCAN_300)[0]) for a in annex]
    costs = {}
    for name, images in ordinary.items():
        assert name.startswith("table") or not any(ocr_tables.find(i) for i in images)
        costs[name] = min(_timed(lambda imgs=images: [ocr_tables.find(i) for i in imgs]) for _ in range(3)) / len(images)
    return costs


def _timed(run) -> float:
    started = time.perf_counter()
    run()
    return 1000 * (time.perf_counter() - started)


def _around(text: str) -> tuple[list[str], list[str]]:
    """The non-empty lines above the first tab line and below the last one."""
    lines = [line for line in text.splitlines() if line.strip()]
    rows = [i for i, line in enumerate(lines) if "\t" in line] or [len(lines)]
    return lines[:rows[0]], lines[rows[-1] + 1:]


def _share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}" if whole else "–"


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0
