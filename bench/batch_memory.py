"""Section 3: peak memory, wall time and documents/s of `ntm extract DIR --out OUT --workers 2`.

Generated .txt documents are extracted by the `ntm` command of this venv, a fresh OUT each run.
While it runs, the whole process tree (the command and its worker processes) is sampled every
SAMPLE_S seconds with psutil: the peak of the summed RSS (resident memory; pages shared by forked
workers counted in each) and of the summed PSS (each shared page divided among its sharers: what
the tree really occupies). A bounded batch keeps the same peak whatever its size, so a 100-document
batch is measured beside the 1,000-document one.
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from measure import seconds, table, timed

from ntm_corpus.generate import generate

try:
    import psutil
except ImportError:  # reported as a skipped section
    psutil = None

SAMPLE_S = 0.1
WORKERS = 2
MIB = 2**20


@dataclass
class Peak:
    rss: int = 0
    pss: int = 0
    processes: int = 0
    ok: int = 0
    failed: int = 0
    stage_seconds: float = 0.0  # the extraction stage alone, as the command reports it


def run(work: Path, runs: int, sizes: list[int]) -> str:
    if psutil is None:
        return "Skipped: psutil is not installed (`pip install psutil` into ntm's venv, or `scripts/setup.sh test`)."
    ntm = Path(sys.executable).with_name("ntm")
    if not ntm.exists():
        return f"Skipped: the `ntm` command is not installed beside {sys.executable} (`scripts/setup.sh`)."

    rows, generation = [], None
    for size in sorted(sizes, reverse=True):
        corpus = work / f"corpus{size}"
        timing, _ = timed(lambda corpus=corpus, size=size: _fresh_corpus(corpus, size), runs)
        if generation is None:
            generation = (size, timing)
        peaks: list[Peak] = []
        out = work / f"out{size}"
        timing, _ = timed(lambda corpus=corpus, out=out, peaks=peaks: peaks.append(extract(ntm, corpus, out)),
                          runs, before=lambda out=out: shutil.rmtree(out, ignore_errors=True))
        rows.append(_row(size, timing, peaks))

    size, gen = generation
    return "\n".join([
        f"`ntm extract DIR --out OUT --workers {WORKERS}` on generated .txt documents (mean ~4,000 characters), "
        f"a fresh OUT each run; median of {runs} runs. Memory is sampled every {SAMPLE_S} s over the command "
        "and its workers (psutil). The command's wall time includes start-up, each worker loading spaCy and "
        "underthesea, the comparison tables and the SQLite load; the extraction stage is the part the "
        "command itself reports.",
        "",
        table(["documents", "peak RSS, tree (MiB)", "peak PSS, tree (MiB)", "processes", "wall s (command)",
               "docs/s (command)", "extraction stage s", "docs/s (stage)", "ok / failed", "others' load (cores)"],
              rows),
        "",
        f"Generating the {size:,} documents (`generate({size}, dir, formats=['txt'])`, .txt and gold JSON) "
        f"takes {seconds(gen.wall)} s (median of {gen.runs}).",
    ])


def _fresh_corpus(folder: Path, size: int) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    generate(size, folder, seed=3, formats=["txt"])


def extract(ntm: Path, corpus: Path, out: Path) -> Peak:
    peak = Peak()
    command = [str(ntm), "extract", str(corpus / "documents"), "--out", str(out), "--workers", str(WORKERS)]
    env = {**os.environ, "COLUMNS": "200"}  # rich wraps the summary line at the terminal width
    with psutil.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env) as proc:
        output: list[str] = []
        reader = _drain(proc, output)
        while proc.poll() is None:
            _sample(proc, peak)
            time.sleep(SAMPLE_S)
        reader.join()
    text = "".join(output)
    if proc.returncode != 0:
        raise RuntimeError(f"ntm extract failed ({proc.returncode}):\n{text[-2000:]}")
    summary = re.search(r"(\d+) ok, (\d+) failed[^\n]*?([\d.]+)\s+s\b", text, re.S)
    if summary:
        peak.ok, peak.failed, peak.stage_seconds = int(summary[1]), int(summary[2]), float(summary[3])
    return peak


def _drain(proc, output: list[str]):
    """Read the command's output in a thread, so a full pipe never blocks it."""
    thread = threading.Thread(target=lambda: output.append(proc.stdout.read()), daemon=True)
    thread.start()
    return thread


def _sample(proc, peak: Peak) -> None:
    rss = pss = count = 0
    try:
        tree = [proc, *proc.children(recursive=True)]
    except psutil.Error:
        return
    for p in tree:
        try:
            info = p.memory_full_info()
        except psutil.Error:  # a worker that just ended
            continue
        rss, pss, count = rss + info.rss, pss + getattr(info, "pss", 0), count + 1
    peak.rss, peak.pss, peak.processes = max(peak.rss, rss), max(peak.pss, pss), max(peak.processes, count)


def _row(size: int, timing, peaks: list[Peak]) -> list[str]:
    median = statistics.median
    stage = median([p.stage_seconds for p in peaks])
    return [f"{size:,}", f"{median([p.rss for p in peaks]) / MIB:,.0f}", f"{median([p.pss for p in peaks]) / MIB:,.0f}",
            str(max(p.processes for p in peaks)), seconds(timing.wall), f"{size / timing.wall:.1f}",
            seconds(stage), f"{size / stage:.1f}" if stage else "–",
            f"{min(p.ok for p in peaks)} / {max(p.failed for p in peaks)}", f"{timing.others:.2f}"]
