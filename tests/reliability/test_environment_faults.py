"""Environment faults: a full disk or a read-only folder while writing documents or tables gives one
line (no traceback), keeps what was written whole, and a rerun resumes; tables are written as a set
or not at all."""

from __future__ import annotations

import errno
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from pipeline import atomic, batch
from pipeline.export import files, write_tables
from tests.reliability.common import (
    assert_nothing_half_written,
    cli,
    error_lines,
    good,
    privileges_dropped,
    run,
)

pytestmark = pytest.mark.timeout(300)


def _inputs(folder: Path, n: int) -> Path:
    for i in range(n):
        good(folder, f"d{i:02}.txt")
    return folder


def _disk_full_after(monkeypatch, writes: int) -> None:
    """Every write_atomic after the first `writes` fails as on a full disk."""
    real = batch.write_atomic
    count = {"n": 0}

    def write(path, content):
        count["n"] += 1
        if count["n"] > writes:
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        real(path, content)

    monkeypatch.setattr(batch, "write_atomic", write)


def test_a_full_disk_while_writing_documents_stops_with_one_line_keeping_them(tmp_path, monkeypatch):
    folder = _inputs(tmp_path / "in", 5)
    _disk_full_after(monkeypatch, 4)  # two documents, each its JSON and its cache marker
    with pytest.raises(batch.OutputError) as e:
        run([folder], tmp_path / "out")
    message = e.value.message
    assert "No space left on device" in message and "stopped after 2 document(s)" in message and "\n" not in message
    assert len(list((tmp_path / "out" / "documents").glob("*.json"))) == 2
    assert_nothing_half_written(tmp_path / "out")
    monkeypatch.undo()
    resumed = run([folder], tmp_path / "out")
    assert (resumed.summary.ok, resumed.summary.skipped, resumed.summary.failed) == (3, 2, 0)


def test_a_write_error_of_one_document_fails_it_alone(tmp_path, monkeypatch):
    folder = _inputs(tmp_path / "in", 3)
    real = batch.write_atomic

    def write(path, content):
        if "d01" in path.name:
            raise OSError(errno.EIO, "Input/output error", str(path))
        real(path, content)

    monkeypatch.setattr(batch, "write_atomic", write)
    result = run([folder], tmp_path / "out")
    assert (result.summary.ok, result.summary.failed) == (2, 1)
    [error] = result.errors
    assert error["code"] == "output_error" and "Input/output error" in error["message"]


def _mount_tmpfs(path: Path, size: str) -> bool:
    path.mkdir()
    return subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
                          capture_output=True).returncode == 0


def test_a_really_full_disk_through_the_cli(tmp_path):
    disk = tmp_path / "disk"
    if not _mount_tmpfs(disk, "300k"):
        pytest.skip("cannot mount a small tmpfs here (test_a_full_disk_while_writing_documents covers it)")
    try:
        folder = _inputs(tmp_path / "in", 40)
        for path in folder.iterdir():
            path.write_text(path.read_text(encoding="utf-8") * 3, encoding="utf-8")
        proc = cli(["extract", str(folder), "--out", str(disk / "out"), "--workers", "1"], tmp_path)
        assert proc.returncode == 2, proc.stderr
        [line] = error_lines(proc.stderr)
        assert "No space left on device" in line and "run again to resume" in line
        kept = list((disk / "out" / "documents").glob("*.json"))
        assert kept and all(json.loads(p.read_text(encoding="utf-8")) for p in kept)
        assert not [p for p in (disk / "out").rglob("*.tmp")]
    finally:
        subprocess.run(["umount", "-l", str(disk)], capture_output=True)


def test_a_read_only_documents_folder_is_one_line(tmp_path):
    prefix = privileges_dropped()
    if prefix is None:
        pytest.skip("cannot drop root's permission override here")
    folder = _inputs(tmp_path / "in", 3)
    documents = tmp_path / "out" / "documents"
    documents.mkdir(parents=True)
    documents.chmod(0o555)
    try:
        proc = cli(["extract", str(folder), "--out", str(tmp_path / "out"), "--workers", "1"], tmp_path, prefix=prefix)
    finally:
        documents.chmod(0o755)
    assert proc.returncode == 2
    [line] = error_lines(proc.stderr)
    assert "Permission denied" in line and str(documents) in line


def _tables(tmp_path) -> Path:
    out = tmp_path / "out"
    result = run([_inputs(tmp_path / "in", 2)], out)
    assert result.summary.ok == 2
    write_tables(out)
    return out


def _snapshot(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in [*(out / "tables").iterdir(), out / "ntm.xlsx"]}


def test_tables_are_written_as_a_set_or_not_at_all(tmp_path, monkeypatch):
    out = _tables(tmp_path)
    before = _snapshot(out)
    good(tmp_path / "in", "moi.txt")
    run([tmp_path / "in"], out)  # the next tables would differ
    real = files.write_parquet

    def parquet(table, df, path):
        if table == "targets":
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        real(table, df, path)

    monkeypatch.setattr("pipeline.export.write_parquet", parquet)
    with pytest.raises(OSError):
        write_tables(out)
    assert _snapshot(out) == before, "some tables were replaced, not all"
    assert not [p for p in out.rglob("*.tmp")]
    monkeypatch.undo()
    write_tables(out)
    assert _snapshot(out) != before


def test_ntm_tables_on_a_full_disk_is_one_line_and_keeps_the_old_set(tmp_path):
    disk = tmp_path / "disk"
    if not _mount_tmpfs(disk, "3m"):
        pytest.skip("cannot mount a small tmpfs here (test_tables_are_written_as_a_set covers it)")
    try:
        out = _tables(tmp_path)
        shutil.copytree(out, disk / "out")
        before = _snapshot(disk / "out")
        with open(disk / "filler", "wb", buffering=0) as f:  # fill the disk but for a few KB
            try:
                while True:
                    f.write(b"\0" * 4096)
            except OSError:
                pass
        (disk / "filler").write_bytes((disk / "filler").read_bytes()[:-20_000])
        proc = cli(["tables", str(disk / "out")], tmp_path)
        assert proc.returncode == 2, proc.stderr
        [line] = error_lines(proc.stderr)
        assert "No space left on device" in line
        assert _snapshot(disk / "out") == before
    finally:
        subprocess.run(["umount", "-l", str(disk)], capture_output=True)


def test_an_unwritable_error_log_is_said_once_and_errors_still_shown(tmp_path, monkeypatch):
    folder = _inputs(tmp_path / "in", 1)
    for name in ("hong1.pdf", "hong2.pdf"):
        (folder / name).write_bytes(b"%PDF-1.4 junk")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "errors.jsonl").mkdir()  # cannot be opened for appending
    result = run([folder], tmp_path / "out")
    assert result.summary.failed == 2
    assert sum("errors.jsonl" in line and "cannot be written" in line for line in result.echoed) == 1
    assert sum("hong" in line for line in result.echoed) == 2


def test_all_or_nothing_renames_nothing_when_a_write_fails(tmp_path):
    (tmp_path / "a").write_text("old a")
    with pytest.raises(RuntimeError), atomic.all_or_nothing():
        atomic.write_atomic(tmp_path / "a", "new a")
        atomic.write_atomic(tmp_path / "b", "new b")
        raise RuntimeError("disk full")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a"] and (tmp_path / "a").read_text() == "old a"
