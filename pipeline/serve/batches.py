"""Batches uploaded through the app, run by `pipeline.batch` one after another in a background thread.

Uploads are written under `OUT/uploads/<batch>/files/` only, under names made here (the batch id,
a number, and the letters and digits of the name given): a name from the browser or inside a zip is
never a path. Zips are unpacked member by member with the bytes actually read counted against the
limits (a zip bomb stops at the limit, whatever its headers claim). Each batch keeps its state in
`OUT/uploads/<batch>/state.json`, rewritten atomically after every document: a server restarted
mid-batch finds it "running" and starts it again, and `pipeline.batch` skips what is done.
"""

from __future__ import annotations

import json
import queue
import re
import secrets
import threading
import unicodedata
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from pipeline import batch
from pipeline.atomic import write_atomic
from pipeline.ingest import SUPPORTED

MAX_FILES = 2000
MAX_RATIO = 200  # a zip member unpacking to more than 200x its compressed size is a bomb
CHUNK = 1 << 20


class Cancelled(Exception):
    pass


@dataclass
class State:
    id: str
    created: str
    status: str = "queued"  # queued, running, done, cancelled, failed
    total: int = 0
    finished: int = 0
    ok: int = 0
    failed: int = 0
    skipped: int = 0
    pages: int = 0
    ocr_pages: int = 0
    files: list[str] = field(default_factory=list)  # the names given, in upload order
    sources: dict[str, str] = field(default_factory=dict)  # stem of the file written → the name given
    rejected: list[dict] = field(default_factory=list)  # {"name", "reason"}: never reached the pipeline
    errors: list[dict] = field(default_factory=list)  # {"name", "reason"}: the pipeline's one-line errors
    message: str = ""
    folder: str | None = None  # a server folder run in place (the inbox's), instead of uploads

    @property
    def active(self) -> bool:
        return self.status in ("queued", "running")


def safe_name(name: str, number: int, batch_id: str) -> str:
    """A file name made from the letters and digits of `name`: no folder, no dot file, bounded."""
    base = unicodedata.normalize("NFC", re.split(r"[\\/]", name or "")[-1])
    stem, dot, ext = base.rpartition(".")
    if not dot:
        stem, ext = ext, ""
    stem = re.sub(r"[^\w-]+", "-", stem, flags=re.UNICODE).strip("-_")[:60] or "file"
    ext = re.sub(r"[^a-z0-9]", "", ext.lower())[:8]
    return f"{batch_id}-{number:03d}-{stem}" + (f".{ext}" if ext else "")


class Batches:
    def __init__(self, out: Path, max_bytes: int, on_done: Callable[[], None]):
        self.out = Path(out)
        self.root = self.out / "uploads"
        self.max_bytes = max_bytes
        self.on_done = on_done
        self._lock = threading.Lock()
        self._cancel: set[str] = set()
        self._queue: queue.Queue[str | None] = queue.Queue()
        self._thread = threading.Thread(target=self._work, name="ntm-batches", daemon=True)
        self._thread.start()
        for state in self.all():  # a restart resumes what was under way
            if state.active:
                self._queue.put(state.id)

    # ── state ──

    def state(self, batch_id: str) -> State:
        if not re.fullmatch(r"[0-9a-f]{8}", batch_id or ""):
            raise KeyError(batch_id)
        path = self.root / batch_id / "state.json"
        if not path.is_file():
            raise KeyError(batch_id)
        return State(**json.loads(path.read_text(encoding="utf-8")))

    def all(self) -> list[State]:
        if not self.root.is_dir():
            return []
        found = []
        for path in self.root.glob("*/state.json"):
            try:
                found.append(self.state(path.parent.name))
            except (KeyError, ValueError, TypeError):
                continue
        return sorted(found, key=lambda s: s.created, reverse=True)

    def _save(self, state: State) -> None:
        with self._lock:
            write_atomic(self.root / state.id / "state.json", json.dumps(asdict(state), ensure_ascii=False))

    # ── uploads ──

    def create(self, uploads: Iterable[tuple[str, BinaryIO]]) -> State:
        """Write the uploaded files (zips unpacked) under a new batch folder and queue the batch."""
        batch_id = secrets.token_hex(4)
        state = State(batch_id, datetime.now(UTC).isoformat(timespec="seconds"))
        files = self.root / batch_id / "files"
        files.mkdir(parents=True)
        budget = [self.max_bytes]
        for name, stream in uploads:
            shown = (name or "?")[:200]
            if name.lower().endswith(".zip"):
                self._unzip(shown, stream, files, state, budget)
            else:
                self._keep(shown, stream, files, state, budget)
        if not state.files:
            state.status, state.message = "failed", "no readable file in the upload"
        self._save(state)
        if state.active:
            self._queue.put(batch_id)
        return state

    def create_from_folder(self, folder: Path, shown: str) -> State:
        """Queue a batch over a server folder, read in place (nothing is copied)."""
        state = State(secrets.token_hex(4), datetime.now(UTC).isoformat(timespec="seconds"), folder=str(folder))
        found, _ = batch.discover([folder])
        state.files = [str(p.relative_to(folder)) for p in found][:MAX_FILES]
        if not found:
            state.status, state.message = "failed", f"no readable file in {shown}"
        self._save(state)
        if state.active:
            self._queue.put(state.id)
        return state

    def _keep(self, shown: str, stream: BinaryIO, folder: Path, state: State, budget: list[int]) -> None:
        reason = self._refuse(shown, state)
        if reason:
            state.rejected.append({"name": shown, "reason": reason})
            return
        target = folder / safe_name(shown, len(state.files) + len(state.rejected) + 1, state.id)
        if not self._copy(stream, target, budget):
            state.rejected.append({"name": shown, "reason": f"over the upload limit of {self.max_bytes >> 20} MB"})
            return
        state.files.append(shown)
        state.sources[target.stem] = shown

    def _unzip(self, shown: str, stream: BinaryIO, folder: Path, state: State, budget: list[int]) -> None:
        try:
            archive = zipfile.ZipFile(stream)
            members = [m for m in archive.infolist() if not m.is_dir()]
        except (zipfile.BadZipFile, OSError, ValueError) as e:
            state.rejected.append({"name": shown, "reason": f"not a readable zip ({e})"[:200]})
            return
        with archive:
            for member in members:
                inner = f"{shown}: {member.filename[:200]}"
                if member.flag_bits & 0x1:
                    state.rejected.append({"name": inner, "reason": "encrypted zip member"})
                    continue
                if member.file_size > MAX_RATIO * max(member.compress_size, 1) + CHUNK:
                    state.rejected.append({"name": inner, "reason": "compression ratio of a zip bomb"})
                    continue
                try:
                    with archive.open(member) as source:
                        self._keep(inner, source, folder, state, budget)
                except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, EOFError) as e:
                    state.rejected.append({"name": inner, "reason": f"cannot unpack ({e})"[:200]})

    def _refuse(self, shown: str, state: State) -> str | None:
        suffix = "." + shown.rsplit(".", 1)[-1].lower() if "." in shown else ""
        if suffix not in SUPPORTED:
            return f"unsupported format {suffix or '(no extension)'} (supported: {', '.join(SUPPORTED)})"
        if len(state.files) >= MAX_FILES:
            return f"more than {MAX_FILES} files in one batch"
        return None

    def _copy(self, source: BinaryIO, target: Path, budget: list[int]) -> bool:
        """Copy at most the remaining budget; False (and nothing left behind) when the file is larger."""
        written = 0
        with open(target, "wb") as f:
            while block := source.read(CHUNK):
                written += len(block)
                if written > budget[0]:
                    break
                f.write(block)
        if written > budget[0]:
            target.unlink()
            return False
        budget[0] -= written
        return True

    # ── running ──

    def cancel(self, batch_id: str) -> State:
        state = self.state(batch_id)
        if state.active:
            self._cancel.add(batch_id)
            if state.status == "queued":
                state.status = "cancelled"
                self._save(state)
        return state

    def _work(self) -> None:
        while (batch_id := self._queue.get()) is not None:
            try:
                self._run(self.state(batch_id))
            except KeyError:
                continue

    def _run(self, state: State) -> None:
        if batch_id_cancelled := state.id in self._cancel:
            state.status = "cancelled"
        if batch_id_cancelled or not state.active:
            self._save(state)
            return
        state.status, state.errors = "running", []
        state.finished = state.ok = state.failed = state.pages = state.ocr_pages = 0
        self._save(state)
        files = Path(state.folder) if state.folder else self.root / state.id / "files"
        finished: list[str] = []

        def progress(outcome: batch.Outcome | None, total: int) -> None:
            if state.id in self._cancel:
                raise Cancelled
            if outcome is None:
                state.total = total
            else:
                state.finished += 1
                if outcome.error:
                    state.failed += 1
                    shown = state.sources.get(outcome.name, outcome.name)
                    reason = outcome.error[1].replace(outcome.source, shown)  # no server paths shown
                    state.errors.append({"name": shown, "reason": reason})
                else:
                    finished.append(outcome.name)
                    state.ok += 1
                    state.pages += len(outcome.page_sources)
                    state.ocr_pages += outcome.page_sources.count("ocr")
            self._save(state)

        try:
            summary = batch.run("extract", [files], self.out, batch.Options(workers=1), lambda _m: None, progress)
            state.skipped = summary.skipped
            state.status = "done"
        except Cancelled:
            state.status = "cancelled"
        except Exception as e:  # noqa: BLE001 - the batch stops with one line; the server goes on
            state.status, state.message = "failed", f"{type(e).__name__}: {e}".splitlines()[0][:300]
        try:
            self.on_done()  # the tracking database and search index, before the batch shows as ended
        except Exception as e:  # noqa: BLE001
            state.message = f"loading the database failed: {e}".splitlines()[0][:300]
        self._cancel.discard(state.id)
        self._save(state)
        self._prefetch(finished)

    def _prefetch(self, names: list[str]) -> None:
        """Word boxes of the batch's scanned pages, computed before the reviewer asks (best effort)."""
        from pipeline.serve.pages import prefetch

        for name in names:
            if not self._queue.empty():
                return  # a waiting batch goes first; the pages are located on demand then
            try:
                prefetch(self.out, json.loads((self.out / "documents" / f"{name}.json").read_bytes()), name)
            except Exception:  # noqa: BLE001, S112 - a page that cannot be located shows no boxes
                continue

    def wait_idle(self, timeout: float = 60.0) -> None:
        """For tests: block until every queued batch has run."""
        import time

        end = time.monotonic() + timeout
        while time.monotonic() < end and (not self._queue.empty() or any(s.active for s in self.all())):
            time.sleep(0.05)

    def close(self) -> None:
        self._queue.put(None)
