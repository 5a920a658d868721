"""Hangs: inputs that are not regular files (a FIFO, /dev/zero, a device) are refused without being
read, in the digest pass and in the reading, so the batch goes on. A hard timeout fails a hang."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pipeline.errors import InputError
from pipeline.ingest import ingest
from tests.reliability.common import assert_refused_alone, cli, error_lines, good, read_errors, run

pytestmark = pytest.mark.timeout(120)


def test_a_fifo_inside_an_input_folder_is_refused_and_the_batch_goes_on(tmp_path):
    folder = tmp_path / "in"
    good(folder)
    fifo = folder / "x.txt"
    os.mkfifo(fifo)
    result = run([folder], tmp_path / "out")
    assert_refused_alone(result, fifo, "named pipe (FIFO), not a regular file", "input_error")
    assert len(result.documents()) == 1


@pytest.mark.parametrize("target", ["/dev/zero", "/dev/null", "/dev/urandom"])
def test_a_link_to_a_device_named_on_the_command_line_is_refused(tmp_path, target):
    if not Path(target).exists():
        pytest.skip(f"no {target} here")
    link = tmp_path / "in" / "zero.txt"
    good(link.parent)
    link.symlink_to(target)
    result = run([link, link.parent / "ke_hoach_tot.txt"], tmp_path / "out")
    assert_refused_alone(result, link, "character device, not a regular file", "input_error")


def test_a_fifo_named_on_the_command_line_does_not_hang_the_cli(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    paper = good(tmp_path / "in")
    proc = cli(["extract", str(fifo), str(paper), "--out", str(tmp_path / "out"), "--workers", "1"], tmp_path, timeout=90)
    assert proc.returncode == 0, proc.stderr
    [line] = error_lines(proc.stderr)
    assert str(fifo) in line and "FIFO" in line
    [entry] = read_errors(tmp_path / "out")
    assert entry["source"] == str(fifo)
    assert (tmp_path / "out" / "documents" / "ke_hoach_tot.json").is_file()


def test_ingest_refuses_a_fifo_without_opening_it_for_a_blocking_read(tmp_path):
    fifo = tmp_path / "x.md"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="named pipe"):
        ingest(fifo)


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path, monkeypatch):
    monkeypatch.setenv("NTM_MAX_FILE_MB", "1")
    big = tmp_path / "in" / "lon.txt"
    good(big.parent)
    big.write_bytes(b"a" * (2 * 2**20))
    result = run([big.parent], tmp_path / "out")
    error = assert_refused_alone(result, big, "file of 2 MB, over the limit of 1 MB", "too_large")
    assert "NTM_MAX_FILE_MB=2" in error["message"]
