"""The CLI as a user meets it: batches, bad inputs, output names, exit codes."""

import json
import os
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from pipeline.batch import name_outputs
from pipeline.cli import app

runner = CliRunner()

SAMPLE = "KẾ HOẠCH\nThực hiện Quyết định số 318/QĐ-TTg ngày 08/3/2022 của Thủ tướng Chính phủ.\n"


def test_extract_writes_one_json_per_document_and_goes_on_after_bad_files(tmp_path):
    good = tmp_path / "in" / "ke hoach 'xã Hoà Cư' $(x).txt"
    good.parent.mkdir()
    good.write_text(SAMPLE, encoding="utf-8")
    (tmp_path / "in" / "notes.xyz").write_text("ignored when walking a folder")
    unsupported = tmp_path / "explicit.xyz"
    unsupported.write_text("x")
    out = tmp_path / "out"
    result = runner.invoke(app, ["extract", str(tmp_path / "in"), str(unsupported), str(tmp_path / "missing.pdf"),
                                 "--out", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads((out / "documents" / f"{good.stem}.json").read_text(encoding="utf-8"))
    assert data["source"]["path"] == str(good)
    errors = [json.loads(line) for line in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {e["source"] for e in errors} == {str(unsupported), str(tmp_path / "missing.pdf")}
    assert all("\n" not in e["message"] for e in errors)
    assert not list(out.rglob("*.tmp"))


def test_exit_code_is_nonzero_only_when_nothing_succeeded(tmp_path):
    result = runner.invoke(app, ["extract", str(tmp_path / "nope.docx"), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "nope.docx" in result.output and "Traceback" not in result.output


def test_errors_are_one_line_without_traceback_in_a_real_process(tmp_path):
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"\x00\x01 not a pdf at all")
    proc = subprocess.run([sys.executable, "-m", "pipeline", "extract", str(bad), "--out", str(tmp_path / "o")],
                          capture_output=True, text=True, env={**os.environ, "COLUMNS": "200"})
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    error_lines = [line for line in proc.stderr.splitlines() if line.startswith("error:")]
    assert len(error_lines) == 1 and "broken.pdf" in error_lines[0]


def test_unwritable_output_folder_is_one_clear_error(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text(SAMPLE, encoding="utf-8")
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("")
    result = runner.invoke(app, ["extract", str(src), "--out", str(blocker / "out")])
    assert result.exit_code == 2
    assert "not writable" in result.output


@pytest.mark.parametrize("command", ["normalize", "ingest"])  # `ingest`: its former name, still accepted
def test_normalize_writes_text_and_char_map(tmp_path, command):
    src = tmp_path / "a.txt"
    src.write_text("Xã  Hoà Cư,\n\nngày 5 tháng 3 năm 2024\n", encoding="utf-8")
    result = runner.invoke(app, [command, str(src), "--out", str(tmp_path / "o")])
    assert result.exit_code == 0, result.output
    doc = json.loads((tmp_path / "o" / "a.json").read_text(encoding="utf-8"))
    text = (tmp_path / "o" / "a.txt").read_text(encoding="utf-8")
    assert doc["text"] == text and doc["char_map"] and doc["pages"][0]["source"] == "plain"


def test_output_names_never_collide(tmp_path):
    paths = [tmp_path / "a.pdf", tmp_path / "a.docx", tmp_path / "x" / "b.txt", tmp_path / "y" / "b.txt",
             tmp_path / "c.txt"]
    names = [i.name for i in name_outputs(paths)]
    assert len(set(names)) == len(names)
    assert names[-1] == "c" and "a.pdf" in names[0] and "x" in names[2] and "y" in names[3]


def test_schema_command_prints_json_schema():
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    assert json.loads(result.output)["title"] == "Extraction"


def test_show_renders_an_extraction(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text(SAMPLE, encoding="utf-8")
    runner.invoke(app, ["extract", str(src), "--out", str(tmp_path / "o")])
    result = runner.invoke(app, ["show", str(tmp_path / "o" / "documents" / "a.json")])
    assert result.exit_code == 0 and "a.txt" in result.output
    bad = runner.invoke(app, ["show", str(tmp_path / "nothing.json")])
    assert bad.exit_code == 2 and "cannot read" in bad.output


def test_corpus_without_its_extra_is_one_clear_error(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "reportlab", None)  # as if the extra `corpus` were not installed
    monkeypatch.delitem(sys.modules, "ntm_corpus.generate", raising=False)
    result = runner.invoke(app, ["corpus", "generate", "--n", "1", "--out", str(tmp_path / "c")])
    assert result.exit_code == 2
    assert "pip install 'ntm[corpus]'" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "c").exists()


def test_normalize_again_after_a_name_changes_drops_the_old_outputs(tmp_path):
    """a.txt is written as `a` until a.md comes beside it; then as `a.txt`, and `a.*` goes."""
    from pipeline import batch

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(SAMPLE, encoding="utf-8")
    assert batch.normalize([folder], tmp_path / "o", workers=1, echo=print).ok == 1
    assert (tmp_path / "o" / "a.txt").is_file()
    (folder / "a.md").write_text(SAMPLE, encoding="utf-8")
    summary = batch.normalize([folder], tmp_path / "o", workers=1, echo=print)
    assert (summary.ok, summary.failed) == (2, 0)
    assert sorted(p.name for p in (tmp_path / "o").glob("*.json")) == ["a.md.json", "a.txt.json"]
