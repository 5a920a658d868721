"""Table annexes as documents of the bundled corpus, with gold in `ntm eval`'s format.

The annexes are the generator's (ntm_corpus.tables: a communes × criteria table of a district report, an
indicator table of a commune plan); each becomes a digital PDF `corpus/documents/syn1_table_<kind>.pdf`
and its gold `corpus/gold/syn1_table_<kind>.json`, so that `ntm eval` scores the fields read from table
rows: every commune's marks (criteria with `unit_name`) and total (criteria summaries), every
indicator's target and time limit, and the document the annex is attached to (a reference).

    python -m ntm_corpus.table_documents --out corpus   # writes documents/*.pdf and gold/*.json
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from ntm_corpus import render
from ntm_corpus.tables import Annex, annexes

SEED = 1
PREFIX = "syn1_table_"
KINDS = ("criteria", "indicators")  # the ruled annexes with the two layouts
# the annexes' time cells (ntm_corpus.tables.DEADLINES): last day and granularity
DUE = {"Năm 2025": ("2025-12-31", "year"), "Quý II/2025": ("2025-06-30", "quarter"),
       "Quý IV/2025": ("2025-12-31", "quarter"), "Tháng 6/2025": ("2025-06-30", "month"),
       "Tháng 12/2025": ("2025-12-31", "month"), "2024 - 2025": ("2025-12-31", "year")}
_ATTACHED = re.compile(r"(?P<code>\d+/[A-ZĐ]+-UBND) ngày (?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})")
_VALUE = re.compile(r"(?:(?P<cmp>[≤≥])\s*)?(?P<value>[\d.,]+)")


def documents(seed: int = SEED) -> list[tuple[str, Annex, dict]]:
    """(name, annex, gold) for each annex."""
    return [(f"{PREFIX}{annex.kind}", annex, gold(annex)) for annex in annexes(seed) if annex.kind in KINDS]


def gold(annex: Annex) -> dict:
    attached = _ATTACHED.search(annex.before[2])
    reference = {"code": attached["code"], "date": f"{attached['y']}-{int(attached['m']):02d}-{int(attached['d']):02d}"}
    found: dict = {"metadata": {}, "references": [reference], "criteria": [], "criteria_summaries": [],
                   "targets": [], "deadlines": []}
    if annex.kind == "criteria":
        for row in annex.rows[2:]:
            commune, marks, total = row[1], row[2:-1], row[-1]
            found["criteria"] += [{"criterion": n, "status": "met", "unit_name": commune}
                                  for n, mark in enumerate(marks, start=1) if mark]
            found["criteria_summaries"].append({"achieved": int(total), "total": None, "unit_name": commune})
    else:
        for row in annex.rows[1:]:
            if not row[2]:
                continue  # a group row: no unit, no value
            m = _VALUE.fullmatch(row[3])
            found["targets"].append({
                "indicator": row[1], "value": float(m["value"].replace(".", "").replace(",", ".")), "unit": row[2],
                "comparator": {"≤": "<=", "≥": ">="}.get(m["cmp"] or "", "="), "kind": "target", "year": 2025})
            date, granularity = DUE[row[4]]
            found["deadlines"].append({"date": date, "granularity": granularity})
    return found


def write(out: Path, seed: int = SEED) -> list[Path]:
    written = []
    for name, annex, facts in documents(seed):
        (out / "documents").mkdir(parents=True, exist_ok=True)
        (out / "gold").mkdir(parents=True, exist_ok=True)
        render.to_pdf(annex.blocks, out / "documents" / f"{name}.pdf")
        path = out / "gold" / f"{name}.json"
        path.write_text(json.dumps(facts, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        written += [out / "documents" / f"{name}.pdf", path]
    return written


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    for path in write(args.out):
        print(path)


if __name__ == "__main__":
    main()
