"""Running a stage over many inputs: discover, name, skip what is done, run in parallel, write safely.

- One bad file never stops a batch: its one-line error goes to stderr and `OUT/errors.jsonl`.
- Outputs are written by the main process only, each to a temporary file then renamed, and a
  document's cache key (`OUT/.ntm-cache/<name>.key`: source sha256 + pipeline version) is written
  last — so a run killed at any moment resumes where it stopped, with nothing half-written.
- Workers return results instead of writing them, so the same task runs in a local process pool
  or on a Dask cluster without a shared file system for outputs; at most a few tasks per worker
  are in flight, so memory stays bounded whatever the batch size.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.atomic import write_atomic
from pipeline.errors import InputError, NtmError
from pipeline.ingest import SUPPORTED
from pipeline.version import pipeline_version

CACHE_DIR = ".ntm-cache"


@dataclass(frozen=True)
class Input:
    path: Path
    name: str  # output base name, unique within the batch


@dataclass
class Outcome:
    """What a worker sends back for one input."""

    source: str
    name: str
    outputs: dict[str, str] = field(default_factory=dict)  # relative output path → content
    page_sources: list[str] = field(default_factory=list)
    sha256: str | None = None
    error: tuple[str, str, str | None] | None = None  # (code, one-line message, traceback)


@dataclass
class Summary:
    ok: int = 0
    failed: int = 0
    skipped: int = 0
    pages_ocr: int = 0
    pages_text: int = 0
    seconds: float = 0.0

    def line(self) -> str:
        return (f"{self.ok} ok, {self.failed} failed, {self.skipped} skipped (already done); "
                f"pages: {self.pages_ocr} OCR'd, {self.pages_text} from text; {self.seconds:.1f} s")


# ── the stages a batch can run (top-level functions: they cross process boundaries) ──


def ingest_outputs(path: Path, name: str, ocr_workers: int) -> Outcome:
    from pipeline import ingest, normalize

    normalized = normalize(ingest(path, workers=ocr_workers))
    return Outcome(
        str(path), name, sha256=normalized.sha256,
        outputs={f"{name}.json": normalized.model_dump_json(indent=1), f"{name}.txt": normalized.text},
        page_sources=[p.source for p in normalized.pages],
    )


def extract_outputs(path: Path, name: str, ocr_workers: int) -> Outcome:
    from pipeline import extract, ingest, normalize

    result = extract(normalize(ingest(path, workers=ocr_workers)))
    return Outcome(
        str(path), name, sha256=result.doc_id,
        outputs={f"documents/{name}.json": result.model_dump_json(indent=1)},
        page_sources=list(result.source.page_sources),
    )


STAGES: dict[str, Callable[[Path, str, int], Outcome]] = {"ingest": ingest_outputs, "extract": extract_outputs}


def execute(stage: str, path: str, name: str, ocr_workers: int = 1) -> Outcome:
    """Run one stage on one input; every failure becomes an Outcome with an error, never an exception."""
    try:
        return STAGES[stage](Path(path), name, ocr_workers)
    except NtmError as e:
        return Outcome(path, name, error=(e.code, e.message, None))
    except Exception as e:  # a bug of ours, not the user's: one line for them, the trace in the log
        message = f"{path}: internal error ({type(e).__name__}: {e})".splitlines()[0]
        return Outcome(path, name, error=("internal_error", message, traceback.format_exc()))


# ── discovery and names ───────────────────────────────────────────────────────


def discover(paths: Iterable[str | Path]) -> tuple[list[Path], list[tuple[str, str]]]:
    """Files named on the command line, and supported files found in folders (recursively).

    A folder given is the whole of that input: symlinked folders inside it are not entered (os.walk
    does not follow them, so a symlink loop cannot trap the walk), and a symlinked file is read only
    when its target lies inside the folder too. A symlink named on the command line is followed.
    A file reached twice is taken once. Returns the files and (source, one-line error) for
    arguments that name nothing and for symlinks that lead out of their folder.
    """
    files: list[Path] = []
    errors: list[tuple[str, str]] = []
    seen: set[str] = set()
    for arg in paths:
        path = Path(arg)
        if path.is_dir():
            for found in sorted(_walk(path)):
                if not _inside(found, path):
                    errors.append((str(found), f"{found}: symbolic link to a file outside {path}; not followed"))
                elif _first_time(found, seen):
                    files.append(found)
        elif path.exists() or path.is_symlink():
            if _first_time(path, seen):
                files.append(path)
        else:
            errors.append((str(path), f"{path}: no such file or folder"))
    return files, errors


def _first_time(path: Path, seen: set[str]) -> bool:
    """A file given twice (by name and inside a folder given too) is one input."""
    key = os.path.abspath(path)
    if key in seen:
        return False
    seen.add(key)
    return True


def _walk(folder: Path) -> Iterator[Path]:
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in names:
            if Path(name).suffix.lower() in SUPPORTED and not name.startswith((".", "~$")):
                yield Path(root) / name


def _inside(path: Path, folder: Path) -> bool:
    """Does `path` (a file found in `folder`), once symlinks are resolved, lie inside `folder`?"""
    if not path.is_symlink():
        return True
    target, root = os.path.realpath(path), os.path.realpath(folder)  # realpath: no error on a loop
    return os.path.commonpath([target, root]) == root


def name_outputs(files: list[Path]) -> list[Input]:
    """Output names that never collide: the stem, then the extension, then the parent folders, and
    a number for names that still clash with the whole path spelled out (links to one folder)."""
    depth = [0] * len(files)
    number = [0] * len(files)
    while True:
        names = [_name(f, d) + (f"-{n}" if n else "") for f, d, n in zip(files, depth, number, strict=True)]
        groups: dict[str, list[int]] = {}
        for i, name in enumerate(names):
            groups.setdefault(name, []).append(i)
        clashes = [group for group in groups.values() if len(group) > 1]
        if not clashes:
            return [Input(f, n) for f, n in zip(files, names, strict=True)]
        for group in clashes:
            deeper = [i for i in group if depth[i] < _deepest(files[i])]
            for i in deeper:
                depth[i] += 1
            if not deeper:  # every folder is spelled out already: number all but the first
                for k, i in enumerate(group[1:], start=2):
                    number[i] += k


def _deepest(path: Path) -> int:
    """The depth at which `_name` spells out every parent folder."""
    return len(Path(os.path.realpath(path)).parent.parts)


def _name(path: Path, depth: int) -> str:
    if depth == 0:
        return path.stem
    with_ext = f"{path.stem}.{path.suffix.lstrip('.').lower()}" if path.suffix else path.stem
    real = Path(os.path.realpath(path))  # not Path.resolve(): it raises on a symlink loop
    parents = list(real.parent.parts[1:])[-(depth - 1):] if depth > 1 else []
    return "__".join([*parents, with_ext])


# ── output ────────────────────────────────────────────────────────────────────


def prepare_output(out: Path) -> None:
    """Create the output folder and prove it is writable, before any work is done."""
    try:
        out.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=out, prefix=".ntm-probe-"):
            pass
    except OSError as e:
        raise NtmError(f"{out}: output folder is not writable ({e.strerror or e})") from None


class ErrorLog:
    """`OUT/errors.jsonl`: one JSON line per failed input, appended and flushed as it happens."""

    def __init__(self, out: Path, echo: Callable[[str], None]):
        self.path = out / "errors.jsonl"
        self.echo = echo
        self.path.unlink(missing_ok=True)  # the log describes this run only

    def record(self, source: str, code: str, message: str, detail: str | None = None) -> None:
        message = message.replace("\r", "\\r").replace("\n", "\\n")  # a file name may hold a line break
        self.echo(message)
        entry = {"source": source, "code": code, "message": message}
        if detail:
            entry["detail"] = detail
        with open(self.path, "a", encoding="utf-8") as f:
            f.write(json.dumps(entry, ensure_ascii=False) + "\n")


class Cache:
    """Which inputs are done: `.ntm-cache/<name>.key` holds the source sha256 and pipeline version."""

    def __init__(self, out: Path, stage: str):
        self.dir = out / CACHE_DIR / stage
        self.version = pipeline_version()

    def key(self, sha256: str) -> str:
        return f"{sha256} {self.version}"

    def is_done(self, item: Input, sha256: str) -> bool:
        marker = self.dir / f"{item.name}.key"
        return marker.is_file() and marker.read_text(encoding="utf-8") == self.key(sha256)

    def mark_done(self, name: str, sha256: str) -> None:
        write_atomic(self.dir / f"{name}.key", self.key(sha256))


def file_sha256(path: Path) -> str | None:
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return None  # unreadable: let the stage report it properly
    return digest.hexdigest()


# ── running ───────────────────────────────────────────────────────────────────


@dataclass
class Options:
    workers: int = 1
    force: bool = False
    executor: str = "local"  # "local" or "dask"
    scheduler: str | None = None  # dask scheduler address, e.g. tcp://10.0.0.5:8786


def run(
    stage: str,
    inputs: Iterable[str | Path],
    out: Path,
    options: Options,
    echo: Callable[[str], None],
    progress: Callable[[Outcome | None, int], None] = lambda outcome, total: None,
) -> Summary:
    """Run `stage` on every input into `out`; errors are logged, never raised (but an unusable `out`)."""
    started = time.perf_counter()
    prepare_output(out)
    summary = Summary()
    log = ErrorLog(out, echo)
    cache = Cache(out, stage)
    files, missing = discover(inputs)
    for source, message in missing:
        log.record(source, InputError.code, message)
        summary.failed += 1

    todo: list[tuple[Input, str | None]] = []
    for item in name_outputs(files):
        sha = file_sha256(item.path)
        if sha and not options.force and cache.is_done(item, sha):
            summary.skipped += 1
        else:
            todo.append((item, sha))
    progress(None, len(todo))

    for outcome in _execute_all(stage, [item for item, _ in todo], options):
        if outcome.error:
            code, message, detail = outcome.error
            log.record(outcome.source, code, message, detail)
            summary.failed += 1
        else:
            for relative, content in outcome.outputs.items():
                write_atomic(out / relative, content)
            cache.mark_done(outcome.name, outcome.sha256)
            summary.ok += 1
            summary.pages_ocr += outcome.page_sources.count("ocr")
            summary.pages_text += len(outcome.page_sources) - outcome.page_sources.count("ocr")
        progress(outcome, len(todo))
    summary.seconds = time.perf_counter() - started
    return summary


def _execute_all(stage: str, items: list[Input], options: Options) -> Iterator[Outcome]:
    if options.executor == "dask":
        yield from _execute_dask(stage, items, options)
    elif options.workers <= 1 or len(items) <= 1:
        # One document at a time, its OCR pages spread over the workers.
        for item in items:
            yield execute(stage, str(item.path), item.name, max(1, options.workers))
    else:
        # Documents spread over the workers, each OCR'ing its own pages in-process.
        with ProcessPoolExecutor(max_workers=options.workers) as pool:
            yield from _bounded(lambda item: pool.submit(execute, stage, str(item.path), item.name, 1),
                                items, limit=2 * options.workers)


def _bounded(submit: Callable[[Input], Future], items: list[Input], limit: int) -> Iterator[Outcome]:
    """Submit tasks keeping at most `limit` in flight; yield outcomes as they complete."""
    pending: set[Future] = set()
    queue = iter(items)
    for item in queue:
        pending.add(submit(item))
        if len(pending) >= limit:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            yield from (f.result() for f in done)
    while pending:
        done, pending = wait(pending, return_when=FIRST_COMPLETED)
        yield from (f.result() for f in done)


def _execute_dask(stage: str, items: list[Input], options: Options) -> Iterator[Outcome]:
    try:
        from dask.distributed import Client, as_completed
    except ImportError:
        raise NtmError("the dask executor needs dask.distributed: pip install 'ntm[dask]'") from None
    if not options.scheduler:
        raise NtmError("--executor dask needs --scheduler tcp://HOST:PORT")
    try:
        client = Client(options.scheduler, timeout="10s")
    except (OSError, TimeoutError) as e:
        raise NtmError(f"cannot reach the dask scheduler at {options.scheduler} ({e})") from None
    with client:
        limit = max(2, 2 * sum(client.nthreads().values()))
        queue = iter(items)
        futures = as_completed()
        for item in queue:
            futures.add(client.submit(execute, stage, os.path.realpath(item.path), item.name, 1, pure=False))
            if futures.count() >= limit:
                break
        for future in futures:
            yield future.result()
            future.release()
            nxt = next(queue, None)
            if nxt is not None:
                futures.add(client.submit(execute, stage, os.path.realpath(nxt.path), nxt.name, 1, pure=False))
