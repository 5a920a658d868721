"""Linearity of extraction: each adversarial input of issue 14 at n and 2n, time ratio (≤ ~2.2 is
linear; a quadratic step gives ~4).

    PYTHONPATH=. python bench/linearity.py [--scale 1.0]

Times are `pipeline.extract(normalize(doc))` in this process, best of 2, models loaded first.
The sizes at scale 1 are the issue's (225 KB of percentages, "1." x 50,000, "đạt 19/19 tiêu chí" x 2,000),
doubled; a normal document doubled (the shared documents concatenated) is the peer."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from pipeline import extract, normalize
from pipeline.schema import Document, Page

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "documents"
INPUTS = {
    "one paragraph of percentages": (5000, lambda n: "Phấn đấu tỷ lệ hộ nghèo giảm "
                                     + ", ".join(f"chỉ tiêu {i} đạt {i % 97},5%" for i in range(n))),
    "'1. ' repeated": (50_000, lambda n: "1. " * n),
    "'đạt 19/19 tiêu chí ' repeated": (2000, lambda n: "đạt 19/19 tiêu chí " * n),
}


def _normal(n: int) -> str:
    texts = [p.read_text(encoding="utf-8") for p in sorted(SHARED.glob("*.md"))] or ["Xã đạt 17/19 tiêu chí.\n"]
    return "\n".join(texts * n)


def seconds(text: str) -> float:
    doc = Document(source="x.txt", sha256="0" * 64, format="txt", pages=[Page(number=1, text=text, source="plain")])
    best = float("inf")
    for _ in range(2):
        started = time.perf_counter()
        extract(normalize(doc))
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()
    seconds("Xã đạt 17/19 tiêu chí.")  # load the models
    rows = [("normal documents (peer)", 2, _normal)]
    rows += [(name, max(1, int(n * args.scale)), make) for name, (n, make) in INPUTS.items()]
    print("| input | n | s at n | s at 2n | ratio |\n|---|---:|---:|---:|---:|")
    for name, n, make in rows:
        one, two = seconds(make(n)), seconds(make(2 * n))
        print(f"| {name} | {n:,} | {one:.2f} | {two:.2f} | {two / one:.2f} |", flush=True)


if __name__ == "__main__":
    main()
