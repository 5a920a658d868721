"""The bad-input matrix: every input a user can get wrong, run as a batch beside a good document.

Each refused input gives ONE line (on stderr through the CLI, in OUT/errors.jsonl), the rest of the
batch goes on, and nothing is half-written (no *.tmp, every JSON whole). Inputs that would take
unbounded time or memory (5,000 pages, a 30000x30000 PNG, a zip bomb) are refused before any page
is rendered, decoded or unpacked. Decisions these tests pin down:

- An image or scanned page with no text (a blank scan, a 1x1 PNG) SUCCEEDS with an empty page and
  the warning "page N: OCR found no text" in the document's warnings; a text or Word file with no
  text is refused ("contains no text"): a scan may hold blank pages, a typed file with none is a mistake.
- A folder given is the whole of that input: a symlinked file whose target lies outside the folder
  is not read (one line in errors.jsonl); symlinks inside the folder are followed; symlinked folders
  are never entered (so a symlink loop cannot trap the walk). A symlink named on the command line is followed.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import socket
import struct
import subprocess
import sys
import threading
import time
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image
from reportlab.pdfgen import canvas

from ntm_corpus import render
from ntm_corpus.render import Para
from pipeline import batch, ingest
from pipeline.errors import InputError
from pipeline.ingest import docx as docx_format
from pipeline.ingest import ocr, pdf
from pipeline.ingest.common import MAX_PAGES, MAX_PAGES_ENV
from pipeline.schema import Extraction
from tests.conftest import block_text, cer, normalized
from tests.helpers import SHARED_DOCS
from tests.reliability.common import GOOD

SHORT_PAGE = [
    Para("THÔNG BÁO", align="center", bold=True),
    Para("Ban Chỉ đạo xã Tân Lập thông báo kết quả rà soát các tiêu chí nông thôn mới năm 2024."),
    Para("Xã đã đạt 18/19 tiêu chí; tiêu chí số 10 về thu nhập phấn đấu hoàn thành trước ngày 30/11/2024."),
]

ENGLISH = ("The commune council met on Monday to review the rural roads programme. Most of the work on the "
           "village roads is finished and the new school opened in September. The council will meet again "
           "before the end of the year to plan the water supply and the market. ")
FRENCH = ("Le conseil de la commune s'est réuni lundi pour examiner le programme des routes rurales. La "
          "plupart des travaux sont achevés et la nouvelle école a ouvert en septembre. Le conseil se "
          "réunira de nouveau avant la fin de l'année pour préparer l'adduction d'eau et le marché. ")


# ── making bad files ──────────────────────────────────────────────────────────


def _pdf(path: Path, blocks=SHORT_PAGE) -> None:
    render.to_pdf(blocks, path)


def _truncated_pdf(path: Path) -> None:
    _pdf(path, SHORT_PAGE * 20)
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def _encrypted_pdf(path: Path, user_password: str) -> None:
    from reportlab.lib.pdfencrypt import StandardEncryption

    c = canvas.Canvas(str(path), encrypt=StandardEncryption(user_password, ownerPassword="chu-so-huu", canCopy=0))
    for i, line in enumerate(["Ke hoach xay dung nong thon moi nam 2024", "Ban chi dao xa Tan Lap"]):
        c.drawString(72, 720 - 20 * i, line)
    c.save()


def _blank_pages_pdf(path: Path, pages: int) -> None:
    """`pages` blank A4 pages (pdfium makes 5,000 in a fraction of a second, the file is ~600 KB)."""
    document = pdfium.PdfDocument.new()
    try:
        for _ in range(pages):
            document.new_page(595, 842).close()
        document.save(str(path))
    finally:
        document.close()


def _png_header_only(path: Path, width: int, height: int) -> None:
    """A tiny PNG whose header declares width x height pixels (a decompression bomb)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit grayscale
    rows = zlib.compress(b"\x00" * (width + 1) * 4)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b""))


def _zip_bomb_docx(path: Path, unpacked_mb: int = 210) -> None:
    """A valid .docx whose document.xml holds `unpacked_mb` MB of blank space (a few hundred KB on disk)."""
    import docx

    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("Báo cáo kết quả xây dựng nông thôn mới.")
    document.save(buffer)
    source = zipfile.ZipFile(buffer)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as bomb:
        for entry in source.infolist():
            if entry.filename != "word/document.xml":
                bomb.writestr(entry, source.read(entry))
        body = source.read("word/document.xml")
        end = body.rindex(b"</w:document>")  # blank space between elements is valid XML
        with bomb.open("word/document.xml", "w", force_zip64=True) as xml:
            xml.write(body[:end])
            for _ in range(unpacked_mb):
                xml.write(b" " * 2**20)
            xml.write(body[end:])


def _junk(path: Path) -> None:
    path.write_bytes(bytes((i * 7919 + 13) % 256 for i in range(4096)))


def _blank_scan(path: Path) -> None:
    Image.new("L", (1240, 1754), 255).save(path, resolution=150)  # an A4 page at 150 dpi, nothing on it


@dataclass(frozen=True)
class Case:
    name: str  # file name
    make: Callable[[Path], None]
    error: str | None  # a fragment of the one-line error; None: the input succeeds
    code: str | None = None  # the error's code in errors.jsonl


REFUSED = [
    Case("rong.txt", lambda p: p.touch(), "empty file (0 bytes)", "input_error"),
    Case("chi_khoang_trang.txt", lambda p: p.write_text(" \n\t\n  \n", encoding="utf-8"), "contains no text", "input_error"),
    Case("rong.pdf", lambda p: p.touch(), "empty file (0 bytes)", "input_error"),
    Case("cut_doi.pdf", _truncated_pdf, "damaged", "corrupt"),
    Case("rac.pdf", _junk, "not a readable PDF", "corrupt"),
    Case("rac.docx", _junk, "not a Word document", "corrupt"),
    Case("co_mat_khau.pdf", lambda p: _encrypted_pdf(p, "mat-khau"), "password-protected", "encrypted"),
    Case("5000_trang.pdf", lambda p: _blank_pages_pdf(p, 5000), f"5000 pages, more than the limit of {MAX_PAGES}", "too_large"),
    Case("bom_anh.png", lambda p: _png_header_only(p, 30000, 30000), "image too large to decode safely", "too_large"),
    Case("bom_zip.docx", _zip_bomb_docx, "would unpack to 211 MB, over the limit of 200 MB", "too_large"),
]
ACCEPTED = [
    Case("khong_mat_khau_mo.pdf", lambda p: _encrypted_pdf(p, ""), None),
    Case("mot_diem_anh.png", lambda p: Image.new("L", (1, 1), 255).save(p), None),
    Case("trang_trang.pdf", _blank_scan, None),
    Case("english.txt", lambda p: p.write_text(ENGLISH * 3, encoding="utf-8"), None),
    Case("francais.md", lambda p: p.write_text("# Rapport\n\n" + FRENCH * 3, encoding="utf-8"), None),
]


# ── running a batch and checking what it left ────────────────────────────────


@dataclass
class BatchRun:
    summary: batch.Summary
    out: Path
    echoed: list[str]

    @property
    def errors(self) -> list[dict]:
        log = self.out / "errors.jsonl"
        lines = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
        return [json.loads(line) for line in lines]

    def document(self, name: str) -> dict:
        return json.loads((self.out / "documents" / f"{name}.json").read_text(encoding="utf-8"))


def _good(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "ke_hoach_tot.txt"
    path.write_text(GOOD, encoding="utf-8")
    return path


def _run(inputs: list[Path], out: Path) -> BatchRun:
    echoed: list[str] = []
    summary = batch.run("extract", inputs, out, batch.Options(workers=1), echoed.append)
    return BatchRun(summary, out, echoed)


def _assert_nothing_half_written(out: Path) -> None:
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]
    for path in (out / "documents").glob("*.json"):
        Extraction.model_validate_json(path.read_text(encoding="utf-8"))  # whole and valid


def _assert_refused_alone(run: BatchRun, bad: Path, fragment: str, code: str | None = None) -> dict:
    """`bad` failed with one line naming it, and the good document beside it was extracted."""
    assert (run.summary.ok, run.summary.failed) == (1, 1), run.echoed
    [error] = run.errors
    assert error["source"] == str(bad) and (code is None or error["code"] == code), error
    message = error["message"]
    assert "\n" not in message and str(bad) in message and fragment in message, message
    assert run.echoed == [message]
    assert not (run.out / "documents" / f"{bad.stem}.json").exists()
    assert run.document("ke_hoach_tot")["references"], "the good document was extracted"
    _assert_nothing_half_written(run.out)
    return error


@pytest.mark.parametrize("case", REFUSED, ids=lambda c: c.name)
def test_bad_input_is_one_line_and_the_batch_goes_on(tmp_path, case):
    bad = tmp_path / "in" / case.name
    bad.parent.mkdir()
    case.make(bad)
    run = _run([_good(tmp_path / "in"), bad], tmp_path / "out")
    _assert_refused_alone(run, bad, case.error, case.code)


# ── limits: refused before any page is rendered, decoded or unpacked ─────────


def test_5000_page_pdf_is_refused_before_any_page_is_read(tmp_path, monkeypatch):
    started = time.perf_counter()
    big = tmp_path / "in" / "5000_trang.pdf"
    big.parent.mkdir()
    _blank_pages_pdf(big, 5000)

    def never(*args, **kwargs):
        raise AssertionError("a page was read or rendered")

    monkeypatch.setattr(pdf, "_text_layer", never)
    monkeypatch.setattr(pdf, "render_pixels", never)
    monkeypatch.setattr(ocr, "recognize_pages", never)
    run = _run([_good(tmp_path / "in"), big], tmp_path / "out")
    error = _assert_refused_alone(run, big, f"more than the limit of {MAX_PAGES}", "too_large")
    assert f"{MAX_PAGES_ENV}=5000" in error["message"] and "max_pages=" in error["message"]
    assert time.perf_counter() - started < 30


def test_page_limit_is_set_by_keyword_or_environment(tmp_path, monkeypatch):
    path = tmp_path / "ba_trang.pdf"
    _pdf(path, SHORT_PAGE * 40)
    pages = len(ingest(path).pages)
    assert pages >= 3
    with pytest.raises(InputError, match=f"{pages} pages, more than the limit of 2 "):
        ingest(path, max_pages=2)
    monkeypatch.setenv(MAX_PAGES_ENV, "2")
    with pytest.raises(InputError, match="limit of 2 "):
        ingest(path)
    assert len(ingest(path, max_pages=pages).pages) == pages  # the keyword wins over the environment
    monkeypatch.setenv(MAX_PAGES_ENV, str(pages))
    assert len(ingest(path).pages) == pages
    monkeypatch.setenv(MAX_PAGES_ENV, "lots")
    with pytest.raises(InputError, match="not a positive whole number"):
        ingest(path)


def test_multipage_tiff_obeys_the_page_limit_before_ocr(tmp_path, monkeypatch):
    path = tmp_path / "ba_khung.tiff"
    frames = [Image.new("L", (40, 40), 255) for _ in range(3)]
    frames[0].save(path, save_all=True, append_images=frames[1:])
    monkeypatch.setattr(ocr, "recognize_pages", lambda *a, **k: pytest.fail("OCR started"))
    with pytest.raises(InputError, match="3 pages, more than the limit of 2 ") as e:
        ingest(path, max_pages=2)
    assert e.value.code == "too_large"


@pytest.mark.parametrize(("width", "height"), [(30000, 30000), (10000, 10000)])
def test_image_bomb_is_refused_without_decoding(tmp_path, monkeypatch, width, height):
    """Over twice Pillow's limit Pillow refuses to open; between once and twice it only warns: refused too."""
    path = tmp_path / "bom.png"
    _png_header_only(path, width, height)
    from PIL import ImageFile

    monkeypatch.setattr(ImageFile.ImageFile, "load", lambda self: pytest.fail("pixels were decoded"))
    started = time.perf_counter()
    with pytest.raises(InputError) as e:
        ingest(path, workers=1)
    assert e.value.code == "too_large" and "too large to decode safely" in str(e.value)
    assert "limit of 89,478,485 pixels" in str(e.value) and "\n" not in str(e.value)
    assert time.perf_counter() - started < 2


def test_zip_bomb_docx_is_refused_without_unpacking(tmp_path, monkeypatch):
    path = tmp_path / "bom.docx"
    _zip_bomb_docx(path)
    assert path.stat().st_size < 2 * 2**20  # 210 MB of XML in under 2 MB
    monkeypatch.setattr(zipfile.ZipFile, "read", lambda *a, **k: pytest.fail("an entry was unpacked"))
    monkeypatch.setattr(zipfile.ZipFile, "open", lambda *a, **k: pytest.fail("an entry was opened"))
    with pytest.raises(InputError) as e:
        ingest(path)
    assert e.value.code == "too_large" and f"limit of {docx_format.MAX_UNPACKED // 2**20} MB" in str(e.value)


def test_docx_just_under_the_unpacked_limit_is_read(tmp_path, monkeypatch):
    monkeypatch.setattr(docx_format, "MAX_UNPACKED", 3 * 2**20)
    path = tmp_path / "vua_du.docx"
    _zip_bomb_docx(path, unpacked_mb=2)  # 2 MB of spaces around one paragraph
    assert "nông thôn mới" in ingest(path).pages[0].text


# ── inputs that succeed ───────────────────────────────────────────────────────


def test_pdf_with_an_empty_user_password_succeeds_in_a_batch(tmp_path):
    path = tmp_path / "in" / "khong_mat_khau_mo.pdf"
    path.parent.mkdir()
    _encrypted_pdf(path, "")
    run = _run([path], tmp_path / "out")
    assert run.summary.ok == 1 and not run.errors
    assert "Ban chi dao xa Tan Lap" in run.document(path.stem)["normalized_text"]


@pytest.mark.parametrize("make", [
    pytest.param(lambda p: Image.new("L", (1, 1), 255).save(p.with_suffix(".png")), id="1x1.png"),
    pytest.param(lambda p: _blank_scan(p.with_suffix(".pdf")), id="blank-scan.pdf"),
])
def test_image_or_scan_without_text_succeeds_with_an_empty_page_and_a_warning(tmp_path, make):
    folder = tmp_path / "in"
    folder.mkdir()
    make(folder / "trang")
    [path] = folder.iterdir()
    run = _run([path, _good(folder)], tmp_path / "out")
    assert (run.summary.ok, run.summary.failed) == (2, 0) and not run.errors
    data = run.document("trang")
    assert data["source"]["page_sources"] == ["ocr"] and data["normalized_text"] == ""
    assert not any(data[key] for key in ("references", "criteria", "criteria_summaries", "targets", "deadlines"))
    assert {"code": "ingest", "message": "page 1: OCR found no text", "span": None, "text": None} in data["warnings"]
    _assert_nothing_half_written(run.out)


@pytest.mark.parametrize(("turn", "rotations"), [(180, {180}), (-90, {0, 270})])
def test_upside_down_and_sideways_scans_come_back_as_text(tmp_path, turn, rotations):
    """A page scanned upside down (PNG) or turned a quarter clockwise (inside a scanned PDF).
    Upside down, OSD turns the page; turned clockwise, the lines run top to bottom, which Tesseract's
    layout analysis reads as vertical text without turning the page (test_ingest_ocr turns the other way)."""
    page = render.to_images(SHORT_PAGE)[0].rotate(turn, expand=True)
    path = tmp_path / ("nguoc.png" if turn == 180 else "nghieng.pdf")
    page.save(path, resolution=300)
    [result] = ingest(path, workers=1).pages
    assert result.source == "ocr" and result.ocr_rotation in rotations
    assert cer(normalized(result.text), normalized(block_text(SHORT_PAGE))) < 0.02


@pytest.mark.parametrize(("name", "text"), [("english.txt", ENGLISH * 3), ("francais.txt", FRENCH * 3)])
def test_text_in_another_language_succeeds_with_a_warning_and_nothing_extracted(tmp_path, name, text):
    path = tmp_path / "in" / name
    path.parent.mkdir()
    path.write_text(text, encoding="utf-8")
    run = _run([path], tmp_path / "out")
    assert run.summary.ok == 1 and not run.errors
    data = run.document(path.stem)
    assert not any(data[key] for key in ("references", "criteria", "criteria_summaries", "targets", "deadlines"))
    assert any(w["code"] == "ingest" and "does not look Vietnamese" in w["message"] for w in data["warnings"])


def test_vietnamese_text_gets_no_language_warning(tmp_path):
    path = _good(tmp_path / "in")
    path.write_text(GOOD * 4, encoding="utf-8")  # long enough to be judged
    assert not any("Vietnamese" in w for w in ingest(path).warnings)


def test_docx_with_external_links_is_read_without_touching_the_network(tmp_path, monkeypatch):
    """Hyperlinks, an external image and a remote template (a known attack vector) are never fetched."""
    import docx
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    attached_template = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate"

    document = docx.Document()
    paragraph = document.add_paragraph("Xem hướng dẫn của Văn phòng Điều phối nông thôn mới tại ")
    link = document.part.relate_to("http://127.0.0.1:9/huong-dan", RT.HYPERLINK, is_external=True)
    hyperlink = paragraph._p.makeelement(docx.oxml.ns.qn("w:hyperlink"), {docx.oxml.ns.qn("r:id"): link})
    run = paragraph.add_run("trang thông tin điện tử")
    hyperlink.append(run._r)
    paragraph._p.append(hyperlink)
    document.part.relate_to("http://127.0.0.1:9/anh.png", RT.IMAGE, is_external=True)
    settings = document.part.part_related_by(RT.SETTINGS)
    settings.relate_to("http://127.0.0.1:9/mau.dotm", attached_template, is_external=True)
    path = tmp_path / "lien_ket.docx"
    document.save(str(path))
    with zipfile.ZipFile(path) as archive:
        rels = "".join(archive.read(n).decode() for n in archive.namelist() if n.endswith(".rels"))
    assert rels.count('TargetMode="External"') == 3

    def no_network(*args, **kwargs):
        raise AssertionError("ntm tried to reach the network")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    run_ = _run([path], tmp_path / "out")
    assert run_.summary.ok == 1 and not run_.errors
    assert "trang thông tin điện tử" in run_.document(path.stem)["normalized_text"]


# ── names, links and permissions ──────────────────────────────────────────────

STRANGE_NAMES = [
    "$(touch pwned).txt",
    "; rm -rf keep_me.txt",
    "`touch pwned`.md",
    "Kế hoạch xã Hoà An 'số 2' \"bản cuối\".docx",
    "a & b | tee pwned && echo $HOME > pwned.txt",
    "-rf *.txt",
    "dòng\nmới.txt",
]


def _cli(args: list[str], cwd: Path, prefix: tuple[str, ...] = (), timeout: int = 120) -> subprocess.CompletedProcess:
    env = {**os.environ, "COLUMNS": "200"}
    return subprocess.run([*prefix, sys.executable, "-m", "pipeline", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=timeout)


def _error_lines(stderr: str) -> list[str]:
    assert "Traceback" not in stderr, stderr
    return [line for line in stderr.splitlines() if line.startswith("error:")]


def _files(root: Path) -> set[Path]:
    return {p for p in root.rglob("*") if p.is_file() or p.is_symlink()}


def test_strange_file_names_are_processed_and_nothing_is_executed(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    paths = [folder / name for name in STRANGE_NAMES]
    for path in paths:
        if path.suffix == ".docx":
            render.to_docx(render.layout_from_text(GOOD), path)
        else:
            path.write_text(GOOD, encoding="utf-8")
    photo = folder / "$(touch pwned) `id`.png"
    Image.new("L", (1, 1), 255).save(photo)  # goes through Tesseract
    broken = folder / "hỏng; touch pwned.pdf"
    broken.write_bytes(b"%PDF-1.4 $(touch pwned)")
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    (cwd / "keep_me.txt").write_text("rm -rf must not reach me", encoding="utf-8")
    before = _files(tmp_path)

    out = tmp_path / "out"
    proc = _cli(["extract", str(folder), str(paths[0]), "--out", str(out), "--workers", "1"], cwd=cwd)
    assert proc.returncode == 0, proc.stderr
    [line] = _error_lines(proc.stderr)
    assert str(broken) in line
    documents = [json.loads(p.read_text(encoding="utf-8")) for p in (out / "documents").glob("*.json")]
    assert sorted(d["source"]["path"] for d in documents) == sorted(str(p) for p in [*paths, photo])  # paths[0] once
    assert all(d["references"] for d in documents if d["source"]["format"] != "png")
    executed = [p for p in [*tmp_path.rglob("*"), *Path.home().glob("*")] if p.name in ("pwned", "pwned.txt")]
    assert not executed and (cwd / "keep_me.txt").is_file()
    assert {p for p in _files(tmp_path) - before if out not in p.parents} == set(), "wrote outside --out"


def test_a_file_name_with_a_line_break_still_gives_one_error_line(tmp_path):
    bad = tmp_path / "hai\ndòng.pdf"
    _junk(bad)
    run = _run([bad], tmp_path / "out")
    [error] = run.errors
    assert "\n" not in error["message"] and "hai\\ndòng.pdf" in error["message"] and run.echoed == [error["message"]]


def test_symlink_loops_do_not_trap_the_walk(tmp_path):
    folder = tmp_path / "in"
    _good(folder / "sub")
    (folder / "sub" / "vong").symlink_to(folder, target_is_directory=True)  # in/sub/vong → in
    (folder / "chinh_no").symlink_to(".", target_is_directory=True)
    (folder / "x.txt").symlink_to(folder / "y.txt")
    (folder / "y.txt").symlink_to(folder / "x.txt")
    result: list[BatchRun] = []
    worker = threading.Thread(target=lambda: result.append(_run([folder], tmp_path / "out")), daemon=True)
    worker.start()
    worker.join(120)
    assert not worker.is_alive(), "the walk did not terminate"
    [run] = result
    assert run.summary.ok == 1 and run.summary.failed == 2
    assert all("broken symbolic link" in e["message"] for e in run.errors)
    _assert_nothing_half_written(run.out)


def test_symlinks_out_of_an_input_folder_are_not_followed(tmp_path):
    secret = tmp_path / "ngoai" / "bi_mat.txt"
    secret.parent.mkdir()
    secret.write_text("Mật khẩu kho lưu trữ: CHIM-CANH-CUT-42\n" * 3, encoding="utf-8")
    folder = tmp_path / "in"
    inside = _good(folder / "that")
    (folder / "lo_ra.txt").symlink_to(secret)
    (folder / "ban_sao.txt").symlink_to(inside)
    (folder / "thu_muc_ngoai").symlink_to(secret.parent, target_is_directory=True)
    run = _run([folder], tmp_path / "out")
    assert (run.summary.ok, run.summary.failed) == (1, 1)  # ban_sao.txt is the same file as that/ke_hoach_tot.txt
    [error] = run.errors
    assert error["source"] == str(folder / "lo_ra.txt") and "outside" in error["message"]
    written = "".join(p.read_text(encoding="utf-8", errors="replace") for p in _files(run.out))
    assert "CHIM-CANH-CUT" not in written
    explicit = _run([folder / "lo_ra.txt"], tmp_path / "out2")  # named by the user: followed
    assert explicit.summary.ok == 1


def _privileges_dropped() -> tuple[str, ...] | None:
    """A command prefix under which file permissions apply: as root, setpriv without the capabilities
    that bypass them (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH); () when not root; None if impossible."""
    if os.geteuid() != 0:
        return ()
    prefix = ("setpriv", "--bounding-set", "-dac_override,-dac_read_search")
    if shutil.which("setpriv") is None or subprocess.run([*prefix, "true"], capture_output=True).returncode != 0:
        return None
    return prefix


def test_unreadable_file_is_one_line_and_the_batch_goes_on(tmp_path):
    prefix = _privileges_dropped()
    if prefix is None:
        pytest.skip("cannot run without root's permission override here (test_ingest_errors covers it by monkeypatch)")
    folder = tmp_path / "in"
    _good(folder)
    locked = folder / "khoa.txt"
    locked.write_text(GOOD, encoding="utf-8")
    locked.chmod(0)
    proc = _cli(["extract", str(folder), "--out", str(tmp_path / "out"), "--workers", "1"], tmp_path, prefix)
    assert proc.returncode == 0, proc.stderr
    [line] = _error_lines(proc.stderr)
    assert str(locked) in line and "permission denied" in line
    [error] = [json.loads(x) for x in (tmp_path / "out" / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert error["source"] == str(locked) and error["code"] == "input_error"
    assert (tmp_path / "out" / "documents" / "ke_hoach_tot.json").exists()
    _assert_nothing_half_written(tmp_path / "out")


@pytest.mark.parametrize("where", ["inside", "itself"])
def test_unwritable_output_folder_exits_2_with_one_line(tmp_path, where):
    prefix = _privileges_dropped()
    if prefix is None:
        pytest.skip("cannot run without root's permission override here")
    good = _good(tmp_path / "in")
    locked = tmp_path / "chi_doc"
    locked.mkdir()
    locked.chmod(0o555)
    out = locked / "out" if where == "inside" else locked
    proc = _cli(["extract", str(good), "--out", str(out)], tmp_path, prefix)
    assert proc.returncode == 2
    [line] = _error_lines(proc.stderr)
    assert str(out) in line and "not writable" in line
    assert not list(locked.iterdir())


# ── the whole matrix in one batch ─────────────────────────────────────────────


def test_bad_inputs_do_not_change_the_extraction_of_good_documents(tmp_path):
    """The shared documents alone, then mixed with every bad case: the same JSON for each of them,
    one line per refused input, and nothing written outside --out."""
    if not SHARED_DOCS.is_dir():
        pytest.skip("../shared/corpus/documents is not beside the repository")
    alone = _run([SHARED_DOCS], tmp_path / "alone")
    names = sorted(p.stem for p in (alone.out / "documents").glob("*.json"))
    assert alone.summary.ok == len(names) >= 1 and not alone.errors

    bad = tmp_path / "bad"
    bad.mkdir()
    for case in [*REFUSED, *ACCEPTED]:
        case.make(bad / case.name)
    page = render.to_images(SHORT_PAGE)[0]
    page.rotate(180).save(bad / "nguoc.png")
    (bad / "vong").symlink_to(bad, target_is_directory=True)
    (bad / "lo_ra.txt").symlink_to(SHARED_DOCS / f"{names[0]}.md")
    before = _files(tmp_path)
    mixed = _run([SHARED_DOCS, bad], tmp_path / "mixed")

    assert {e["source"] for e in mixed.errors} == {str(bad / c.name) for c in REFUSED} | {str(bad / "lo_ra.txt")}
    assert all("\n" not in e["message"] and e["code"] != "internal_error" for e in mixed.errors)
    assert mixed.summary.ok == len(names) + len(ACCEPTED) + 1
    for name in names:
        assert mixed.document(name) == alone.document(name), name
    _assert_nothing_half_written(mixed.out)
    assert {p for p in _files(tmp_path) - before if mixed.out not in p.parents} == set(), "wrote outside --out"


def test_a_file_given_twice_is_one_input_and_links_never_make_names_clash(tmp_path):
    real = tmp_path / "that"
    real.mkdir()
    (real / "x.txt").write_text(GOOD, encoding="utf-8")
    (real / "y.txt").write_text(GOOD, encoding="utf-8")
    for folder, target in (("a", "x.txt"), ("b", "y.txt")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "x.txt").symlink_to(real / target)  # both links resolve into the same folder
    # A file reached again (named twice, or by a link to it) is one input, under its first real name.
    files, errors = batch.discover([real, real / "x.txt", tmp_path / "a" / "x.txt", tmp_path / "b" / "x.txt"])
    assert not errors and files == [real / "x.txt", real / "y.txt"]
    links = [tmp_path / "a" / "x.txt", tmp_path / "b" / "x.txt"]
    files, errors = batch.discover(links)
    assert not errors and files == links
    names = [item.name for item in batch.name_outputs(files)]
    assert len(set(names)) == len(names) == 2
