"""Timing and comparison helpers shared by the benchmark sections.

Every time is the median of repeated runs. Next to wall time we keep CPU time (this process and
its finished children: worker processes, tesseract, ocrmypdf) and how many cores *other* processes
kept busy meanwhile (machine-wide busy time from /proc/stat minus ours), so a figure taken on a
shared machine says how shared it was.
"""

from __future__ import annotations

import os
import resource
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.evaluate import character_error_rate, collapsed  # noqa: F401 - bench modules import them from here
from pipeline.normalize import normalize_document
from pipeline.schema import Document, Page

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class Timing:
    wall: float  # median seconds
    cpu: float  # median CPU seconds of this process and its waited-for children
    others: float  # median cores other processes kept busy during a run
    runs: int
    walls: tuple[float, ...] = ()  # each run's wall time, in order (runs taken in turn pair up by index)


def timed(run: Callable[[], Any], runs: int, before: Callable[[], Any] | None = None) -> tuple[Timing, Any]:
    """Median timing of `run()` over `runs` runs (`before()` runs untimed ahead of each); last result."""
    return timed_in_turn({"run": run}, runs, before)["run"]


def timed_in_turn(contenders: dict[str, Callable[[], Any]], runs: int,
                  before: Callable[[], Any] | None = None, warm_up: bool = False) -> dict[str, tuple[Timing, Any]]:
    """`timed` for several contenders taking turns within each round, so that load from other
    processes, which comes and goes, weighs on all of them alike and their ratios stay fair.
    `warm_up`: one untimed round first (lexicons loaded on first use, files in the page cache)."""
    samples: dict[str, list[tuple[float, float, float]]] = {name: [] for name in contenders}
    results: dict[str, Any] = {}
    if warm_up:
        for run in contenders.values():
            if before:
                before()
            run()
    for _ in range(runs):
        for name, run in contenders.items():
            if before:
                before()
            busy, cpu, start = machine_busy_seconds(), own_cpu_seconds(), time.perf_counter()
            results[name] = run()
            wall = time.perf_counter() - start
            own = own_cpu_seconds() - cpu
            others = max(0.0, (machine_busy_seconds() - busy - own) / wall) if wall > 0 else 0.0
            samples[name].append((wall, own, others))
    return {name: (Timing(*(statistics.median(column) for column in zip(*rows, strict=True)), runs,
                          walls=tuple(row[0] for row in rows)), results[name])
            for name, rows in samples.items()}


def own_cpu_seconds() -> float:
    me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime


def machine_busy_seconds() -> float:
    """CPU seconds all cores have spent busy since boot (everything but idle and I/O wait)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    user, nice, system, idle, iowait, irq, softirq, steal = (fields + [0] * 8)[:8]
    return (user + nice + system + irq + softirq + steal) / CLOCK_TICKS


# ── text comparison ───────────────────────────────────────────────────────────


def normalized(pages: list[str], fmt: str = "pdf", source: str = "ocr") -> str:
    """Text after ntm's normalization, pages as they would come out of ingestion."""
    doc = Document(source="-", sha256="", format=fmt,
                   pages=[Page(number=i + 1, text=text, source=source) for i, text in enumerate(pages)])
    return normalize_document(doc).text






# ── Markdown ──────────────────────────────────────────────────────────────────


def table(header: list[str], rows: list[list[Any]], text_columns: int = 1) -> str:
    """A Markdown table: the first `text_columns` columns left-aligned, the figures right-aligned."""
    align = ["---" if i < text_columns else "---:" for i in range(len(header))]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(align) + " |"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def seconds(value: float) -> str:
    return f"{value:.2f}" if value < 10 else f"{value:.1f}"


def ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}×" if b else "–"
