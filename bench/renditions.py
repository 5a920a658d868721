"""Section 7: documents as they really arrive — phone photos, stamped 200-dpi copies, header blocks.

Generated documents (seed 7) are rendered as
- **phone photo**: each page photographed by `ntm_corpus.render.to_photo_files` (150 dpi, lit from one
  side down to 25 % brightness, 4 % perspective, blur, JPEG quality 35), a series `<id>.photo_1.jpg`,
  `<id>.photo_2.jpg` ... that ntm reads as one document;
- **stamped 200 dpi**: an image-only PDF at 200 dpi (1° skew, blur, speckles, a red seal over the signature,
  its size, place, turn, wording and inking varying per document);
- **blue ink 200 dpi**: the same with a blue seal and a blue ballpoint signature over the signer's lines;
- **red seal + blue signature 200 dpi**: a blue signature under a red seal;
- **skewed 300 dpi**: a 300-dpi scan fed askew, 1-5° either way (no seal);
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
from dataclasses import replace
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from measure import character_error_rate, normalized, table
from ocr_throughput import OCRMYPDF_INSTALL, find_ocrmypdf, ocrmypdf_sidecar
from scan_f1 import _f1, _micro, _summed

from ntm_corpus import render
from ntm_corpus.generate import documents
from pipeline import batch
from pipeline.evaluate import evaluate
from pipeline.ingest import enhance, ocr
from pipeline.ingest.ocr import grayscale
from pipeline.ingest.pdf import render_page

SEED = 7
PHOTO = render.Photo(shade=0.25, blur=0.8, tilt=0.04, jpeg_quality=35, seed=SEED)
SEAL = render.Degrade(skew_deg=1.0, blur=0.8, noise=0.01, stamp=True, seed=SEED)
SCANS = {  # rendition → (file suffix, dpi, how the scanner and the signer degrade the page)
    "stamped 200 dpi": (".seal200", 200, SEAL),
    "blue ink 200 dpi": (".blue200", 200, replace(SEAL, seal_ink="blue", signature="blue")),
    "red seal + blue signature 200 dpi": (".signed200", 200, replace(SEAL, signature="blue")),
    "skewed 300 dpi": (".skew300", 300, render.Degrade(blur=0.5, noise=0.002, seed=SEED)),
}
MAX_SKEW = 5.0
HEADER_SCAN = render.Degrade(skew_deg=0.5, blur=0.5, noise=0.002, seed=SEED)


def run(work: Path, n_docs: int) -> str:
    shutil.rmtree(work / "renditions", ignore_errors=True)
    folder, gold, out = work / "renditions" / "documents", work / "renditions" / "gold", work / "renditions" / "out"
    folder.mkdir(parents=True)
    gold.mkdir()
    docs = list(documents(n_docs, seed=SEED))
    kinds = ["phone photo", *SCANS, "header 300 dpi", "header 200 dpi"]
    raw: dict[str, list[str]] = {k: [] for k in kinds}
    ocrmypdf = find_ocrmypdf()
    peer: dict[str, list[str]] = {k: [] for k in kinds}  # OCRmyPDF's sidecar text, when it is installed
    references: dict[str, list[str]] = {k: [] for k in kinds}
    headers: list[Path] = []
    for i, doc in enumerate(docs):
        (folder / f"{doc.doc_id}.txt").write_text(doc.text, encoding="utf-8")
        (gold / f"{doc.doc_id}.json").write_text(json.dumps(doc.gold, ensure_ascii=False), encoding="utf-8")
        photos = render.to_photo_files(doc.blocks, folder / f"{doc.doc_id}.photo", replace(PHOTO, seed=SEED * 100 + i), stamp=True)
        raw["phone photo"].append("\n\n".join(tesseract(p) for p in photos))
        if ocrmypdf:
            peer["phone photo"].append("\n\n".join(sidecar(ocrmypdf, p, work, "--image-dpi", "150") for p in photos))
        references["phone photo"].append(doc.text)
        for kind, (suffix, dpi, degrade) in SCANS.items():
            degrade = replace(degrade, seed=SEED * 100 + i)  # each document its own seal, signature, tilt
            if kind.startswith("skewed"):  # 1-5°, alternately either way
                degrade = replace(degrade, skew_deg=(-1) ** i * (1 + (MAX_SKEW - 1) * ((i * 0.37) % 1)))
            scan = folder / f"{doc.doc_id}{suffix}.pdf"
            render.to_scanned_pdf(doc.blocks, scan, dpi=dpi, degrade=degrade)
            raw[kind].append("\n\n".join(tesseract(image) for image in pdf_pages(scan, dpi, work)))
            if ocrmypdf:
                peer[kind].append(sidecar(ocrmypdf, scan, work))
            references[kind].append(doc.text)
        block = [b for b in doc.blocks if isinstance(b, render.Columns)][:1]
        for dpi in (300, 200):
            path = work / "renditions" / f"{doc.doc_id}.header{dpi}.png"
            render.to_images(block, dpi=dpi, degrade=HEADER_SCAN)[0].save(path, dpi=(dpi, dpi))
            headers.append(path)
            raw[f"header {dpi} dpi"].append(tesseract(path))
            if ocrmypdf:
                peer[f"header {dpi} dpi"].append(sidecar(ocrmypdf, path, work))
            references[f"header {dpi} dpi"].append(header_text(block))

    started = time.perf_counter()
    summary = batch.run("extract", [folder], out, batch.Options(workers=2), echo=lambda _: None)
    elapsed = time.perf_counter() - started
    predicted = {p.stem: p for p in (out / "documents").glob("*.json")}
    header_out = work / "renditions" / "headers_out"
    batch.run("normalize", headers, header_out, batch.Options(workers=2), echo=lambda _: None)

    cer_rows = []
    suffixes = {"phone photo": ".photo_1", **{kind: suffix for kind, (suffix, _, _) in SCANS.items()}}
    for kind, suffix in suffixes.items():
        ntm = [_text(predicted[f"{d.doc_id}{suffix}"]) for d in docs]
        cer_rows.append(_cer_row(kind, ntm, raw[kind], references[kind], peer[kind]))
    for dpi in (300, 200):
        kind = f"header {dpi} dpi"
        ntm = [_text(header_out / f"{d.doc_id}.header{dpi}.json") for d in docs]
        cer_rows.append(_cer_row(kind, ntm, raw[kind], references[kind], peer[kind]))

    report = evaluate(gold, out)
    groups: dict[str, dict] = {"text": {}, **{kind: {} for kind in suffixes}}
    for name, scores in report.documents.items():
        kind = next((k for k, suffix in suffixes.items() if suffix.removesuffix("_1") in name), "text")
        groups[kind][name] = scores
    totals = {kind: _summed(found.values()) for kind, found in groups.items()}
    fields = list(next(iter(totals.values())))
    f1_rows = [[f, *(_f1(totals[k][f]) for k in groups)] for f in fields]
    f1_rows.append(["**all fields (micro)**", *(_f1(_micro(totals[k])) for k in groups)])
    signers = {kind: sum(_signer(predicted[f"{d.doc_id}{suffix}"]) == _gold_signer(d.gold) for d in docs)
               for kind, suffix in suffixes.items()}

    try:
        steps = stage_costs(docs[0], work)
    except AttributeError as e:  # an older pipeline without some step (a before/after run)
        steps = {f"n/a ({e})": 0.0}
    return "\n".join([
        f"{len(docs)} generated documents (seed {SEED}); `ntm extract` on {summary.ok} files "
        f"({summary.pages_ocr} pages OCR'd, {elapsed:.0f} s with 2 workers). CER % (ntm vs raw Tesseract on "
        "the same images; both texts normalized by ntm, whitespace collapsed):",
        "",
        table(["rendition", "documents", "ntm CER %", "raw Tesseract CER %", "OCRmyPDF CER %",
               "ntm CER %, dashes folded"], cer_rows),
        "",
        "OCRmyPDF: `ocrmypdf --sidecar out.txt --output-type none -l vie` on the same files (the scanned PDFs "
        "themselves, each photo with `--image-dpi 150`, each header image)" + (
            "." if ocrmypdf else f"; skipped here, not installed ({OCRMYPDF_INSTALL})."),
        "",
        "*Dashes folded*: en and em dashes counted as hyphens (the generator prints the motto with en dashes, "
        "which every reader returns as hyphens).",
        "",
        "Signer right (the generator's name exactly): " + ", ".join(
            f"{kind} {right}/{len(docs)}" for kind, right in signers.items()) + ". Extraction F1 per field, "
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
    """Milliseconds per page: the checks on a clean 300-dpi page, and each step where a page needs it."""
    clean = [grayscale(p) for p in render.to_images(doc.blocks, dpi=300)]
    clean_rgb = [np.asarray(p.convert("RGB")) for p in render.to_images(doc.blocks, dpi=300)]
    page = grayscale(render.to_photos(doc.blocks, PHOTO)[0])
    costs = {"check on a clean 300-dpi page (incl. deskew's)": _ms(lambda: [enhance.prepare(p) for p in clean]) / len(clean)}
    costs["deskew check alone"] = _ms(lambda: [enhance.skew_angle(enhance._small(np.asarray(p))[0]) for p in clean]) / len(clean)
    costs["blue-ink check on a clean 300-dpi RGB page"] = _ms(lambda: [enhance.blue_ink_share(p) for p in clean_rgb]) / len(clean_rgb)
    signed = np.asarray(render.to_images(doc.blocks, dpi=300, degrade=replace(SEAL, seal_ink="blue", signature="blue"))[-1])
    gray = np.asarray(grayscale(signed))
    costs["blue-mark removal on a signed 300-dpi page"] = _ms(lambda: enhance.without_blue_marks(signed, gray))
    skewed = np.asarray(clean[0].rotate(3, fillcolor=255))
    costs["deskew of a 300-dpi page tilted 3° (check + turn)"] = _ms(lambda: enhance.rotate(skewed, enhance.skew_angle(enhance._small(skewed)[0])))
    strip = clean[-1].crop((clean[-1].width // 2, 0, clean[-1].width, 120))
    costs["name line re-read (Tesseract on a strip)"] = _ms(lambda: ocr._line_tsv(strip))
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


def sidecar(ocrmypdf: str, source: Path, work: Path, *options: str) -> str:
    """OCRmyPDF's text of `source` (a PDF or an image), its pages joined like raw Tesseract's."""
    return "\n\n".join(ocrmypdf_sidecar(ocrmypdf, source, work / "renditions" / "sidecar.txt", *options))


def _cer_row(kind: str, ntm: list[str], raw: list[str], references: list[str], peer: list[str]) -> list[str]:
    refs = [normalized([r], fmt="txt", source="plain") for r in references]
    ours = sum(character_error_rate(t, r) * len(r) for t, r in zip(ntm, refs, strict=True)) / sum(map(len, refs))
    theirs = sum(character_error_rate(normalized([t]), r) * len(r) for t, r in zip(raw, refs, strict=True)) / sum(map(len, refs))
    folded = sum(character_error_rate(_dashes(t), _dashes(r)) * len(r) for t, r in zip(ntm, refs, strict=True)) / sum(map(len, refs))
    others = (f"{100 * sum(character_error_rate(normalized([t]), r) * len(r) for t, r in zip(peer, refs, strict=True)) / sum(map(len, refs)):.2f}"
              if peer else "–")
    return [kind, str(len(refs)), f"{100 * ours:.2f}", f"{100 * theirs:.2f}", others, f"{100 * folded:.2f}"]


def _dashes(text: str) -> str:
    return text.replace("–", "-").replace("—", "-")
