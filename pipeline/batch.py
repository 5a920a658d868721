"""Running a stage over many inputs: discover files, name outputs, write atomically, log errors.

One bad file never stops a batch: its one-line error goes to stderr and `OUT/errors.jsonl`,
and every output is written to a temporary file and renamed, so nothing is half-written.
"""

from __future__ import annotations

import json
import os
import tempfile
import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.errors import InputError, NtmError
from pipeline.ingest import SUPPORTED


@dataclass(frozen=True)
class Input:
    path: Path
    name: str  # output base name, unique within the batch


@dataclass
class Summary:
    ok: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)


def discover(paths: Iterable[str | Path]) -> tuple[list[Path], list[str]]:
    """Files named on the command line, and supported files found in folders (recursively).

    Returns the files and one-line errors for arguments that name nothing.
    """
    files: list[Path] = []
    errors: list[str] = []
    for arg in paths:
        path = Path(arg)
        if path.is_dir():
            files.extend(sorted(_walk(path)))
        elif path.exists() or path.is_symlink():
            files.append(path)
        else:
            errors.append(f"{path}: no such file or folder")
    return files, errors


def _walk(folder: Path) -> Iterator[Path]:
    # os.walk does not follow symlinked folders, so a symlink loop cannot trap it.
    for root, dirs, names in os.walk(folder):
        dirs.sort()
        for name in names:
            if Path(name).suffix.lower() in SUPPORTED and not name.startswith((".", "~$")):
                yield Path(root) / name


def name_outputs(files: list[Path]) -> list[Input]:
    """Output names that never collide: the stem, then the extension, then the parent folders."""
    candidates = [_name(f, 0) for f in files]
    depth = [0] * len(files)
    while True:
        seen: dict[str, list[int]] = {}
        for i, name in enumerate(candidates):
            seen.setdefault(name, []).append(i)
        clashes = [i for group in seen.values() if len(group) > 1 for i in group]
        if not clashes:
            return [Input(f, n) for f, n in zip(files, candidates, strict=True)]
        for i in clashes:
            depth[i] += 1
            new = _name(files[i], depth[i])
            if new == candidates[i]:  # the same path given twice: number it
                new = f"{candidates[i]}-{depth[i]}"
            candidates[i] = new


def _name(path: Path, depth: int) -> str:
    if depth == 0:
        return path.stem
    with_ext = f"{path.stem}.{path.suffix.lstrip('.').lower()}" if path.suffix else path.stem
    parents = [p for p in path.resolve().parent.parts[1:]][-(depth - 1):] if depth > 1 else []
    return "__".join([*parents, with_ext])


def write_atomic(path: Path, content: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(content)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


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
        self.echo(message)
        entry = {"source": source, "code": code, "message": message}
        if detail:
            entry["detail"] = detail
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path, "a", encoding="utf-8") as f:
            f.write(json.dumps(entry, ensure_ascii=False) + "\n")


def run(
    inputs: Iterable[str | Path],
    out: Path,
    work: Callable[[Input], None],
    echo: Callable[[str], None],
) -> Summary:
    """Apply `work` to every input; errors are logged, never raised."""
    summary = Summary()
    prepare_output(out)
    files, missing = discover(inputs)
    log = ErrorLog(out, echo)
    for message in missing:
        log.record(message.split(":")[0], InputError.code, message)
        summary.failed += 1
    for item in name_outputs(files):
        try:
            work(item)
            summary.ok += 1
        except NtmError as e:
            log.record(str(item.path), e.code, e.message)
            summary.failed += 1
        except Exception as e:  # a bug of ours, not the user's: one line here, the trace in the log
            message = f"{item.path}: internal error ({type(e).__name__}: {e})".splitlines()[0]
            log.record(str(item.path), "internal_error", message, traceback.format_exc())
            summary.failed += 1
    return summary
