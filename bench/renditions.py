"""Section 7: documents as they really arrive — phone photos, stamped 200-dpi copies, header blocks.

Generated documents (seed 7) are rendered as
- **phone photo**: each page photographed by `ntm_corpus.render.to_photo_files` (150 dpi, lit from one
  side down to 25 % brightness, 4 % perspective, blur, JPEG quality 35), a series `<id>.photo_1.jpg`,
  `<id>.photo_2.jpg` ... that ntm reads as one document;
- **stamped 200 dpi**: an image-only PDF at 200 dpi (1° skew, blur, speckles, a red seal over the signature);
- **header block**: the two-column header alone (issuer and number left, motto and place-date right),
  scanned at 300 and at 200 dpi.
ntm (`ntm extract`, 2 workers) and raw Tesseract (`tesseract image - -l vie`, OMP_THREAD_LIMIT=1, on the
same images ntm OCRs) are compared by CER against the generator's text; extraction F1 of each rendition
is set beside the same documents' text form (gold: the generator's). The page-image stage is timed per
step on the photos and its check on clean pages.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from measure import character_error_rate, normalized, table
from scan_f1 import _f1, _micro, _summed

from ntm_corpus import render
from ntm_corpus.generate import documents
from pipeline import batch
from pipeline.evaluate import evaluate
from pipeline.ingest import enhance
from pipeline.ingest.ocr import grayscale
from pipeline.ingest.pdf import render_page

SEED = 7
PHOTO = render.Photo(shade=0.25, blur=0.8, tilt=0.04, jpeg_quality=35, seed=SEED)
SEAL = render.Degrade(skew_deg=1.0, blur=0.8, noise=0.01, stamp=True, seed=SEED)
HEADER_SCAN = render.Degrade(skew_deg=0.5, blur=0.5, noise=0.002, seed=SEED)


def run(work: Path, n_docs: int) -> str:
    shutil.rmtree(work / "renditions", ignore_errors=True)
    folder, gold, out = work / "renditions" / "documents", work / "renditions" / "gold", work / "renditions" / "out"
    folder.mkdir(parents=True)
    gold.mkdir()
    docs = list(documents(n_docs, seed=SEED))
    raw: dict[str, list[str]] = {"phone photo": [], "stamped 200 dpi": [], "header 300 dpi": [], "header 200 dpi": []}
    references: dict[str, list[str]] = {k: [] for k in raw}
    headers: list[Path] = []
    for doc in docs:
        (folder / f"{doc.doc_id}.txt").write_text(doc.text, encoding="utf-8")
        (gold / f"{doc.doc_id}.json").write_text(json.dumps(doc.gold, ensure_ascii=False), encoding="utf-8")
        photos = render.to_photo_files(doc.blocks, folder / f"{doc.doc_id}.photo", PHOTO, stamp=True)
        raw["phone photo"].append("\n\n".join(tesseract(p) for p in photos))
        references["phone photo"].append(doc.text)
        sealed = folder / f"{doc.doc_id}.seal200.pdf"
        render.to_scanned_pdf(doc.blocks, sealed, dpi=200, degrade=SEAL)
        raw["stamped 200 dpi"].append("\n\n".join(tesseract(image) for image in pdf_pages(sealed, 200, work)))
        references["stamped 200 dpi"].append(doc.text)
        block = [b for b in doc.blocks if isinstance(b, render.Columns)][:1]
        for dpi in (300, 200):
            path = work / "renditions" / f"{doc.doc_id}.header{dpi}.png"
            render.to_images(block, dpi=dpi, degrade=HEADER_SCAN)[0].save(path, dpi=(dpi, dpi))
            headers.append(path)
            raw[f"header {dpi} dpi"].append(tesseract(path))
            references[f"header {dpi} dpi"].append(header_text(block))

    started = time.perf_counter()
    summary = batch.run("extract", [folder], out, batch.Options(workers=2), echo=lambda _: None)
    elapsed = time.perf_counter() - started
    predicted = {p.stem: p for p in (out / "documents").glob("*.json")}
    header_out = work / "renditions" / "headers_out"
    batch.run("normalize", headers, header_out, batch.Options(workers=2), echo=lambda _: None)

    cer_rows = []
    for kind, suffix in (("phone photo", ".photo_1"), ("stamped 200 dpi", ".seal200")):
        ntm = [_text(predicted[f"{d.doc_id}{suffix}"]) for d in docs]
        cer_rows.append(_cer_row(kind, ntm, raw[kind], references[kind]))
    for dpi in (300, 200):
        kind = f"header {dpi} dpi"
        ntm = [_text(header_out / f"{d.doc_id}.header{dpi}.json") for d in docs]
        cer_rows.append(_cer_row(kind, ntm, raw[kind], references[kind]))

    report = evaluate(gold, out)
    groups: dict[str, dict] = {"text": {}, "phone photo": {}, "stamped 200 dpi": {}}
    for name, scores in report.documents.items():
        kind = "text" if "." not in name else ("phone photo" if ".photo" in name else "stamped 200 dpi")
        groups[kind][name] = scores
    totals = {kind: _summed(found.values()) for kind, found in groups.items()}
    fields = list(next(iter(totals.values())))
    f1_rows = [[f, *(_f1(totals[k][f]) for k in groups)] for f in fields]
    f1_rows.append(["**all fields (micro)**", *(_f1(_micro(totals[k])) for k in groups)])
    seals = [_signer(predicted[f"{d.doc_id}.seal200"]) == _gold_signer(d.gold) for d in docs]

    steps = stage_costs(docs[0], work)
    return "\n".join([
        f"{len(docs)} generated documents (seed {SEED}); `ntm extract` on {summary.ok} files "
        f"({summary.pages_ocr} pages OCR'd, {elapsed:.0f} s with 2 workers). CER % (ntm vs raw Tesseract on "
        "the same images; both texts normalized by ntm, whitespace collapsed):",
        "",
        table(["rendition", "documents", "ntm CER %", "raw Tesseract CER %", "ntm CER %, dashes folded"], cer_rows),
        "",
        "*Dashes folded*: en and em dashes counted as hyphens (the generator prints the motto with en dashes, "
        "which every reader returns as hyphens).",
        "",
        f"Signer right on the stamped 200-dpi scans: {sum(seals)}/{len(seals)}. Extraction F1 per field, "
        "each rendition beside the text form of the same documents:",
        "",
        table(["field", *groups], f1_rows),
        "",
        "Page-image stage (enhance.prepare), ms per page, one process: " + ", ".join(
            f"{name} {ms:.0f}" for name, ms in steps.items()) + ".",
    ])


def header_text(blocks: list[render.Block]) -> str:
    columns = blocks[0]
    return "\n".join(p.text for p in [*columns.left, *columns.right])


def tesseract(image: Path) -> str:
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    return subprocess.run(["tesseract", str(image), "-", "-l", "vie"], env=env, check=True,
                          capture_output=True, text=True).stdout


def pdf_pages(path: Path, dpi: int, work: Path) -> list[Path]:
    """Each page rendered as ntm renders it for OCR, saved as PGM for raw Tesseract."""
    paths = []
    for i in range(len(pdfium.PdfDocument(str(path)))):
        page = work / "renditions" / f"{path.stem}.p{i + 1}.pgm"
        grayscale(render_page(str(path), i, dpi)).save(page, format="PPM")
        paths.append(page)
    return paths


def stage_costs(doc, work: Path) -> dict[str, float]:
    """Milliseconds per page: the check on a clean 300-dpi page, and each step on a phone photo."""
    clean = [grayscale(p) for p in render.to_images(doc.blocks, dpi=300)]
    page = grayscale(render.to_photos(doc.blocks, PHOTO)[0])
    costs = {"check on a clean 300-dpi page": _ms(lambda: [enhance.prepare(p) for p in clean]) / len(clean)}
    gray = np.asarray(page)
    small, scale = enhance._small(gray)
    quad = enhance.page_quadrilateral(small) / scale
    costs["perspective (incl. finding the page)"] = _ms(lambda: enhance._unwarp(gray, enhance.page_quadrilateral(small) / scale))
    flat = enhance._unwarp(gray, quad)
    costs["illumination"] = _ms(lambda: enhance.divide_background(flat))
    even = enhance.divide_background(flat)
    costs["upscale (incl. its check)"] = _ms(lambda: enhance.upscale_factor(even))
    costs["whole stage on a photo"] = _ms(lambda: enhance.prepare(page))
    return costs


def _ms(run, repeats: int = 3) -> float:
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - started)
    return 1000 * best


def _text(path: Path) -> str:
    data = json.loads(path.read_text(encoding="utf-8"))
    return data.get("normalized_text", data.get("text", ""))


def _signer(path: Path) -> str | None:
    signer = json.loads(path.read_text(encoding="utf-8"))["metadata"].get("signer") or {}
    return signer.get("name")


def _gold_signer(gold: dict) -> str | None:
    return (gold.get("metadata", {}).get("signer") or {}).get("name")


def _cer_row(kind: str, ntm: list[str], raw: list[str], references: list[str]) -> list[str]:
    refs = [normalized([r], fmt="txt", source="plain") for r in references]
    ours = sum(character_error_rate(t, r) * len(r) for t, r in zip(ntm, refs, strict=True)) / sum(map(len, refs))
    theirs = sum(character_error_rate(normalized([t]), r) * len(r) for t, r in zip(raw, refs, strict=True)) / sum(map(len, refs))
    folded = sum(character_error_rate(_dashes(t), _dashes(r)) * len(r) for t, r in zip(ntm, refs, strict=True)) / sum(map(len, refs))
    return [kind, str(len(refs)), f"{100 * ours:.2f}", f"{100 * theirs:.2f}", f"{100 * folded:.2f}"]


def _dashes(text: str) -> str:
    return text.replace("–", "-").replace("—", "-")
