"""Section 4: extraction F1 on generated scans against the same documents' clean text.

`generate(n, dir, formats=["txt"], scan=True)` writes each document as .txt and as an image-only
scan (skewed, blurred, speckled, stamped; alternately 300 and 200 dpi). Both are extracted with
ntm's batch runner (2 workers) and scored against the generator's gold by `pipeline.evaluate`.
Extraction is deterministic, so this section runs once: it measures quality, not time.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from measure import table

from ntm_corpus.generate import generate
from pipeline import batch
from pipeline.evaluate import Score, evaluate, score_names

WORKERS = 2
SEED = 4


def run(work: Path, n_docs: int) -> str:
    corpus, out = work / "corpus", work / "out"
    shutil.rmtree(out, ignore_errors=True)  # a kept --work folder: batch.run would skip documents already done
    generate(n_docs, corpus, seed=SEED, formats=["txt"], scan=True)
    summary = batch.run("extract", [corpus / "documents"], out, batch.Options(workers=WORKERS), echo=lambda _: None)
    report = evaluate(corpus / "gold", out)

    groups = {"txt": {}, "scan 300 dpi": {}, "scan 200 dpi": {}}
    for name, scores in report.documents.items():
        kind = "txt" if "." not in name else f"scan {name.rsplit('.scan', 1)[-1][:3]} dpi"
        groups.setdefault(kind, {})[name] = scores
    totals = {kind: _summed(docs.values()) for kind, docs in groups.items()}
    all_scans = report.by_format.get("pdf (ocr)", {f: Score() for f in score_names()})
    columns = [*totals, "all scans (`pdf (ocr)`)"]
    per_field = [*totals.values(), all_scans]

    rows = [[f, *(_f1(group[f]) for group in per_field)] for f in score_names()]
    rows.append(["**all fields (micro)**", *(_f1(_micro(group)) for group in per_field)])
    documents = [len(docs) for docs in groups.values()] + [sum(len(d) for k, d in groups.items() if k != "txt")]
    counts = [[kind, n, *_counts(_micro(group))] for kind, n, group in zip(columns, documents, per_field, strict=True)]
    missing = f" Missing predictions: {', '.join(report.missing)}." if report.missing else ""
    return "\n".join([
        f"{n_docs} generated documents (seed {SEED}), each as .txt and as a scan; extraction: "
        f"{summary.ok} files ok, {summary.failed} failed, {summary.pages_ocr} pages OCR'd.{missing} "
        "Scans alternate between 300 dpi (documents 0, 2, 4, …) and 200 dpi (1, 3, 5, …), so the two scan "
        "columns hold different documents and do not isolate resolution. F1 per field:",
        "",
        table(["field", *columns], rows),
        "",
        table(["input", "documents", "true pos.", "false pos.", "false neg.", "precision", "recall"], counts),
    ])


def _summed(documents) -> dict[str, Score]:
    total = {f: Score() for f in score_names()}
    for scores in documents:
        for f, score in scores.items():
            total[f].add(score)
    return total


def _micro(group: dict[str, Score]) -> Score:
    total = Score()
    for score in group.values():
        total.add(score)
    return total


def _f1(score: Score) -> str:
    return f"{score.f1:.3f}" if score.tp + score.fp + score.fn else "–"


def _counts(score: Score) -> list[str]:
    return [str(score.tp), str(score.fp), str(score.fn), f"{score.precision:.3f}", f"{score.recall:.3f}"]
