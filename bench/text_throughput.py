"""Section 2: the text path's throughput against underthesea's word segmenter, on real texts.

Two sets of real texts, read from ../shared (never copied): the shared documents with gold
(corpus/documents and corpus/real/documents), and long texts: the gazette texts of 30 pages or
more (at ~3,000 characters a printed page, 90,000 characters or more; the three longest). For each
set, in one process after a warm-up, taking turns within each round:
  - ntm's text path: `pipeline.process` (ingest + normalize + extract) on every file;
  - extraction alone on the normalized texts, and ingest + normalize alone;
  - underthesea `word_tokenize(..., use_token_normalize=False)` alone over the same normalized texts,
    line by line: the peer the text path is compared with (the ratio is the peer's CPU time over ntm's).
Rates are characters of the normalized texts over CPU seconds (one process: one core). The prefilter's
share is the sentences it lets through; "segmented" and "tagged" are the sentences a field asked underthesea
about (a stretch of words around an offset, not the whole sentence, is segmented or tagged).
"""

from __future__ import annotations

from pathlib import Path

from measure import table, timed_in_turn
from underthesea import pos_tag, word_tokenize

from pipeline import process
from pipeline.extract import run_steps
from pipeline.extract.segmenter import candidates
from pipeline.ingest import ingest
from pipeline.normalize import normalize_document

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
LONG_CHARS = 90_000  # 30 pages at ~3,000 characters a page
N_LONG = 3


def real_documents() -> list[Path]:
    return sorted(p for folder in (SHARED / "documents", SHARED / "real" / "documents")
                  for p in folder.glob("*") if p.suffix in (".md", ".txt"))


def long_documents() -> list[Path]:
    texts = sorted((SHARED / "gazette" / "documents").glob("*.txt"), key=lambda p: p.stat().st_size, reverse=True)
    return [p for p in texts if len(p.read_text(encoding="utf-8")) >= LONG_CHARS][:N_LONG]


def run(work: Path, runs: int) -> str:  # noqa: ARG001 - every section gets a work folder
    word_tokenize("xin chào", use_token_normalize=False), pos_tag("xin chào")  # load the models untimed
    parts = []
    for title, paths in (("shared real documents", real_documents()), ("long texts (30+ pages)", long_documents())):
        if not paths:
            parts.append(f"{title}: not found under {SHARED}")
            continue
        parts.append(_section(title, paths, runs))
    return "\n\n".join(parts)


def _section(title: str, paths: list[Path], runs: int) -> str:
    texts = [normalize_document(ingest(p)).text for p in paths]
    chars = sum(len(t) for t in texts)
    for path in paths[:3]:
        process(path)  # warm the rule caches untimed
    timings = {name: timing for name, (timing, _) in timed_in_turn({
        "ntm text path: ingest + normalize + extract (`pipeline.process`)": lambda: [process(p) for p in paths],
        "extraction alone (`pipeline.extract` on the normalized texts)": lambda: [run_steps(t) for t in texts],
        "ingest + normalize alone": lambda: [normalize_document(ingest(p)) for p in paths],
        "underthesea `word_tokenize` alone, line by line": lambda: segment_lines(texts),
    }, runs).items()}
    peer = timings["underthesea `word_tokenize` alone, line by line"]
    rows = [[name, f"{t.cpu:.2f}", f"{chars / t.cpu:,.0f}", f"{t.wall:.2f}", f"{peer.cpu / t.cpu:.2f}×",
             f"{t.others:.2f}"] for name, t in timings.items()]
    full = timings["ntm text path: ingest + normalize + extract (`pipeline.process`)"]
    sentences, passed, segmented, tagged = _prefilter_counts(texts)
    return "\n".join([
        f"**{title}**: {len(paths)} texts, {chars:,} characters (mean {chars // len(paths):,}); median of {runs} "
        "runs, the four taking turns within each round.",
        "",
        table(["work", "CPU s", "chars/s per core (CPU)", "wall s", "speed vs word_tokenize (its CPU / this CPU)",
               "others' load (cores)"], rows),
        "",
        f"Text path vs word_tokenize alone: **{peer.cpu / full.cpu:.2f}×** (target ≥ 1.0×); "
        f"{full.cpu / len(paths) * 1000:.0f} ms of CPU per document. Prefilter: {passed:,} of {sentences:,} "
        f"sentences let through ({passed / max(1, sentences):.0%}); segmented on a field's request: {segmented:,} "
        f"({segmented / max(1, sentences):.1%}); POS-tagged: {tagged:,} ({tagged / max(1, sentences):.1%}).",
    ])


def _prefilter_counts(texts: list[str]) -> tuple[int, int, int, int]:
    sentences = passed = segmented = tagged = 0
    for text in texts:
        ctx = run_steps(text)
        sentences += len(ctx.sentences)
        passed += len(candidates(ctx))
        segmented += len(ctx.memo.get("segmented", ()))
        tagged += len(ctx.memo.get("tagged_sentences", ()))
    return sentences, passed, segmented, tagged


def segment_lines(texts: list[str]) -> None:
    for text in texts:
        for line in text.splitlines():
            if line.strip():
                word_tokenize(line, use_token_normalize=False)
