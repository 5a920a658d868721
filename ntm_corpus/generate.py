"""`ntm corpus generate`: synthetic commune submissions with gold annotations.

Each document is planned as facts (who issues it, what it cites, which criteria are met, its targets,
results and deadlines), then written out in one of several structures with varied wording; the gold
JSON lists exactly the facts the text states. Files per document:

    <out>/documents/<id>.txt   plain text (the ground truth the gold is checked against)
    <out>/documents/<id>.docx  <id>.pdf (digital, with a text layer)
    <out>/documents/<id>.scan300.pdf | <id>.scan200.pdf   image-only, skewed, blurred, stamped (scan=True)
    <out>/gold/<id>.json       shared gold format

    python -m ntm_corpus.generate --n 12 --out corpus --seed 1 [--scan] [--scans 2]

It needs the extra `corpus` (reportlab): pip install 'ntm[corpus]'.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterable
from pathlib import Path

import reportlab  # noqa: F401 - the extra `corpus`: without it, fail here rather than halfway through a corpus

from ntm_corpus import render
from ntm_corpus.documents import Generated, compose

FORMATS = ("txt", "docx", "pdf")


def doc_id(seed: int, index: int) -> str:
    return f"syn{seed}_{index:03d}"


def documents(n: int, seed: int = 0) -> Iterable[Generated]:
    """The n documents of a seed, in memory; document i depends only on (seed, i)."""
    for i in range(n):
        yield compose(random.Random(f"ntm-corpus:{seed}:{i}"), doc_id(seed, i))


def generate(n: int, out: Path, seed: int = 0, formats: Iterable[str] = FORMATS, scan: bool = False,
             scans: int | None = None) -> list[Path]:
    """Write n documents and their gold under `out`; return the document files written.

    With `scan`, documents also get an image-only scanned PDF, alternately at 300 and 200 dpi;
    `scans` limits how many documents are scanned (all when None).
    """
    out = Path(out)
    docs_dir, gold_dir = out / "documents", out / "gold"
    docs_dir.mkdir(parents=True, exist_ok=True)
    gold_dir.mkdir(parents=True, exist_ok=True)
    formats = tuple(formats)
    unknown = set(formats) - set(FORMATS)
    if unknown:
        raise ValueError(f"unknown formats: {sorted(unknown)}")
    written: list[Path] = []
    for i, doc in enumerate(documents(n, seed)):
        written += _write(doc, docs_dir, formats)
        if scan and (scans is None or i < scans):
            written.append(_scan(doc, docs_dir, dpi=300 if i % 2 == 0 else 200, seed=seed * 1000 + i))
        gold_path = gold_dir / f"{doc.doc_id}.json"
        gold_path.write_text(json.dumps(doc.gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return written


def _write(doc: Generated, folder: Path, formats: tuple[str, ...]) -> list[Path]:
    paths = []
    for fmt in formats:
        path = folder / f"{doc.doc_id}.{fmt}"
        if fmt == "txt":
            path.write_text(doc.text, encoding="utf-8")
        elif fmt == "docx":
            render.to_docx(doc.blocks, path)
        else:
            render.to_pdf(doc.blocks, path)
        paths.append(path)
    return paths


def _scan(doc: Generated, folder: Path, dpi: int, seed: int) -> Path:
    """A scanner's copy: slightly skewed, blurred, speckled, with the seal over the signature."""
    rng = random.Random(f"ntm-scan:{seed}")
    degrade = render.Degrade(skew_deg=round(rng.uniform(-1.5, 1.5), 2), blur=round(rng.uniform(0.3, 1.0), 2),
                             noise=round(rng.uniform(0.001, 0.006), 4), stamp=True, seed=seed)
    path = folder / f"{doc.doc_id}.scan{dpi}.pdf"
    render.to_scanned_pdf(doc.blocks, path, dpi=dpi, degrade=degrade)
    return path
