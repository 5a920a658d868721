"""Silent skips: an unreadable subfolder is reported; `ntm load` names each file it could not load
with the reason and exits non-zero; concurrent loads into one database do not fail documents."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

from pipeline import batch
from tests.pg import postgres_server, postgres_url  # noqa: F401
from tests.reliability.common import REPO, cli, error_lines, good, privileges_dropped, run

pytestmark = pytest.mark.timeout(300)


def test_an_unreadable_subfolder_is_reported_by_name(tmp_path, monkeypatch):
    folder = tmp_path / "in"
    good(folder)
    locked = folder / "xa_khoa"
    good(locked, "bao_cao.txt")
    real_scandir = os.scandir

    def scandir(path="."):
        if os.fspath(path) == str(locked):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)  # as root, chmod 000 would not stop the walk
    result = run([folder], tmp_path / "out")
    assert (result.summary.ok, result.summary.failed) == (1, 1)
    [error] = result.errors
    assert error["source"] == str(locked) and "folder cannot be read" in error["message"]
    assert "skipped" in error["message"] and result.echoed == [error["message"]]


def test_an_unreadable_subfolder_through_the_cli(tmp_path):
    prefix = privileges_dropped()
    if prefix is None:
        pytest.skip("cannot drop root's permission override here")
    folder = tmp_path / "in"
    good(folder)
    locked = folder / "xa_khoa"
    good(locked, "bao_cao.txt")
    locked.chmod(0)
    try:
        proc = cli(["extract", str(folder), "--out", str(tmp_path / "out"), "--workers", "1"], tmp_path,
                   prefix=prefix)
    finally:
        locked.chmod(0o755)
    [line] = error_lines(proc.stderr)
    assert str(locked) in line and "cannot be read" in line


def _extracted(tmp_path):
    folder = tmp_path / "in"
    good(folder, "a.txt")
    good(folder, "b.txt")
    result = run([folder], tmp_path / "out")
    assert result.summary.ok == 2
    return tmp_path / "out"


def test_ntm_load_names_every_file_it_cannot_load_and_exits_1(tmp_path):
    out = _extracted(tmp_path)
    (out / "documents" / "hong.json").write_text('{"doc_id": "x", ', encoding="utf-8")
    (out / "documents" / "sai_kieu.json").write_text('{"doc_id": "y"}', encoding="utf-8")
    proc = cli(["load", str(out)], tmp_path)
    assert proc.returncode == 1, proc.stderr
    lines = error_lines(proc.stderr)
    assert len(lines) == 2
    assert any("hong.json" in line and "JSON" in line for line in lines), lines
    assert any("sai_kieu.json" in line for line in lines), lines
    assert "2 inserted" in proc.stderr and "2 failed" in proc.stderr


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_two_loads_at_once_into_one_database_fail_nothing(tmp_path, backend, request):
    out = _extracted(tmp_path)
    for i in range(30):  # more documents, so that the two loads overlap
        data = json.loads((out / "documents" / "a.json").read_text(encoding="utf-8"))
        data["doc_id"] = f"{i:064x}"
        data["source"]["path"] = f"in/copy{i}.txt"
        data["source"]["key"] = str(tmp_path / f"in/copy{i}.txt")  # a distinct document, not a re-load of a.txt
        (out / "documents" / f"copy{i}.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    else:
        url = request.getfixturevalue("postgres_url")  # skips when PostgreSQL is not installed
    procs = [subprocess.Popen([sys.executable, "-m", "pipeline", "load", str(out), "--db", url], cwd=tmp_path,
                              env={**os.environ, "PYTHONPATH": str(REPO)}, stderr=subprocess.PIPE, text=True)
             for _ in range(2)]
    results = [(p.wait(timeout=180), p.stderr.read()) for p in procs]
    for code, stderr in results:
        assert code == 0 and "Traceback" not in stderr and " 0 failed" in stderr, stderr
    inserted = sum(int(re.search(r"(\d+) inserted", stderr).group(1)) for _, stderr in results)
    assert inserted == 32


def test_a_batch_with_a_missing_input_says_so(tmp_path):
    good(tmp_path / "in")
    result = run([tmp_path / "in", tmp_path / "khong_co.txt"], tmp_path / "out")
    [error] = result.errors
    assert "no such file or folder" in error["message"]
    assert batch.discover([tmp_path / "in"])[1] == []
