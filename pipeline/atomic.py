"""Writing files so that a reader never sees half of one: a temporary file beside it, then a rename.

Temporary files are named `.NAME.XXXXXXXX.tmp`, with NAME cut short (and a digest of the whole name
added) when the full name would pass the file system's 255-byte limit on a name.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import os
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from pipeline.errors import NtmError

LOCK_NAME = ".ntm-lock"
_held = threading.local()  # the output folders this thread holds: `writing` inside `writing` is one lock


_deferred: ContextVar[list[tuple[str, Path]] | None] = ContextVar("deferred_renames", default=None)


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A temporary path to write; renamed onto `path` when the block ends without error (or, inside
    `all_or_nothing`, when that block does)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{shorten(path.name, TMP_NAME_BYTES)}.", suffix=".tmp")
    os.close(fd)
    try:
        yield Path(tmp)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; outputs are as readable as any new file
        pending = _deferred.get()
        if pending is None:
            os.replace(tmp, path)
        else:
            pending.append((tmp, path))
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@contextmanager
def all_or_nothing() -> Iterator[None]:
    """Files written with `atomic_path` inside the block form a set: they replace their previous
    versions together when every one of them is written, and none does when any fails (a full
    disk halfway through the tables leaves the previous tables, all of them)."""
    pending: list[tuple[str, Path]] = []
    token = _deferred.set(pending)
    try:
        yield
    except BaseException:
        for tmp, _ in pending:
            Path(tmp).unlink(missing_ok=True)
        raise
    finally:
        _deferred.reset(token)
    for tmp, path in pending:  # renames within a folder: no new space needed, they do not fail on a full disk
        os.replace(tmp, path)


def write_atomic(path: Path, content: str) -> None:
    with atomic_path(path) as tmp:
        tmp.write_text(content, encoding="utf-8")


NAME_BYTES = 255  # NAME_MAX on Linux, macOS and Windows file systems
TMP_NAME_BYTES = NAME_BYTES - len(".") - len(".XXXXXXXX.tmp") - 8  # room for mkstemp's letters


def shorten(name: str, max_bytes: int, keep: str = "") -> str:
    """`name` when it fits in `max_bytes` of UTF-8 (with the suffix `keep` that follows it); else its
    beginning cut on a character boundary plus '~' and 10 hex digits of its digest, so that two long
    names that differ only at the end stay different."""
    if len((name + keep).encode("utf-8", "surrogateescape")) <= max_bytes:
        return name
    digest = hashlib.sha256(name.encode("utf-8", "surrogateescape")).hexdigest()[:10]
    room = max_bytes - len(keep.encode("utf-8", "surrogateescape")) - len(digest) - 1
    head = name.encode("utf-8", "surrogateescape")[:room].decode("utf-8", "ignore")
    return f"{head}~{digest}"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Hold `folder/.ntm-lock` for writing: a second run on the same output folder is refused with
    one line instead of interleaving its writes (the lock goes with the process, even on kill -9)."""
    path = folder / LOCK_NAME
    fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o666)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as e:
            if e.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                raise
            holder = os.pread(fd, 64, 0).decode("ascii", "replace").strip() or "?"
            raise NtmError(f"{folder}: another ntm run (process {holder}) is writing here; "
                           "wait for it to finish or choose another --out") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
    finally:
        os.close(fd)  # releases the lock


@contextmanager
def writing(folder: Path) -> Iterator[None]:
    """Hold `folder`'s lock (`locked`) and remove what a killed writer left (`remove_orphans`):
    every command that writes into an output folder (extract, tables, report) does its writing in
    here. Reentrant within a thread, so `ntm extract` holds it over its documents, tables and load."""
    key = os.path.realpath(folder)
    held = _held.__dict__.setdefault("folders", set())
    if key in held:
        yield
        return
    with locked(folder):
        held.add(key)
        try:
            remove_orphans(folder)
            yield
        finally:
            held.discard(key)


def remove_orphans(folder: Path, subfolders=("documents", "tables", ".ntm-cache", "reviewed")) -> int:
    """Remove the temporary files (`.NAME.XXXXXXXX.tmp`) a killed run left in `folder` and in the
    folders ntm writes under it; call it holding the lock, so that no live writer owns them."""
    folders = [folder]
    for name in subfolders:
        if (folder / name).is_dir() and not (folder / name).is_symlink():
            folders += [Path(root) for root, _, _ in os.walk(folder / name)]
    removed = 0
    for sub in folders:
        for tmp in sub.glob(".*.tmp"):
            if tmp.is_file() and not tmp.is_symlink():
                tmp.unlink(missing_ok=True)
                removed += 1
    return removed
