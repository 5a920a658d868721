"""Limits: characters per document, paragraphs, pixels per page, unpacked bytes, memory per worker.
Each refusal is one line naming the limit and the environment variable that raises it; the batch goes
on. Sizes are scaled down through the same overrides, so every case stays small and fast."""

from __future__ import annotations

import io
import os
import signal
import struct
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import pytest

from pipeline import batch
from pipeline.errors import InputError
from pipeline.ingest import ingest
from tests.reliability.common import REPO, assert_refused_alone, good, run

pytestmark = pytest.mark.timeout(180)
W = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def docx_with_body(path: Path, body: bytes, doctype: bytes = b"", declared: int | None = None) -> None:
    """A .docx whose document.xml body is `body` (python-docx's package around it)."""
    import docx

    base = io.BytesIO()
    docx.Document().save(base)
    source = zipfile.ZipFile(base)
    xml = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' + doctype + b"<w:document " + W
           + b"><w:body>" + body + b"</w:body></w:document>")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for entry in source.infolist():
            out.writestr(entry, xml if entry.filename == "word/document.xml" else source.read(entry))
    data = buffer.getvalue()
    if declared is not None:  # lie in the central directory about the XML's size
        data = bytearray(data)
        cd = data.find(b"PK\x01\x02")
        while data[cd + 46: cd + 46 + 17] != b"word/document.xml":
            cd = data.find(b"PK\x01\x02", cd + 4)
        data[cd + 24: cd + 28] = struct.pack("<I", declared)
        data = bytes(data)
    path.write_bytes(data)


def paragraph(text: str) -> bytes:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>".encode()


def png_header(path: Path, width: int, height: int) -> None:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0\xff" * 8))
                     + chunk(b"IEND", b""))


def test_a_docx_of_many_tiny_paragraphs_is_refused_at_the_paragraph_limit(tmp_path, monkeypatch):
    monkeypatch.setenv("NTM_MAX_PARAGRAPHS", "1000")
    bad = tmp_path / "in" / "nho.docx"
    good(bad.parent)
    docx_with_body(bad, paragraph("a") * 5000)
    result = run([bad.parent], tmp_path / "out")
    error = assert_refused_alone(result, bad, "over the limit of 1,000 paragraphs", "too_large")
    assert "NTM_MAX_PARAGRAPHS=" in error["message"]


def test_a_docx_under_the_paragraph_limit_is_read_whole(tmp_path, monkeypatch):
    monkeypatch.setenv("NTM_MAX_PARAGRAPHS", "1000")
    path = tmp_path / "du.docx"
    docx_with_body(path, b"".join(paragraph(f"Dòng {i} của kế hoạch") for i in range(900)))
    text = ingest(path).pages[0].text
    assert text.count("\n") == 899 and text.endswith("Dòng 899 của kế hoạch")


def test_one_giant_paragraph_of_runs_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("NTM_MAX_PARAGRAPHS", "100")
    path = tmp_path / "mot_doan.docx"
    docx_with_body(path, b"<w:p>" + b"<w:r><w:t>a</w:t></w:r>" * 2000 + b"</w:p>")
    with pytest.raises(InputError, match="XML elements") as e:
        ingest(path)
    assert e.value.code == "too_large" and "NTM_MAX_PARAGRAPHS=" in str(e.value)


def test_a_docx_that_lies_about_its_size_is_refused_whole(tmp_path):
    bad = tmp_path / "in" / "noi_doi.docx"
    good(bad.parent)
    docx_with_body(bad, paragraph("Báo cáo") * 3000, declared=1000)
    result = run([bad.parent], tmp_path / "out")
    assert_refused_alone(result, bad, "damaged Word document", "corrupt")


def test_a_docx_with_an_external_entity_warns_and_never_reads_it(tmp_path):
    secret = tmp_path / "bi_mat.txt"
    secret.write_text("MAT KHAU 42", encoding="utf-8")
    path = tmp_path / "thuc_the.docx"
    doctype = b'<!DOCTYPE w:document [<!ENTITY ext SYSTEM "file://' + str(secret).encode() + b'">]>'
    docx_with_body(path, paragraph("Kế hoạch &ext; phần sau") + paragraph("Đoạn hai"), doctype)
    doc = ingest(path)
    assert "MAT KHAU" not in doc.pages[0].text and "Đoạn hai" in doc.pages[0].text
    assert any("entity" in w and "not expanded" in w for w in doc.warnings), doc.warnings


def test_a_text_over_the_character_limit_is_refused_before_decoding(tmp_path, monkeypatch):
    monkeypatch.setenv("NTM_MAX_CHARS", "10000")
    bad = tmp_path / "in" / "dai.txt"
    good(bad.parent)
    bad.write_text("Xã đạt 19/19 tiêu chí. " * 2000, encoding="utf-8")
    result = run([bad.parent], tmp_path / "out")
    error = assert_refused_alone(result, bad, "over the limit of 10,000 characters", "too_large")
    assert "NTM_MAX_CHARS=" in error["message"]


def test_a_strip_image_is_refused_by_the_pixel_limit_without_decoding(tmp_path):
    bad = tmp_path / "in" / "soi.png"
    good(bad.parent)
    png_header(bad, 1, 80_000_000)
    result = run([bad.parent], tmp_path / "out")
    error = assert_refused_alone(result, bad, "over the limit of 40,000,000 pixels", "too_large")
    assert "NTM_MAX_PIXELS=80000000" in error["message"]


def test_an_image_with_a_side_tesseract_cannot_take_is_refused(tmp_path):
    path = tmp_path / "dai.png"
    png_header(path, 40_000, 20)
    with pytest.raises(InputError, match="Tesseract takes sides up to"):
        ingest(path, workers=1)


def test_a_0x0_png_says_it_has_no_pixels(tmp_path):
    path = tmp_path / "rong.png"
    png_header(path, 0, 0)
    with pytest.raises(InputError) as e:
        ingest(path, workers=1)
    assert "BytesIO" not in str(e.value) and str(path) in str(e.value)


def test_a_bad_limit_setting_is_one_line(tmp_path, monkeypatch):
    monkeypatch.setenv("NTM_MAX_CHARS", "lots")
    with pytest.raises(InputError, match="NTM_MAX_CHARS='lots' is not a positive whole number"):
        ingest(good(tmp_path))


def test_running_out_of_memory_fails_the_document_alone(tmp_path, monkeypatch):
    stage = batch.STAGES["extract"]

    def greedy(path, *args):
        if path.name == "tham.txt":
            raise MemoryError
        return stage(path, *args)

    monkeypatch.setitem(batch.STAGES, "extract", greedy)
    bad = good(tmp_path / "in", "tham.txt")
    good(tmp_path / "in")
    result = run([tmp_path / "in"], tmp_path / "out")
    error = assert_refused_alone(result, bad, "ran out of memory, over the limit of", "too_large")
    assert "NTM_MAX_MEMORY_MB=" in error["message"]


def test_a_worker_killed_by_the_system_fails_its_document_alone(tmp_path, monkeypatch):
    stage = batch.STAGES["extract"]

    def dies(path, *args):
        if path.name == "chet.txt":
            os.kill(os.getpid(), signal.SIGKILL)  # what the kernel's OOM killer does
        return stage(path, *args)

    monkeypatch.setitem(batch.STAGES, "extract", dies)  # pool workers are forked: they see it
    bad = good(tmp_path / "in", "chet.txt")
    for i in range(3):
        good(tmp_path / "in", f"tot{i}.txt")
    result = run([tmp_path / "in"], tmp_path / "out", workers=2)
    assert (result.summary.ok, result.summary.failed) == (3, 1), result.echoed
    [error] = result.errors
    assert error["source"] == str(bad) and error["code"] == "crashed" and "died" in error["message"]


def test_the_memory_limit_turns_a_runaway_allocation_into_a_memory_error():
    code = ("from pipeline.batch import memory_limit\n"
            "with memory_limit():\n"
            "    try:\n"
            "        block = bytearray(600 * 2**20)\n"
            "        print('allocated')\n"
            "    except MemoryError:\n"
            "        print('refused')\n"
            "block = bytearray(600 * 2**20)\n"  # the limit is lifted after
            "print('after')\n")
    env = {**os.environ, "PYTHONPATH": str(REPO), "NTM_MAX_MEMORY_MB": "300"}
    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert proc.stdout.split() == ["refused", "after"], proc.stderr


def test_tesseract_failing_on_a_page_fails_the_file_alone(tmp_path, monkeypatch):
    import pytesseract

    from pipeline.ingest import ocr

    def fails(*args, **kwargs):
        raise pytesseract.TesseractError(1, "Error in pixReadStreamPnm: header read failed")

    monkeypatch.setattr(ocr, "recognize_pages", fails)
    path = tmp_path / "trang.png"
    png_header(path, 20, 20)
    with pytest.raises(InputError, match="Tesseract could not read a page") as e:
        ingest(path, workers=1)
    assert e.value.code == "corrupt" and "\n" not in str(e.value)


try:
    from distributed import WorkerPlugin
except ImportError:  # the Dask test skips
    WorkerPlugin = object


class HostileStages(WorkerPlugin):
    """A Dask worker plugin (every worker, restarted ones too): 'an.txt' allocates far past the
    memory limit, 'chet.txt' kills its worker as the kernel's OOM killer would."""

    name = "ntm-hostile-stages"

    def setup(self, worker):
        stage = batch.STAGES["extract"]

        def hostile(path, *args):
            if path.name == "an.txt":
                block = bytearray(4000 * 2**20)  # calloc: untouched pages, refused by the limit at once
                del block
            if path.name == "chet.txt":
                os.kill(os.getpid(), signal.SIGKILL)
            return stage(path, *args)

        batch.STAGES["extract"] = hostile


def test_dask_workers_run_under_the_batch_s_memory_limit_and_a_dead_one_is_one_line(tmp_path, monkeypatch):
    """A Dask task runs under the memory limit of the machine running the batch, as a pool worker
    does; a task whose worker dies past Dask's allowed failures (KilledWorker) is one `crashed` line.
    (Other tasks on a dying worker are Dask's to retry: distributed.scheduler.allowed-failures.)"""
    dask = pytest.importorskip("dask")
    distributed = pytest.importorskip("dask.distributed")
    for name in ("an.txt", "tot.txt"):
        good(tmp_path / "in", name)
    good(tmp_path / "killer", "chet.txt")
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}), distributed.LocalCluster(
            n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None, host="127.0.0.1") as cluster:
        with distributed.Client(cluster) as client:
            client.register_plugin(HostileStages())
        monkeypatch.setenv("NTM_MAX_MEMORY_MB", "1000")  # the batch's limit, not in the workers' environment
        result = run([tmp_path / "in"], tmp_path / "out", executor="dask", scheduler=cluster.scheduler_address)
        killed = run([tmp_path / "killer"], tmp_path / "out2", executor="dask", scheduler=cluster.scheduler_address)
    error = assert_refused_alone(result, tmp_path / "in" / "an.txt", "ran out of memory", "too_large")
    assert "over the limit of 1,000 MB per worker (raise it with NTM_MAX_MEMORY_MB=2000)" in error["message"]
    assert (killed.summary.ok, killed.summary.failed) == (0, 1)
    [error] = killed.errors
    assert error["code"] == "crashed" and "the Dask worker processing it died (KilledWorker" in error["message"]
    assert killed.echoed == [error["message"]]


def test_the_memory_limit_holds_while_any_task_of_the_process_runs():
    """A Dask worker runs several tasks at once in threads: one leaving the limit does not lift it
    for another still inside; the last one out restores it."""
    code = ("import threading\n"
            "from pipeline.batch import memory_limit\n"
            "entered, second_in = threading.Event(), threading.Event()\n"
            "def first():\n"
            "    with memory_limit():\n"
            "        entered.set(); second_in.wait()\n"  # leaves while the main thread is still inside
            "t = threading.Thread(target=first); t.start(); entered.wait()\n"
            "with memory_limit():\n"
            "    second_in.set(); t.join()\n"
            "    try:\n"
            "        block = bytearray(600 * 2**20); print('allocated')\n"
            "    except MemoryError:\n"
            "        print('refused')\n"
            "block = bytearray(600 * 2**20)\n"
            "print('after')\n")
    env = {**os.environ, "PYTHONPATH": str(REPO), "NTM_MAX_MEMORY_MB": "300"}
    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert proc.stdout.split() == ["refused", "after"], proc.stderr
