"""Batch runs: parallel, resumable after a kill, cached, forced, distributed on Dask."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline import batch
from tests.helpers import CORPUS

ECHO = [].append


def _inputs(tmp_path: Path, n: int) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for path in sorted((CORPUS / "documents").glob("*.txt"))[:n]:
        (folder / path.name).write_bytes(path.read_bytes())
    return folder


def _outputs(out: Path) -> dict[str, dict]:
    return {p.name: json.loads(p.read_text(encoding="utf-8")) for p in sorted((out / "documents").glob("*.json"))}


@pytest.fixture(scope="module")
def reference_run(tmp_path_factory):
    """An uninterrupted run, for comparison."""
    tmp = tmp_path_factory.mktemp("ref")
    folder = _inputs(tmp, 8)
    summary = batch.run("extract", [folder], tmp / "out", batch.Options(workers=1), ECHO)
    assert summary.ok == 8
    return folder, _outputs(tmp / "out")


def test_parallel_run_gives_the_same_outputs_and_reports_broken_files(reference_run, tmp_path):
    folder, expected = reference_run
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    summary = batch.run("extract", [folder, broken], tmp_path / "out", batch.Options(workers=2), ECHO)
    assert (summary.ok, summary.failed) == (8, 1)
    assert summary.pages_text >= 8 and summary.pages_ocr == 0
    assert _outputs(tmp_path / "out") == expected
    errors = (tmp_path / "out" / "errors.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(errors) == 1 and "broken.docx" in json.loads(errors[0])["message"]


def test_second_run_skips_what_is_done_and_force_redoes_it(tmp_path):
    folder = _inputs(tmp_path, 8)
    out = tmp_path / "out"
    batch.run("extract", [folder], out, batch.Options(workers=1), ECHO)
    again = batch.run("extract", [folder], out, batch.Options(workers=1), ECHO)
    assert (again.ok, again.skipped) == (0, 8)
    changed = sorted(folder.glob("*.txt"))[0]
    changed.write_text(changed.read_text(encoding="utf-8") + "\nPhụ lục.\n", encoding="utf-8")
    partly = batch.run("extract", [folder], out, batch.Options(workers=1), ECHO)
    assert (partly.ok, partly.skipped) == (1, 7)
    forced = batch.run("extract", [folder], out, batch.Options(workers=1, force=True), ECHO)
    assert (forced.ok, forced.skipped) == (8, 0)


def test_a_run_killed_midway_resumes_with_nothing_lost_or_duplicated(reference_run, tmp_path):
    folder, expected = reference_run
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "pipeline", "extract", str(folder), "--out", str(out), "--workers", "1"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.time() + 120
    while time.time() < deadline and len(list((out / ".ntm-cache" / "extract").glob("*.key"))) < 2:  # done = marked
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    done_before = len(list((out / "documents").glob("*.json")))
    assert 2 <= done_before < 8, "the kill should land mid-run"
    resumed = batch.run("extract", [folder], out, batch.Options(workers=1), ECHO)
    assert resumed.skipped >= 2 and resumed.ok + resumed.skipped == 8
    assert _outputs(out) == expected
    assert not list(out.rglob("*.tmp"))


def test_same_names_in_one_batch_never_overwrite_each_other(tmp_path):
    for sub in ("a", "b"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "bao-cao.txt").write_text(f"BÁO CÁO\nXã {sub}.\n", encoding="utf-8")
    (tmp_path / "a" / "bao-cao.md").write_text("BÁO CÁO\nXã md.\n", encoding="utf-8")
    summary = batch.run("extract", [tmp_path / "a", tmp_path / "b"], tmp_path / "out", batch.Options(workers=1), ECHO)
    outputs = _outputs(tmp_path / "out")
    assert summary.ok == 3 and len(outputs) == 3
    assert {d["source"]["path"] for d in outputs.values()} == {
        str(tmp_path / "a" / "bao-cao.md"), str(tmp_path / "a" / "bao-cao.txt"), str(tmp_path / "b" / "bao-cao.txt")}


def test_dask_executor_gives_the_same_outputs_as_the_local_one(reference_run, tmp_path):
    distributed = pytest.importorskip("dask.distributed")
    folder, expected = reference_run
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None, host="127.0.0.1") as cluster:
        options = batch.Options(executor="dask", scheduler=cluster.scheduler_address)
        summary = batch.run("extract", [folder], tmp_path / "out", options, ECHO)
    assert summary.ok == 8
    assert _outputs(tmp_path / "out") == expected


def test_unreachable_dask_scheduler_is_one_clear_error(tmp_path):
    pytest.importorskip("dask.distributed")
    (tmp_path / "a.txt").write_text("BÁO CÁO\n", encoding="utf-8")
    options = batch.Options(executor="dask", scheduler="tcp://127.0.0.1:9")
    with pytest.raises(batch.NtmError, match="cannot reach the dask scheduler"):
        batch.run("extract", [tmp_path / "a.txt"], tmp_path / "out", options, ECHO)
