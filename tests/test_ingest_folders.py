"""A folder marked with `.ntm-document` is one document whose pages are its images; the batch
cache keys a multi-file document (photo series or marked folder) by all of its files."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from pipeline import batch
from pipeline.errors import InputError
from pipeline.ingest import ingest, source_sha256
from pipeline.ingest.images import MARKER, folder_pages, is_document_folder, series

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"


def page(path: Path, text: str) -> Path:
    """A one-line page image Tesseract reads in well under a second."""
    image = Image.new("L", (1300, 110), 255)
    ImageDraw.Draw(image).text((20, 28), text, font=ImageFont.truetype(FONT, 40), fill=0)
    image.save(path)
    return path


def marked(folder: Path, names: list[str]) -> Path:
    folder.mkdir(parents=True)
    (folder / MARKER).touch()
    for name in names:
        (folder / name).write_bytes(b"")
    return folder


# ── finding (no OCR) ──────────────────────────────────────────────────────────


def test_a_marked_folder_lists_its_images_in_natural_order(tmp_path):
    folder = marked(tmp_path / "ho-so", ["trang 10.jpg", "trang 2.jpg", "Trang 1.JPG", ".hidden.jpg", "ghi chu.txt"])
    (folder / "cu").mkdir()
    (folder / "cu" / "trang 3.jpg").write_bytes(b"")
    assert is_document_folder(folder)
    assert [p.name for p in folder_pages(folder)] == ["Trang 1.JPG", "trang 2.jpg", "trang 10.jpg"]
    assert series(folder) == folder_pages(folder)


def test_an_unmarked_folder_is_not_a_document(tmp_path):
    (tmp_path / "anh").mkdir()
    (tmp_path / "anh" / "trang 1.jpg").write_bytes(b"")
    (tmp_path / "anh" / "ntm-document").touch()  # only the exact hidden name marks a folder
    assert not is_document_folder(tmp_path / "anh")
    assert not is_document_folder(tmp_path / "anh" / "trang 1.jpg")
    with pytest.raises(InputError, match="is a folder, not a file"):
        ingest(tmp_path / "anh")


def test_a_batch_takes_a_marked_folder_as_one_input_given_or_found(tmp_path):
    marked(tmp_path / "in" / "xa-a" / "bao-cao", ["1.jpg", "2.jpg"])
    (tmp_path / "in" / "xa-a" / "to-trinh.jpg").write_bytes(b"")
    (tmp_path / "in" / "xa-b").mkdir()
    (tmp_path / "in" / "xa-b" / "2.jpg").write_bytes(b"")
    files, errors = batch.discover([tmp_path / "in"])
    assert errors == []
    assert sorted(f.relative_to(tmp_path / "in").as_posix() for f in files) == [
        "xa-a/bao-cao", "xa-a/to-trinh.jpg", "xa-b/2.jpg"]
    assert batch.discover([tmp_path / "in" / "xa-a" / "bao-cao"])[0] == [tmp_path / "in" / "xa-a" / "bao-cao"]


def test_a_marked_folder_without_images_is_a_one_line_error(tmp_path):
    folder = marked(tmp_path / "rong", ["ghi chu.txt"])
    with pytest.raises(InputError, match=r"marked as one document \(\.ntm-document\) holds no image"):
        ingest(folder)
    assert source_sha256(folder) is None


def test_the_digest_covers_every_file_of_a_series_and_of_a_folder(tmp_path):
    (tmp_path / "bc_1.png").write_bytes(b"one")
    (tmp_path / "bc_2.png").write_bytes(b"two")
    before = source_sha256(tmp_path / "bc_1.png")
    (tmp_path / "bc_2.png").write_bytes(b"TWO")
    assert source_sha256(tmp_path / "bc_1.png") != before
    assert source_sha256(tmp_path / "bc_2.png") != source_sha256(tmp_path / "bc_1.png")
    folder = marked(tmp_path / "ho-so", [])
    (folder / "a.png").write_bytes(b"one")
    first = source_sha256(folder)
    (folder / "b.png").write_bytes(b"two")
    assert source_sha256(folder) not in (None, first)


# ── read (three one-line pages OCR'd) ─────────────────────────────────────────


def test_a_marked_folder_reads_as_one_document_and_is_cached_by_all_its_pages(tmp_path):
    folder = tmp_path / "in" / "ke-hoach"
    folder.mkdir(parents=True)
    (folder / MARKER).write_text("any content", encoding="utf-8")
    page(folder / "trang 2.png", "Trang hai của kế hoạch")
    last = page(folder / "trang 10.png", "Trang mười, hết")
    page(folder / "trang 1.png", "KẾ HOẠCH xây dựng nông thôn mới")

    doc = ingest(folder)
    assert doc.format == "png" and doc.source == str(folder)
    assert [p.number for p in doc.pages] == [1, 2, 3]
    assert "KẾ HOẠCH" in doc.pages[0].text and "hai" in doc.pages[1].text and "hết" in doc.pages[2].text
    assert doc.sha256 == source_sha256(folder)

    out, options = tmp_path / "out", batch.Options(workers=1)
    assert batch.run("normalize", [tmp_path / "in"], out, options, echo=lambda _: None).ok == 1
    again = batch.run("normalize", [tmp_path / "in"], out, options, echo=lambda _: None)
    assert (again.ok, again.skipped) == (0, 1)
    page(last, "Trang mười, đã sửa")  # a later page replaced: the document is read again
    changed = batch.run("normalize", [tmp_path / "in"], out, options, echo=lambda _: None)
    assert (changed.ok, changed.skipped) == (1, 0)
