"""Gazette print-outs: the document's own metadata on the 150 real gazette texts of ../shared.

Each text is read as ntm reads a .txt file (ingest → normalize → metadata) and compared with:
- `index.jsonl`: own number + symbol, document type, year (gold from the gazette's index);
- the header line itself for the issue date: the first "<place>, ngày D tháng M năm Y" line that is
  not page furniture (the running "CÔNG BÁO/Số .../Ngày ..." header is never it);
- the signer: no gold exists, so a name counts as right when it is the name line of a signature
  block: a line of 2-5 capitalised syllables found in the text right under an upper-case title line
  (within 4 lines) and not inside the header. Reported beside "signer found".

    PYTHONPATH=. .venv/bin/python bench/gazette.py [--show-misses] [--raw]

`--raw` skips page-furniture removal (the "before" figure). Texts are read from ../shared and never
copied into the repository.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

from pipeline.extract.context import Context
from pipeline.ingest import ingest
from pipeline.normalize import normalize_document
from pipeline.normalize.vietnamese import fold

GAZETTE = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus" / "gazette"
DATE_LINE = re.compile(r"^[^\W\d_][^,\n]{1,40},\s*ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.M)
FURNITURE_DATE = re.compile(r"CÔNG BÁO|Ngày ký", re.I)
NAME = re.compile(r"^(?:[A-ZÀ-Ỹ][a-zà-ỹ]+\s+){1,4}[A-ZÀ-Ỹ][a-zà-ỹ]+$")


def find_metadata(ctx):
    from pipeline.extract import metadata  # a module today, a package after the field split

    return (getattr(metadata, "find_metadata", None) or metadata.metadata.find_metadata)(ctx)


def gold_date(text: str) -> tuple[int, int, int] | None:
    for m in DATE_LINE.finditer(text):
        if not FURNITURE_DATE.search(m.group(0)):
            return int(m[3]), int(m[2]), int(m[1])
    return None


def signature_names(text: str) -> set[str]:
    """Names standing under an upper-case title line: the candidates a signer may rightly be."""
    lines = [line.strip() for line in text.splitlines()]
    names = set()
    for i, line in enumerate(lines):
        if NAME.match(line) and line.upper() != line:
            above = [x for x in lines[max(0, i - 6):i] if x][-4:]
            if any(x.isupper() and len(x) > 3 for x in above):
                names.add(line)
    return names


def folded_code(meta) -> tuple[str | None, str | None]:
    number = meta.number
    symbol = fold(meta.symbol).lower().replace("/", "-").replace(" ", "") if meta.symbol else None
    return number, symbol


def run(show_misses: bool = False, raw: bool = False, echo=print) -> dict[str, tuple[int, int]]:
    index = [json.loads(line) for line in (GAZETTE / "index.jsonl").read_text().splitlines() if line.strip()]
    tallies = {k: [0, 0] for k in ("number+symbol", "doc type", "year", "issue date", "signer found",
                                   "signer right")}
    misses: dict[str, list[str]] = {k: [] for k in tallies}
    started = time.perf_counter()
    for entry in index:
        path = GAZETTE / "documents" / f"{entry['name']}.txt"
        text = path.read_text(encoding="utf-8")
        doc = ingest(path)
        if raw:
            norm = sys.modules["pipeline.normalize"]

            saved = norm.drop_furniture
            norm.drop_furniture = lambda lines, pages: lines
            try:
                normalized = normalize_document(doc)
            finally:
                norm.drop_furniture = saved
        else:
            normalized = normalize_document(doc)
        meta = find_metadata(Context(normalized.text))
        name = entry["name"]

        def tally(key: str, ok: bool, detail: str, name: str = name) -> None:
            tallies[key][1] += 1
            tallies[key][0] += ok
            if not ok:
                misses[key].append(f"{name}: {detail}")

        number, symbol = folded_code(meta)
        gold_symbol = entry["gold_symbol_folded"]
        year_ok = entry["gold_year"] is None or f"/{entry['gold_year']}/" in (meta.code or "")
        tally("number+symbol", number == entry["gold_number"] and symbol is not None
              and symbol.endswith(gold_symbol), f"{meta.number!r} {meta.symbol!r} vs "
              f"{entry['gold_number']} {entry['gold_year']} {gold_symbol}")
        tally("doc type", meta.doc_type == entry["gold_doc_type"], f"{meta.doc_type} vs {entry['gold_doc_type']}")
        if entry["gold_year"]:
            tally("year", year_ok, f"{meta.code!r} vs {entry['gold_year']}")
        truth = gold_date(text)
        if truth:
            got = (meta.issued_year, meta.issued_month, meta.issued_day)
            tally("issue date", got == truth, f"{got} vs {truth}")
        names = signature_names(text)
        signer = meta.signer.name if meta.signer else None
        tally("signer found", signer is not None, "none")
        if names:
            tally("signer right", signer in names, f"{signer!r} vs {sorted(names)[:3]}")
    elapsed = time.perf_counter() - started
    echo(f"{len(index)} gazette texts, furniture {'kept (raw)' if raw else 'dropped'}, {elapsed:.1f} s")
    for key, (ok, n) in tallies.items():
        echo(f"  {key:14} {ok:4}/{n:<4} {100 * ok / max(n, 1):5.1f} %")
        if show_misses:
            for miss in misses[key][:40]:
                echo(f"      {miss}")
    return {k: (ok, n) for k, (ok, n) in tallies.items()}


def report() -> str:
    """Section 9 of `make bench`: the figures with page furniture dropped and kept, and the PDFs' pages."""
    import gazette_pdf
    from measure import table

    dropped = run(echo=lambda _: None)
    kept = run(raw=True, echo=lambda _: None)
    rows = [[key, f"{ok}/{n}", f"{100 * ok / max(n, 1):.1f}", f"{100 * kept[key][0] / max(kept[key][1], 1):.1f}"]
            for key, (ok, n) in dropped.items()]
    lines: list[str] = []
    gazette_pdf.run(by_name=True, echo=lines.append)
    return "\n".join([
        "The 150 gazette texts of ../shared/corpus/gazette read as .txt (ingest → normalize → metadata), against "
        "index.jsonl (number + symbol, type, year) and the header line itself (issue date); the signer is counted "
        "right when it is a name line standing under a capitalised title (no gold exists). `bench/gazette.py "
        "--show-misses` lists every miss.",
        "",
        table(["field", "right", "%", "% with page furniture kept"], rows),
        "",
        "Gazette PDFs (pages read from the text layer vs OCR'd): " + lines[-1],
    ])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show-misses", action="store_true")
    parser.add_argument("--raw", action="store_true", help="keep page furniture (the 'before' figure)")
    args = parser.parse_args(argv)
    run(args.show_misses, args.raw)


if __name__ == "__main__":
    sys.exit(main())
