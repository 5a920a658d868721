"""Extraction quality on the shared real texts: P/R/F1 per field, and how quiet ntm stays on gazette texts.

    PYTHONPATH=. python bench/quality.py [--json]

Sets (from ../shared/corpus): `real` (30 real passages), `documents` (3 real documents), `gazette
deadlines` (20 gazette texts whose deadlines were judged by hand: only the deadlines field has gold),
and `gazette` (all 150 gazette texts, no gold: items per document, which should stay near zero for
targets, criteria and deadlines that are not a goal or a time limit). Text inputs, in this process.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.evaluate import Report, evaluate_texts, score_names  # noqa: E402

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpus"
SETS = {
    "real": (SHARED / "real" / "gold", SHARED / "real" / "documents"),
    "documents": (SHARED / "gold", SHARED / "documents"),
    "gazette deadlines": (SHARED / "gazette" / "deadlines" / "gold", SHARED / "gazette" / "documents"),
}
QUIET_FIELDS = ("targets", "deadlines", "criteria", "criteria_summaries")


def scores() -> dict[str, Report]:
    return {name: evaluate_texts(gold, documents) for name, (gold, documents) in SETS.items()}


def combined(reports: list[Report]) -> Report:
    total = Report()
    for report in reports:
        for field, score in report.totals.items():
            total.totals[field].add(score)
    return total


def gazette_counts(folder: Path = SHARED / "gazette" / "documents") -> dict[str, list[int]]:
    """Items per document on texts with no programme goals: what a quiet extractor leaves."""
    from pipeline import extract, ingest, normalize

    counts: dict[str, list[int]] = {f: [] for f in QUIET_FIELDS}
    for path in sorted(folder.glob("*.txt")):
        result = extract(normalize(ingest(path)))
        for field in QUIET_FIELDS:
            counts[field].append(len(getattr(result, field)))
    return counts


def table(reports: dict[str, Report]) -> str:
    lines = ["| set | field | tp | fp | fn | P | R | F1 |", "|---|---|---|---|---|---|---|---|"]
    for name, report in reports.items():
        for field in score_names():
            s = report.totals[field]
            if s.tp + s.fp + s.fn:
                lines.append(f"| {name} | {field} | {s.tp} | {s.fp} | {s.fn} | {s.precision:.2f} | "
                             f"{s.recall:.2f} | {s.f1:.2f} |")
    return "\n".join(lines)


def main() -> None:
    start = time.perf_counter()
    reports = scores()
    reports["real + documents"] = combined([reports["real"], reports["documents"]])
    if "--json" in sys.argv:
        print(json.dumps({k: r.as_dict() for k, r in reports.items()}, ensure_ascii=False, indent=1))
        return
    print(table(reports))
    counts = gazette_counts()
    print("\n| gazette (150 texts) | total | documents with any | max | median |\n|---|---|---|---|---|")
    for field, values in counts.items():
        print(f"| {field} | {sum(values)} | {sum(1 for v in values if v)} | {max(values)} | "
              f"{statistics.median(values)} |")
    print(f"\n{time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main()
