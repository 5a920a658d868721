"""Running a stage over many inputs: discover, name, skip what is done, run in parallel, write safely.

- One bad file never stops a batch: its one-line error goes to stderr and `OUT/errors.jsonl`
  (append-only: every entry carries the run it belongs to, so an earlier run's entries are kept).
- Only one run writes into an OUT folder at a time (`OUT/.ntm-lock`); it first removes the temporary
  files a killed run left behind.
- A full disk or a read-only output folder stops the batch with one line: what was written stays,
  and a rerun resumes. A worker runs under a memory limit (NTM_MAX_MEMORY_MB); a document that
  passes it, or kills its worker, fails alone.
- Outputs are written by the main process only, each to a temporary file then renamed, and a
  document's cache key (`OUT/.ntm-cache/<name>.key`: source sha256 + pipeline version) is written
  last — so a run killed at any moment resumes where it stopped, with nothing half-written.
- Workers return results instead of writing them, so the same task runs in a local process pool
  or on a Dask cluster without a shared file system for outputs; at most a few tasks per worker
  are in flight, so memory stays bounded whatever the batch size.
"""

from __future__ import annotations

import errno
import json
import os
import re
import resource
import sys
import tempfile
import threading
import time
import traceback
import uuid
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from pipeline.atomic import NAME_BYTES, shorten, write_atomic, writing
from pipeline.errors import InputError, NtmError
from pipeline.ingest import SUPPORTED, images, source_sha256
from pipeline.ingest.common import MEMORY_MB
from pipeline.schema import DocumentWords
from pipeline.version import pipeline_version

CACHE_DIR = ".ntm-cache"
# What each stage writes for an input named NAME (relative to OUT).
OUTPUTS = {"normalize": ("{name}.json", "{name}.txt"), "extract": ("documents/{name}.json", "words/{name}.json")}
NAME_MAX_BYTES = NAME_BYTES - len(".json") - 1  # output names leave room for the longest suffix (.key, .json)
# Write errors that every later write would hit too: the batch stops, with what it wrote kept.
FATAL_WRITE_ERRORS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM, errno.EFBIG}


class OutputError(NtmError):
    code = "output_error"


@dataclass(frozen=True)
class Input:
    path: Path
    name: str  # output base name, unique within the batch
    key: str = ""  # the source's identity in the tracking database (Source.key)


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
    tables: dict[str, Path] | None = None  # `extract`: the tables written after the documents
    database: object | None = None  # `extract`: the load into the tracking database (pipeline.load.LoadSummary)

    def line(self) -> str:
        return (f"{self.ok} ok, {self.failed} failed, {self.skipped} skipped (already done); "
                f"pages: {self.pages_ocr} OCR'd, {self.pages_text} from text; {self.seconds:.1f} s")


# ── the stages a batch can run (top-level functions: they cross process boundaries) ──


def normalize_outputs(path: Path, name: str, ocr_workers: int, key: str | None = None) -> Outcome:
    from pipeline import ingest, normalize

    normalized = normalize(ingest(path, workers=ocr_workers))
    return Outcome(
        str(path), name, sha256=normalized.sha256,
        outputs={f"{name}.json": normalized.model_dump_json(indent=1), f"{name}.txt": normalized.text},
        page_sources=[p.source for p in normalized.pages],
    )


def extract_outputs(path: Path, name: str, ocr_workers: int, key: str | None = None) -> Outcome:
    from pipeline import extract, ingest, normalize

    normalized = normalize(ingest(path, workers=ocr_workers))
    result = extract(normalized)
    result.source.key = key or os.path.realpath(path)  # the database's identity of the document
    words = DocumentWords.of(result.doc_id, normalized.pages)
    return Outcome(
        str(path), name, sha256=result.doc_id,
        outputs={f"documents/{name}.json": result.model_dump_json(indent=1),
                 **({f"words/{name}.json": words.model_dump_json()} if words.pages else {})},
        page_sources=list(result.source.page_sources),
    )


STAGES: dict[str, Callable[[Path, str, int, str | None], Outcome]] = {
    "normalize": normalize_outputs, "extract": extract_outputs}


def execute(stage: str, path: str, name: str, ocr_workers: int = 1, key: str | None = None) -> Outcome:
    """Run one stage on one input; every failure becomes an Outcome with an error, never an exception."""
    try:
        return STAGES[stage](Path(path), name, ocr_workers, key)
    except NtmError as e:
        return Outcome(path, name, error=(e.code, e.message, None))
    except MemoryError:
        limit = MEMORY_MB.value()
        return Outcome(path, name, error=("too_large", f"{path}: ran out of memory, over the limit of {limit:,} MB "
                                          f"per worker (raise it with {MEMORY_MB.env}={2 * limit})", None))
    except Exception as e:  # a bug of ours, not the user's: one line for them, the trace in the log
        message = f"{path}: internal error ({type(e).__name__}: {e})".splitlines()[0]
        return Outcome(path, name, error=("internal_error", message, traceback.format_exc()))


# ── the API of `ntm normalize` and `ntm extract`: same names, same parameters ──


def _stderr(message: str) -> None:
    print(f"error: {message}", file=sys.stderr)


def _quiet(outcome: Outcome | None, total: int) -> None:
    pass


def normalize(
    inputs: Iterable[str | Path],
    out: Path = Path("out/normalize"),
    workers: int | None = None,
    force: bool = False,
    *,
    echo: Callable[[str], None] = _stderr,
    progress: Callable[[Outcome | None, int], None] = _quiet,
    limit_memory: bool = False,
) -> Summary:
    """`ntm normalize`: read and normalize files and folders into OUT/NAME.txt and OUT/NAME.json
    (pages, sources, char map); per document this is `pipeline.normalize(pipeline.ingest(path))`."""
    return run("normalize", inputs, Path(out), options(workers, force, limit_memory=limit_memory), echo, progress)


def extract(
    inputs: Iterable[str | Path],
    out: Path = Path("out"),
    workers: int | None = None,
    force: bool = False,
    executor: str = "local",
    scheduler: str | None = None,
    db: str | None = None,
    key_prefix: str | None = None,
    source_root: Path | None = None,
    *,
    echo: Callable[[str], None] = _stderr,
    progress: Callable[[Outcome | None, int], None] = _quiet,
    limit_memory: bool = False,
) -> Summary:
    """`ntm extract`: OUT/documents/NAME.json per document (`pipeline.process(path)`), then, when any
    document is done, the comparison tables (OUT/tables, OUT/ntm.xlsx) and the tracking database
    (`db`, an SQLAlchemy URL; default OUT/ntm.sqlite). Bad inputs are logged and the batch goes on.
    A document's key in the database is its resolved path, or with `key_prefix` NAME, `NAME:PATH`
    with PATH its path within the folder given (or within `source_root`): see `source_keys`."""
    from pipeline.export import write_tables
    from pipeline.load import load

    out = Path(out)
    chosen = options(workers, force, executor, scheduler, limit_memory, key_prefix, source_root)
    prepare_output(out)
    with writing(out):  # documents, tables and database: no other run writes here meanwhile
        summary = run("extract", inputs, out, chosen, echo, progress)
        if summary.ok or summary.skipped:
            summary.tables = write_tables(out)
            summary.database = load(out, db)
    return summary


def options(workers: int | None = None, force: bool = False, executor: str = "local",
            scheduler: str | None = None, limit_memory: bool = False, key_prefix: str | None = None,
            source_root: Path | None = None) -> Options:
    """Options of a run; `workers` None means every core; `limit_memory` also holds a document run in
    this process under NTM_MAX_MEMORY_MB (the CLI sets it; a library caller's process is its own)."""
    if executor not in ("local", "dask"):
        raise InputError(f"unknown executor {executor!r} (choose local or dask)")
    if key_prefix is not None and not KEY_PREFIX.fullmatch(key_prefix):
        raise InputError(f"key prefix {key_prefix!r}: use letters, digits, '.', '_', '-' (e.g. a commune or machine)")
    if source_root is not None:
        if key_prefix is None:
            raise InputError("--source-root needs --key-prefix NAME (keys are NAME:PATH within the root)")
        if not Path(source_root).is_dir():
            raise InputError(f"{source_root}: --source-root is not a folder")
    return Options(workers=workers or os.cpu_count() or 1, force=force, executor=executor, scheduler=scheduler,
                   limit_memory=limit_memory, key_prefix=key_prefix, source_root=source_root)


KEY_PREFIX = re.compile(r"[\w.-]+")  # no ':' (it ends the prefix) nor '/' (a resolved path's start)


# ── discovery and names ───────────────────────────────────────────────────────


def discover(paths: Iterable[str | Path]) -> tuple[list[Path], list[tuple[str, str]]]:
    """Files named on the command line, and supported files found in folders (recursively).

    A folder given is the whole of that input: symlinked folders inside it are not entered (os.walk
    does not follow them, so a symlink loop cannot trap the walk), and a symlinked file is read only
    when its target lies inside the folder too. A symlink named on the command line is followed.
    A file reached twice (named twice, or through a symlink inside the folder) is taken once, by
    its first name that is not a symlink. A folder marked as one document (images.MARKER) is one
    input, given or found, and is not walked. Returns the files and (source, one-line error) for
    arguments that name nothing, folders that cannot be read and symlinks that lead out of their folder.
    """
    files: list[Path] = []
    errors: list[tuple[str, str]] = []
    seen: set[str] = set()
    for arg in paths:
        path = Path(arg)
        if path.is_dir() and not images.is_document_folder(path):
            for found in sorted(_walk(path, errors), key=lambda p: (p.is_symlink(), p)):
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


def source_keys(files: list[Path], inputs: list[Path], prefix: str | None, root: Path | None,
                ) -> tuple[dict[Path, str], list[tuple[str, str]]]:
    """Each file's identity in the tracking database: its resolved path; with `prefix` NAME,
    `NAME:PATH` where PATH is its resolved path relative to the resolved `root`, or by default to
    the folder given that holds it (a file named alone: its own folder), so that a file reached by
    a relative or an absolute path has one key, and two batches' `in/a.txt` two. Returns the keys and
    (source, one-line error) for files outside `root`."""
    if prefix is None:
        return {f: os.path.realpath(f) for f in files}, []
    folders = [os.path.realpath(p) for p in inputs if p.is_dir()]
    keys: dict[Path, str] = {}
    errors: list[tuple[str, str]] = []
    for f in files:
        real = os.path.realpath(f)
        if root is not None:
            base = os.path.realpath(root)
        else:
            base = next((d for d in folders if os.path.commonpath([real, d]) == d), os.path.dirname(real))
        if os.path.commonpath([real, base]) != base:
            errors.append((str(f), f"{f}: outside --source-root {root}; not keyed, not read"))
        else:
            keys[f] = f"{prefix}:{Path(os.path.relpath(real, base)).as_posix()}"
    return keys, errors


def _first_time(path: Path, seen: set[str]) -> bool:
    """A file given twice (by name and inside a folder given too, or by a link to it) is one input."""
    key = os.path.realpath(path)
    if key in seen:
        return False
    seen.add(key)
    return True


def _walk(folder: Path, errors: list[tuple[str, str]]) -> Iterator[Path]:
    def unreadable(e: OSError) -> None:
        where = e.filename or folder
        errors.append((str(where), f"{where}: folder cannot be read ({e.strerror or e}); its files were skipped"))

    for root, dirs, names in os.walk(folder, onerror=unreadable):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for marked in [d for d in dirs if images.is_document_folder(Path(root) / d)]:
            dirs.remove(marked)  # one document: its images are its pages, not documents of their own
            yield Path(root) / marked
        for name in names:
            if Path(name).suffix.lower() in SUPPORTED and not name.startswith((".", "~$")):
                if not images.continues_series(Path(root) / name):  # read with its series' first page
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
            return [Input(f, shorten(n, NAME_MAX_BYTES)) for f, n in zip(files, names, strict=True)]
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
    """`OUT/errors.jsonl`: one JSON line per failed input, appended and flushed as it happens.

    Append-only: a run never removes what earlier runs wrote; each entry names its run (start time
    and a random tag), and readers take the latest entry per source."""

    def __init__(self, out: Path, echo: Callable[[str], None]):
        self.path = out / "errors.jsonl"
        self.echo = echo
        self.run = f"{datetime.now(UTC).isoformat(timespec='milliseconds')} {uuid.uuid4().hex[:8]}"
        self.unwritable = False

    def record(self, source: str, code: str, message: str, detail: str | None = None) -> None:
        message = message.replace("\r", "\\r").replace("\n", "\\n")  # a file name may hold a line break
        self.echo(message)
        entry = {"source": source, "code": code, "message": message, "run": self.run}
        if detail:
            entry["detail"] = detail
        try:
            with open(self.path, "a", encoding="utf-8", errors="surrogateescape") as f:
                f.write(json.dumps(entry, ensure_ascii=False) + "\n")
        except OSError as e:
            if not self.unwritable:  # said once: the errors still reach the terminal
                self.unwritable = True
                self.echo(f"{self.path}: cannot be written ({e.strerror or e}); errors are shown here only")


class Cache:
    """Which inputs are done: `.ntm-cache/<stage>/<name>.key` holds the source sha256 and pipeline
    version on its first line, the source's resolved path on the second (whose outputs these are),
    and its key (JSON) on the third: a document keyed differently now is done again."""

    def __init__(self, out: Path, stage: str):
        self.out = out
        self.stage = stage
        self.dir = out / CACHE_DIR / stage
        self.version = pipeline_version()

    def key(self, sha256: str) -> str:
        return f"{sha256} {self.version}"

    def is_done(self, item: Input, sha256: str) -> bool:
        marker = self.dir / f"{item.name}.key"
        if not marker.is_file():
            return False
        lines = marker.read_text(encoding="utf-8").split("\n")
        key = json.loads(lines[2]) if len(lines) > 2 else lines[-1]  # before keys: the resolved path
        return lines[0] == self.key(sha256) and key == (item.key or os.path.realpath(item.path))

    def mark_done(self, name: str, sha256: str, source: str, key: str) -> None:
        write_atomic(self.dir / f"{name}.key",
                     f"{self.key(sha256)}\n{os.path.realpath(source)}\n{json.dumps(key, ensure_ascii=False)}")

    def remove_stale(self, items: list[Input]) -> None:
        """Outputs of a source now named differently (a.txt was `a` until a.pdf came beside it) go:
        else the tables would list it twice under its old and new names."""
        names = {os.path.realpath(item.path): item.name for item in items}
        for marker in self.dir.glob("*.key") if self.dir.is_dir() else []:
            lines = marker.read_text(encoding="utf-8", errors="replace").split("\n")
            old = marker.name[: -len(".key")]
            new = names.get(lines[1]) if len(lines) > 1 else None
            if new is not None and new != old:
                for pattern in OUTPUTS[self.stage]:
                    (self.out / pattern.format(name=old)).unlink(missing_ok=True)
                marker.unlink(missing_ok=True)


def file_sha256(path: Path) -> str | None:
    """The source's digest, as ingestion gives it (over all files of a photo series or marked folder);
    None when it is not a regular file within the size limit (the stage says why)."""
    return source_sha256(path)


# ── running ───────────────────────────────────────────────────────────────────


@dataclass
class Options:
    workers: int = 1
    force: bool = False
    executor: str = "local"  # "local" or "dask"
    scheduler: str | None = None  # dask scheduler address, e.g. tcp://10.0.0.5:8786
    # Hold a document run in this process (workers <= 1) under NTM_MAX_MEMORY_MB too, as pool
    # workers always are; the CLI sets it, a library caller's process is its own to limit.
    limit_memory: bool = False
    key_prefix: str | None = None  # documents keyed NAME:PATH instead of by resolved path (source_keys)
    source_root: Path | None = None  # PATH relative to this folder instead of the folder given


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
    with writing(out):
        summary = _run_locked(stage, inputs, out, options, echo, progress)
    summary.seconds = time.perf_counter() - started
    return summary


def _run_locked(stage, inputs, out, options, echo, progress) -> Summary:
    summary = Summary()
    log = ErrorLog(out, echo)
    cache = Cache(out, stage)
    inputs = [Path(p) for p in inputs]
    files, missing = discover(inputs)
    keys, outside = source_keys(files, inputs, options.key_prefix, options.source_root)
    for source, message in missing + outside:
        log.record(source, InputError.code, message)
        summary.failed += 1

    items = [Input(i.path, i.name, keys[i.path]) for i in name_outputs([f for f in files if f in keys])]
    _guard_writes(out, summary, lambda: cache.remove_stale(items))
    todo: list[tuple[Input, str | None]] = []
    for item in items:
        sha = file_sha256(item.path)
        if sha and not options.force and cache.is_done(item, sha):
            summary.skipped += 1
        else:
            todo.append((item, sha))
    progress(None, len(todo))
    keys = {item.name: item.key for item in items}

    for outcome in _execute_all(stage, [item for item, _ in todo], options):
        if outcome.error:
            code, message, detail = outcome.error
            log.record(outcome.source, code, message, detail)
            summary.failed += 1
        elif _guard_writes(out, summary, lambda o=outcome: _write(out, cache, o, keys[o.name]), log, outcome.source):
            summary.ok += 1
            summary.pages_ocr += outcome.page_sources.count("ocr")
            summary.pages_text += len(outcome.page_sources) - outcome.page_sources.count("ocr")
        else:
            summary.failed += 1
        progress(outcome, len(todo))
    return summary


def _write(out: Path, cache: Cache, outcome: Outcome, key: str) -> None:
    for relative, content in outcome.outputs.items():
        write_atomic(out / relative, content)
    cache.mark_done(outcome.name, outcome.sha256, outcome.source, key)  # last: the outputs are whole


def _guard_writes(out: Path, summary: Summary, write: Callable[[], None], log: ErrorLog | None = None,
                  source: str | None = None) -> bool:
    """Run `write`; a write error every later write would hit too (disk full, read-only) stops the
    batch with one line, keeping what was written; any other fails this input alone."""
    try:
        write()
        return True
    except OSError as e:
        reason = e.strerror or str(e)
        where = e.filename or out
        if e.errno in FATAL_WRITE_ERRORS or log is None:
            raise OutputError(f"{where}: cannot write ({reason}); stopped after {summary.ok} document(s), "
                              f"which are kept: make room or fix the folder and run again to resume") from None
        log.record(source, OutputError.code, f"{source}: its output cannot be written to {where} ({reason})")
        return False


_limits = threading.Lock()
_holders: list[tuple[int, int]] = []  # per task of this process inside `memory_limit`: the limits found by the first


@contextmanager
def memory_limit() -> Iterator[None]:
    """Hold this process's data segment (heap and anonymous memory: what a runaway document grows)
    under NTM_MAX_MEMORY_MB, so that it fails with a MemoryError instead of taking the machine down.
    A process already over half that size (a worker forked from a big parent) may grow by half of it
    instead. Only the soft limit is set, and it is restored after. The limit is the process's: in a
    process running several tasks at once (a Dask worker's threads), the first to enter sets it and
    the last to leave, whichever it is, restores it."""
    with _limits:
        before = _holders[0] if _holders else resource.getrlimit(resource.RLIMIT_DATA)
        if not _holders:
            _set_data_limit(before[1])
        _holders.append(before)
    try:
        yield
    finally:
        with _limits:
            _holders.pop()
            if not _holders:
                resource.setrlimit(resource.RLIMIT_DATA, before)


def _set_data_limit(hard: int) -> None:
    limit, size = MEMORY_MB.value() * 2**20, _data_size()
    if size > limit // 2:
        limit = size + limit // 2
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    try:
        resource.setrlimit(resource.RLIMIT_DATA, (limit, hard))
    except (ValueError, OSError):  # the system forbids it: no limit
        pass


def _data_size() -> int:
    """This process's data segment in bytes (VmData: what RLIMIT_DATA counts); 0 when unknown."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmData:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _limited_execute(stage: str, path: str, name: str, ocr_workers: int = 1, key: str | None = None) -> Outcome:
    with memory_limit():
        return execute(stage, path, name, ocr_workers, key)


def _execute_all(stage: str, items: list[Input], options: Options) -> Iterator[Outcome]:
    if options.executor == "dask":
        yield from _execute_dask(stage, items, options)
    elif options.workers <= 1 or len(items) <= 1:
        # One document at a time, its OCR pages spread over the workers.
        run_one = _limited_execute if options.limit_memory else execute
        for item in items:
            yield run_one(stage, str(item.path), item.name, max(1, options.workers), item.key)
    else:
        # Documents spread over the workers, each OCR'ing its own pages in-process.
        yield from _execute_pool(stage, items, options.workers)


def _execute_pool(stage: str, items: list[Input], workers: int) -> Iterator[Outcome]:
    """Run `items` over a process pool. A worker that dies (killed by the system for memory, a crash
    in a C library) breaks the pool: the documents it held are retried one at a time in a pool of
    their own, the one that kills it again fails alone, and the batch goes on in a new pool."""
    queue = list(reversed(items))
    while queue:
        in_flight: dict[Future, Input] = {}
        try:
            with ProcessPoolExecutor(max_workers=workers) as pool:
                yield from _bounded(pool, stage, queue, in_flight, limit=2 * workers)
        except BrokenProcessPool:
            for item in in_flight.values():
                yield _alone(stage, item)


def _bounded(pool: ProcessPoolExecutor, stage: str, queue: list[Input], in_flight: dict[Future, Input],
             limit: int) -> Iterator[Outcome]:
    """Submit tasks from `queue` (popped from its end) keeping at most `limit` in flight; yield
    outcomes as they complete."""
    while queue or in_flight:
        while queue and len(in_flight) < limit:
            item = queue[-1]
            in_flight[pool.submit(_limited_execute, stage, str(item.path), item.name, 1, item.key)] = item
            queue.pop()  # only once submitted: a broken pool refuses the submission
        done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
        for future in done:
            outcome = future.result()  # BrokenProcessPool: the caller retries what is in flight
            del in_flight[future]
            yield outcome


def _alone(stage: str, item: Input) -> Outcome:
    try:
        with ProcessPoolExecutor(max_workers=1) as pool:
            return pool.submit(_limited_execute, stage, str(item.path), item.name, 1, item.key).result()
    except BrokenProcessPool:
        message = (f"{item.path}: the worker processing it died (killed by the system, most likely for memory; "
                   f"see {MEMORY_MB.env})")
        return Outcome(str(item.path), item.name, error=("crashed", message, None))


def _dask_execute(stage: str, path: str, name: str, key: str, memory_mb: int) -> Outcome:
    """A task on a Dask worker: under the memory limit of the machine that runs the batch, as a
    pool worker is (the worker's own NTM_MAX_MEMORY_MB is set to it, so messages name it too)."""
    os.environ[MEMORY_MB.env] = str(memory_mb)
    return _limited_execute(stage, path, name, 1, key)


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
    memory_mb = MEMORY_MB.value()

    def submit(item: Input):
        future = client.submit(_dask_execute, stage, os.path.realpath(item.path), item.name, item.key, memory_mb,
                               pure=False)
        submitted[future.key] = item
        return future

    with client:
        limit = max(2, 2 * sum(client.nthreads().values()))
        queue = iter(items)
        futures = as_completed()
        submitted: dict[str, Input] = {}
        for item in queue:
            futures.add(submit(item))
            if futures.count() >= limit:
                break
        for future in futures:
            item = submitted.pop(future.key)
            try:
                outcome = future.result()
            except Exception as e:  # noqa: BLE001 - the task never returned: its worker died (KilledWorker)
                message = (f"{item.path}: the Dask worker processing it died ({type(e).__name__}; killed by the "
                           f"system, most likely for memory; see {MEMORY_MB.env} and dask worker --memory-limit)")
                outcome = Outcome(str(item.path), item.name, error=("crashed", message.splitlines()[0], None))
            future.release()
            yield outcome
            nxt = next(queue, None)
            if nxt is not None:
                futures.add(submit(nxt))
