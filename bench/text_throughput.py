"""Section 2: text-only extraction throughput, characters per second on one core.

Generated .txt documents go through `pipeline.process` (ingest → normalize → extract) one after
the other in this process, after a warm-up (spaCy, underthesea and the models load once). Against
it, the steps alone over the same text: underthesea's `word_tokenize` on each line (the word
segmenter: the floor of what extraction can cost), ntm's tokenizer (underthesea sentence split +
word segmentation into a spaCy Doc) and ingest + normalize. Rates are characters of the .txt files
over CPU seconds (one process, so one core); wall-clock rates are given beside them.
"""

from __future__ import annotations

from pathlib import Path

from measure import Timing, ratio, table, timed_in_turn
from underthesea import word_tokenize

from ntm_corpus.generate import generate
from pipeline import process
from pipeline.extract.spacy_nlp import blank_vietnamese
from pipeline.ingest import ingest
from pipeline.normalize import normalize_document

WARM_UP_DOCS = 3


def run(work: Path, runs: int, n_docs: int) -> str:
    paths = sorted(p for p in generate(n_docs, work / "corpus", seed=2, formats=["txt"]) if p.suffix == ".txt")
    texts = [p.read_text(encoding="utf-8") for p in paths]
    normalized_texts = [normalize_document(ingest(p)).text for p in paths]
    chars = sum(len(t) for t in texts)
    nlp = blank_vietnamese()
    for path in paths[:WARM_UP_DOCS]:  # load models and caches before timing
        process(path)

    measured = [(name, timing) for name, (timing, _) in timed_in_turn({
        "ntm: ingest + normalize + extract (`pipeline.process`)": lambda: [process(p) for p in paths],
        "ingest + normalize only": lambda: [normalize_document(ingest(p)) for p in paths],
        "ntm's tokenizer: underthesea sent_tokenize + word_tokenize → spaCy Doc":
            lambda: [nlp.make_doc(t) for t in normalized_texts],
        "underthesea `word_tokenize` alone, line by line": lambda: segment_lines(normalized_texts),
    }, runs).items()]
    floor = measured[-1][1]
    rows = [_row(name, timing, chars, floor) for name, timing in measured]
    full = measured[0][1]
    return "\n".join([
        f"{len(paths)} generated .txt documents, {chars:,} characters in all (mean {chars // len(paths):,} a "
        f"document); one process, after a warm-up of {WARM_UP_DOCS} documents; median of {runs} runs over "
        "the whole set, the four taking turns within each round.",
        "",
        table(["work", "CPU s", "chars/s per core (CPU)", "wall s", "chars/s (wall)", "× word_tokenize",
               "others' load (cores)"], rows),
        "",
        f"Full extraction costs {ratio(full.cpu, floor.cpu)} the CPU time of word segmentation alone, "
        f"i.e. {full.cpu / len(paths) * 1000:.0f} ms of CPU per document of this size.",
    ])


def segment_lines(texts: list[str]) -> None:
    for text in texts:
        for line in text.splitlines():
            if line.strip():
                word_tokenize(line, use_token_normalize=False)


def _row(name: str, timing: Timing, chars: int, floor: Timing) -> list[str]:
    return [name, f"{timing.cpu:.2f}", f"{chars / timing.cpu:,.0f}", f"{timing.wall:.2f}",
            f"{chars / timing.wall:,.0f}", ratio(timing.cpu, floor.cpu), f"{timing.others:.2f}"]
