"""Small helpers the format readers share: limits, bounded reads of regular files, one-line messages.

Every limit has a default and an environment variable that overrides it; a refusal names both
the limit and how to raise it, so an office with a genuinely large document is never stuck.
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import InputError, TooLarge


@dataclass(frozen=True)
class Limit:
    """A bound on one resource: `NAME=value` in the environment overrides `default`."""

    env: str
    default: int
    unit: str  # what is counted, in the plural: "pages", "characters", "MB"
    why: str  # one line for the README: what it protects against

    def value(self) -> int:
        raw = os.environ.get(self.env, "").strip().replace("_", "")
        if not raw:
            return self.default
        if not raw.isdigit() or int(raw) < 1:
            raise InputError(f"{self.env}={raw!r} is not a positive whole number of {self.unit}")
        return int(raw)

    def refusal(self, path: Path | str, found: str, needed: int, *, keyword: str | None = None,
                limit: int | None = None) -> TooLarge:
        """The TooLarge error for `path`, which holds `found` (e.g. "3,000 pages") against the limit."""
        limit = self.value() if limit is None else limit
        how = f"{self.env}={needed}" + (f" or {keyword}={needed}" if keyword else "")
        return TooLarge(f"{path}: {found}, over the limit of {limit:,} {self.unit} (raise it with {how})")


PAGES = Limit("NTM_MAX_PAGES", 2000, "pages", "a 5,000-page scan would OCR for hours")
FILE_MB = Limit("NTM_MAX_FILE_MB", 512, "MB", "an input is read whole into memory")
CHARS = Limit("NTM_MAX_CHARS", 2_000_000, "characters",
              "extraction time and memory grow with the text; a 500-page report is ~1.5 million")
PARAGRAPHS = Limit("NTM_MAX_PARAGRAPHS", 100_000, "paragraphs",
                   "millions of tiny paragraphs cost far more than their characters")
PIXELS = Limit("NTM_MAX_PIXELS", 40_000_000, "pixels",
               "an image page is decoded whole and OCR'd; an A2 sheet at 300 dpi is 35 million")
UNPACKED_MB = Limit("NTM_MAX_UNPACKED_MB", 200, "MB",
                    "a Word file is a zip archive; a few hundred KB can unpack to gigabytes")
MEMORY_MB = Limit("NTM_MAX_MEMORY_MB", 1400, "MB", "one runaway document must not take the machine down")
LIMITS = (PAGES, FILE_MB, CHARS, PARAGRAPHS, PIXELS, UNPACKED_MB, MEMORY_MB)

MAX_PAGES, MAX_PAGES_ENV = PAGES.default, PAGES.env  # the names other modules and tests know

__all__ = ["CHARS", "FILE_MB", "LIMITS", "MAX_PAGES", "MAX_PAGES_ENV", "MEMORY_MB", "PAGES", "PARAGRAPHS",
           "PIXELS", "UNPACKED_MB", "Limit", "TooLarge", "check_pages", "first_line", "read_regular",
           "regular_sha256"]


def first_line(e: BaseException) -> str:
    """An exception's message cut to its first line (error messages must be one line)."""
    lines = str(e).strip().splitlines()
    return lines[0] if lines else type(e).__name__


def check_pages(path: Path, pages: int, max_pages: int) -> None:
    """Refuse a document with more than `max_pages` pages, saying how to raise the limit."""
    if pages > max_pages:
        raise TooLarge(f"{path}: {pages} pages, more than the limit of {max_pages} "
                       f"(raise it with {PAGES.env}={pages} or ingest(..., max_pages={pages}))")


def check_chars(path: Path | str, chars: int) -> None:
    if chars > CHARS.value():
        raise CHARS.refusal(path, f"{chars:,} characters of text", chars)


# ── reading: regular files only, never more than the limit ────────────────────

_KINDS = {stat.S_IFIFO: "a named pipe (FIFO)", stat.S_IFCHR: "a character device", stat.S_IFBLK: "a block device",
          stat.S_IFSOCK: "a socket", stat.S_IFDIR: "a folder"}


def _open_regular(path: Path) -> int:
    """A file descriptor on `path`, which must be a regular file (a FIFO would block the read forever,
    /dev/zero would never end). Checked before opening (opening a device can have effects) and again
    on the open descriptor, opened non-blocking in case it was swapped in between."""
    try:
        kind = _KINDS.get(stat.S_IFMT(os.stat(path).st_mode))
        if kind:
            raise InputError(f"{path}: {kind}, not a regular file; not read")
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except OSError as e:
        raise InputError(f"{path}: cannot read ({e.strerror or type(e).__name__})") from None
    kind = _KINDS.get(stat.S_IFMT(os.fstat(fd).st_mode))
    if kind:
        os.close(fd)
        raise InputError(f"{path}: {kind}, not a regular file; not read")
    return fd


def _too_big(path: Path, size: int) -> TooLarge:
    mb = -(-size // 2**20)
    return FILE_MB.refusal(path, f"file of {mb:,} MB", mb)


def read_regular(path: Path) -> bytes:
    """The bytes of a regular file no larger than the file-size limit; InputError otherwise."""
    limit = FILE_MB.value() * 2**20
    fd = _open_regular(path)
    with os.fdopen(fd, "rb") as f:
        if os.fstat(fd).st_size > limit:
            raise _too_big(path, os.fstat(fd).st_size)
        try:
            data = f.read(limit + 1)
        except OSError as e:
            raise InputError(f"{path}: cannot read ({e.strerror or type(e).__name__})") from None
    if len(data) > limit:  # it grew while we read
        raise _too_big(path, len(data))
    return data


def regular_sha256(path: Path) -> str | None:
    """The sha256 of a regular file within the size limit, read in blocks; None when it is not one
    (the stage then reports why, in its own words)."""
    digest = hashlib.sha256()
    return digest.hexdigest() if regular_blocks(path, digest) else None


def regular_blocks(path: Path, digest) -> bool:
    """Feed a regular file within the size limit to `digest` in blocks; False when it is not one."""
    try:
        limit = FILE_MB.value() * 2**20
        fd = _open_regular(path)
    except InputError:
        return False
    read = 0
    try:
        with os.fdopen(fd, "rb") as f:
            while block := f.read(1 << 20):
                read += len(block)
                if read > limit:
                    return False
                digest.update(block)
    except OSError:
        return False
    return True
