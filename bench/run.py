"""ntm benchmarks: OCR throughput, text extraction throughput, batch memory, F1 on scans,
normalization speed. Writes bench/results.md (machine description, one table per section, the
commands to reproduce).

    .venv/bin/python bench/run.py                  # everything, ~20 min on 2 cores → bench/results.md
    .venv/bin/python bench/run.py --quick          # smoke run: 1 repeat, small sizes → stdout
    .venv/bin/python bench/run.py --only ocr       # one section (ocr, text, memory, f1, normalize, tables, ...) → stdout

Benchmarks are not tests: nothing here asserts a time. Each section first waits (up to --max-wait
seconds) for the 1-minute load average to fall under 1.5, and reports the load it ran under.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import batch_memory
import gazette
import machine
import normalize_speed
import ocr_fix_f1
import ocr_throughput
import renditions
import scan_f1
import scan_tables
import serve_views
import text_throughput
from measure import table

RESULTS = Path(__file__).resolve().with_name("results.md")


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    full: Callable[[Path], str]
    quick: Callable[[Path], str]


SECTIONS = [
    Section("ocr", "1. OCR throughput on a scanned PDF",
            lambda w: ocr_throughput.run(w, runs=3), lambda w: ocr_throughput.run(w, runs=1)),
    Section("text", "2. Text path throughput against underthesea word_tokenize (real and long texts)",
            lambda w: text_throughput.run(w, runs=3), lambda w: text_throughput.run(w, runs=1)),
    Section("memory", "3. Batch memory and throughput (`ntm extract`)",
            lambda w: batch_memory.run(w, runs=3, sizes=[1000, 100]),
            lambda w: batch_memory.run(w, runs=1, sizes=[40, 10])),
    Section("f1", "4. Extraction F1: scans against clean text",
            lambda w: scan_f1.run(w, n_docs=8), lambda w: scan_f1.run(w, n_docs=2)),
    Section("normalize", "5. Normalization speed",
            lambda w: normalize_speed.run(w, runs=5), lambda w: normalize_speed.run(w, runs=1)),
    Section("ocrfix", "6. OCR post-correction: CER and F1 without and with it",
            lambda w: ocr_fix_f1.run(w, n_docs=8), lambda w: ocr_fix_f1.run(w, n_docs=2)),
    Section("serve", "7. `ntm serve`: tracking views over 10,000 documents",
            lambda w: serve_views.run(w, runs=30), lambda w: serve_views.run(w, runs=3, n_docs=1000)),
    Section("renditions", "8. Documents as they arrive: phone photos, stamped 200-dpi copies, header blocks",
            lambda w: renditions.run(w, n_docs=10), lambda w: renditions.run(w, n_docs=2)),
    Section("gazette", "9. Gazette print-outs: own metadata on 150 texts, gazette PDFs' text layers",
            lambda w: gazette.report(), lambda w: gazette.report()),
    Section("tables", "10. Ruled tables on scanned pages: cells read against raw Tesseract, cost per page",
            lambda w: scan_tables.run(w, seeds=3), lambda w: scan_tables.run(w, seeds=1, gazette_pages={"0057": 1, "0291": 1})),
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one repeat and small sizes: a smoke run")
    parser.add_argument("--only", choices=[s.key for s in SECTIONS], help="run one section")
    parser.add_argument("--out", type=Path,
                        help=f"Markdown file to write [default: {RESULTS.relative_to(Path.cwd()) if RESULTS.is_relative_to(Path.cwd()) else RESULTS} "
                             "for a full run, stdout only with --quick or --only]")
    parser.add_argument("--max-wait", type=float, default=None,
                        help="seconds to wait for a quiet machine before each section [default: 120, 0 with --quick]")
    parser.add_argument("--work", type=Path, help="keep the generated files in this folder [default: a temporary one]")
    args = parser.parse_args()
    out = args.out or (None if args.quick or args.only else RESULTS)
    max_wait = args.max_wait if args.max_wait is not None else (0 if args.quick else 120)

    started = time.perf_counter()
    parts = [header(args)]
    failed = False
    with tempfile.TemporaryDirectory(prefix="ntm-bench-") as tmp:
        work = args.work or Path(tmp)
        for section in SECTIONS:
            if args.only and section.key != args.only:
                continue
            print(f"» {section.title}", file=sys.stderr, flush=True)
            load, waited = machine.wait_until_quiet(max_wait)
            try:
                body = (section.quick if args.quick else section.full)(work / section.key)
            except Exception as e:  # report and go on with the other sections
                traceback.print_exc()
                body, failed = f"**Failed:** `{type(e).__name__}: {e}`", True
            parts.append(f"## {section.title}\n\n{load_line(load, waited, max_wait)}\n\n{body}")
            print(parts[-1] + "\n", file=sys.stderr, flush=True)
    parts.append(reproduce(time.perf_counter() - started))

    markdown = "\n\n".join(parts) + "\n"
    if out:
        out.write_text(markdown, encoding="utf-8")
        print(f"wrote {out}", file=sys.stderr)
    else:
        sys.stdout.write(markdown)
    return 1 if failed else 0


def header(args) -> str:
    kind = "smoke run (`--quick`: 1 repeat, small sizes)" if args.quick else "full run"
    return "\n".join([
        "# ntm benchmarks",
        "",
        f"Written by `bench/run.py` ({kind}{', section ' + args.only if args.only else ''}). Each time is the "
        "median of repeated runs (the count is given per section). Beside wall time: CPU time of the "
        "benchmark process and its children, and *others' load*: how many cores other processes on the "
        "machine kept busy during the timed runs (from /proc/stat), since a busy machine inflates wall times.",
        "",
        "## Machine",
        "",
        table(["", "value"], machine.description(), text_columns=2),
    ])


def load_line(load: float, waited: float, max_wait: float) -> str:
    quiet = load <= machine.QUIET_LOAD
    wait = f"after waiting {waited:.0f} s" if waited >= 1 else "without waiting"
    verdict = "" if quiet or max_wait == 0 else f" (still above {machine.QUIET_LOAD} after {max_wait:.0f} s: figures taken on a busy machine)"
    return f"*1-minute load average when this section started: {load:.2f}, {wait}{verdict}; now {machine.load_text()}.*"


def reproduce(seconds: float) -> str:
    command = " ".join([os.path.relpath(sys.executable) if sys.executable.startswith(os.getcwd()) else sys.executable,
                        *sys.argv])
    return "\n".join([
        "## Reproduce",
        "",
        f"This file took {seconds / 60:.1f} min ({seconds:.0f} s) to produce with `{command}` (from the repository root).",
        "",
        "```sh",
        "make bench                                        # = scripts/setup.sh bench (Tesseract + vie, OCRmyPDF and",
        "                                                  #   Ghostscript, .venv) + .venv/bin/python bench/run.py",
        ".venv/bin/python bench/run.py --only ocr          # one section: ocr, text, memory, f1, normalize",
        ".venv/bin/python bench/run.py --quick             # smoke run, to stdout",
        "```",
    ])


if __name__ == "__main__":
    sys.exit(main())
