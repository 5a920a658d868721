"""Staleness: outputs always describe the inputs as they are. A source renamed in the output (a.pdf
came beside a.txt) leaves no stale JSON; a symlink to a file already in the folder is not a second
document; orphaned temporary files go; errors.jsonl keeps every run's entries; one run per --out."""

from __future__ import annotations

import sqlite3

import pytest

from pipeline import atomic, batch
from pipeline.errors import NtmError
from pipeline.export import write_tables
from pipeline.export.tables import batch_errors
from pipeline.load import load
from tests.reliability.common import GOOD, cli, error_lines, good, run

pytestmark = pytest.mark.timeout(300)


def test_a_file_renamed_in_the_output_leaves_no_stale_json_table_row_or_database_row(tmp_path):
    folder = tmp_path / "in"
    good(folder, "a.txt")
    out = tmp_path / "out"
    assert run([folder], out).summary.ok == 1
    assert sorted(p.stem for p in (out / "documents").glob("*.json")) == ["a"]
    good(folder, "a.md", "# Báo cáo\n\n" + GOOD.replace("17/19", "18/19"))
    second = run([folder], out)
    assert second.summary.ok == 2
    assert sorted(p.stem for p in (out / "documents").glob("*.json")) == ["a.md", "a.txt"]
    write_tables(out)
    rows = (out / "tables" / "documents.csv").read_text(encoding="utf-8-sig").strip().splitlines()
    assert len(rows) == 3  # header + two documents
    load(out)
    with sqlite3.connect(out / "ntm.sqlite") as db:
        assert db.execute("select count(*) from documents").fetchone()[0] == 2


def test_a_symlink_to_a_file_in_the_folder_is_one_document(tmp_path):
    folder = tmp_path / "in"
    good(folder)
    (folder / "ban_sao.txt").symlink_to(folder / "ke_hoach_tot.txt")
    result = run([folder], tmp_path / "out")
    assert result.summary.ok == 1 and list(result.documents()) == ["ke_hoach_tot"]


def test_orphaned_temporary_files_of_a_killed_run_are_removed(tmp_path):
    folder = tmp_path / "in"
    good(folder)
    out = tmp_path / "out"
    run([folder], out)
    orphans = [out / "tables" / ".documents.csv.abcd1234.tmp", out / "documents" / ".x.json.k2j3h4g5.tmp",
               out / ".ntm-cache" / "extract" / ".x.key.aaaabbbb.tmp"]
    for orphan in orphans:
        orphan.parent.mkdir(parents=True, exist_ok=True)
        orphan.write_text("half")
    keep = out / "tables" / "notes.tmp.txt"
    keep.write_text("mine")
    run([folder], out)
    assert not any(p.exists() for p in orphans) and keep.exists()


def test_errors_of_earlier_runs_are_kept_and_the_tables_list_what_still_fails(tmp_path):
    out = tmp_path / "out"
    first, second = tmp_path / "in1", tmp_path / "in2"
    good(first)
    (first / "hong1.pdf").write_bytes(b"%PDF junk")
    good(second, "khac.txt")
    (second / "hong2.pdf").write_bytes(b"%PDF junk")
    run([first], out)
    run([second], out)
    entries = run([second], out).errors  # a third run: hong2 fails again
    assert [e["source"].rsplit("/", 1)[1] for e in entries] == ["hong1.pdf", "hong2.pdf", "hong2.pdf"]
    assert len({e["run"] for e in entries}) == 3
    (first / "hong1.pdf").unlink()
    good(first, "hong1.txt")  # not the same source: hong1.pdf still failed
    assert {r["document"].rsplit("/", 1)[1] for r in batch_errors(out)} == {"hong1.pdf", "hong2.pdf"}


def test_a_failure_fixed_by_a_rerun_leaves_the_warnings_table(tmp_path):
    out = tmp_path / "out"
    folder = tmp_path / "in"
    good(folder)
    bad = folder / "sua.txt"
    bad.write_bytes(b"\x00" * 100)
    assert run([folder], out).summary.failed == 1
    bad.write_text(GOOD, encoding="utf-8")
    assert run([folder], out).summary.ok == 1
    assert batch_errors(out) == []


def test_a_second_run_on_the_same_output_folder_is_refused_while_one_runs(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    good(tmp_path / "in")
    with atomic.locked(out), pytest.raises(NtmError, match="another ntm run .* is writing here"):
        batch.run("extract", [tmp_path / "in"], out, batch.Options(workers=1), print)
    assert run([tmp_path / "in"], out).summary.ok == 1  # the lock went with its holder


@pytest.mark.parametrize("command", [["tables"], ["tables", "--reviewed-only"], ["report"]])
def test_tables_and_report_take_the_output_lock_and_remove_leftovers(tmp_path, command):
    out = tmp_path / "out"
    good(tmp_path / "in")
    assert run([tmp_path / "in"], out).summary.ok == 1
    write_tables(out)
    before = {p: p.read_bytes() for p in (out / "tables").iterdir()}
    with atomic.locked(out):  # another ntm run is writing into out
        proc = cli([*command, "out"], tmp_path)
    assert proc.returncode == 2, proc.stderr
    [line] = error_lines(proc.stderr)
    assert "another ntm run (process" in line and "is writing here" in line, line
    assert {p: p.read_bytes() for p in (out / "tables").iterdir()} == before and not (out / "report.html").exists()

    leftovers = [out / ".report.html.abcd1234.tmp", out / "tables" / ".documents.csv.abcd1234.tmp",
                 out / "reviewed" / "tables" / ".documents.csv.abcd1234.tmp"]
    for leftover in leftovers:
        leftover.parent.mkdir(parents=True, exist_ok=True)
        leftover.write_text("half", encoding="utf-8")
    proc = cli([*command, "out"], tmp_path)
    assert proc.returncode == 0 and not error_lines(proc.stderr), proc.stderr
    assert not [p for p in leftovers if p.exists()]


def test_extract_holds_the_lock_while_it_writes_its_tables(tmp_path, monkeypatch):
    """A `ntm tables` started while `ntm extract` writes its own tables is refused (before, the
    lock covered the documents only)."""
    import threading

    from pipeline import export

    good(tmp_path / "in")
    out = tmp_path / "out"
    refused: list[str] = []
    real = export.write_tables

    def write_tables_meanwhile(*args, **kwargs):
        monkeypatch.setattr(export, "write_tables", real)  # once: the other writer must not recurse

        def other_writer():
            try:
                export.tables_of(out)
            except NtmError as e:
                refused.append(e.message)

        thread = threading.Thread(target=other_writer)
        thread.start()
        thread.join()
        return real(*args, **kwargs)

    monkeypatch.setattr(export, "write_tables", write_tables_meanwhile)
    summary = batch.extract([tmp_path / "in"], out, workers=1)
    assert summary.ok == 1 and summary.tables
    assert len(refused) == 1 and "another ntm run" in refused[0], refused
