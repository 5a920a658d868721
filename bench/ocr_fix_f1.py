"""What OCR post-correction brings: CER and extraction F1 with and without it, on generated noisy scans.

Each scan is OCR'd once; the same Document is then normalized with and without the repairs,
extracted, and scored against the generator's gold (F1) and its clean text (CER).

    python bench/ocr_fix_f1.py [--n 8] [--seed 11]      # prints the Markdown section bench/run.py writes
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from rapidfuzz.distance import Levenshtein

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ntm_corpus.generate import generate  # noqa: E402
from pipeline import extract, ingest  # noqa: E402
from pipeline.evaluate import Score, collapsed, score_document, score_names  # noqa: E402
from pipeline.normalize import normalize_document  # noqa: E402
from pipeline.schema import Document, Page  # noqa: E402


def run(work: Path, n_docs: int = 8, seed: int = 11) -> str:
    """The Markdown section: CER and F1 per field, without and with the repairs."""
    generate(n_docs, work, seed=seed, formats=["txt"], scan=True)
    totals = {fix: {f: Score() for f in score_names()} for fix in (False, True)}
    errors = {False: [0, 0], True: [0, 0]}
    corrections = 0
    for scan in sorted((work / "documents").glob("*.scan*.pdf")):
        stem = scan.name.split(".")[0]
        gold = json.loads((work / "gold" / f"{stem}.json").read_text(encoding="utf-8"))
        clean = normalize_document(Document(source="gold", sha256="", format="txt", pages=[
            Page(number=1, text=(work / "documents" / f"{stem}.txt").read_text(encoding="utf-8"), source="plain")]))
        document = ingest(scan, workers=2)
        for fix in (False, True):
            normalized = normalize_document(document, ocr_fix=fix)
            corrections += len(normalized.ocr_corrections)
            reference = collapsed(clean.text)
            errors[fix][0] += Levenshtein.distance(reference, collapsed(normalized.text))
            errors[fix][1] += len(reference)
            scores, _ = score_document(gold, json.loads(extract(normalized).model_dump_json()))
            for field, score in scores.items():
                totals[fix][field].add(score)
    lines = [f"{n_docs} generated documents (seed {seed}), scanned at 300 or 200 dpi with skew, blur, noise "
             f"and a seal, each OCR'd once and normalized without and with the repairs ({corrections // 2} repairs). "
             "CER against the generator's text (both normalized, whitespace-collapsed); F1 per field from `ntm eval`.",
             "", "| | CER % | " + " | ".join(score_names()) + " |", "| --- | ---: | " + " | ".join("---:" for _ in score_names()) + " |"]
    for fix in (False, True):
        rate = 100 * errors[fix][0] / max(1, errors[fix][1])
        row = " | ".join(f"{totals[fix][f].f1:.3f}" for f in score_names())
        lines.append(f"| {'with' if fix else 'without'} post-correction | {rate:.3f} | {row} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=8)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    print(run(Path(tempfile.mkdtemp(prefix="ntm-ocrfix-")), args.n, args.seed))


if __name__ == "__main__":
    main()
