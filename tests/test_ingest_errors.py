"""Inputs a user gets wrong: each is an InputError subclass with one line naming the file."""

from __future__ import annotations

import hashlib
import os

import pytest

from ntm_corpus import render
from ntm_corpus.render import Para
from pipeline.errors import CorruptDocument, InputError, UnsupportedFormat
from pipeline.ingest import FORMATS, ingest


def _raises(path, kind: type[InputError], fragment: str) -> InputError:
    with pytest.raises(kind) as e:
        ingest(path)
    message = str(e.value)
    assert "\n" not in message and str(path) in message and fragment in message
    return e.value


def test_missing_file(tmp_path):
    _raises(tmp_path / "khong_co.pdf", InputError, "no such file")


def test_folder(tmp_path):
    _raises(tmp_path, InputError, "is a folder")


@pytest.mark.parametrize("name", ["bang.xlsx", "ghi_chu", "van_ban.doc", "anh.gif"])
def test_unsupported_extension(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"something")
    error = _raises(path, UnsupportedFormat, "unsupported format")
    assert error.code == "unsupported_format"


@pytest.mark.parametrize("extension", sorted(FORMATS))
def test_zero_byte_file(tmp_path, extension):
    path = tmp_path / f"rong{extension}"
    path.touch()
    _raises(path, InputError, "empty file (0 bytes)")


def test_unreadable_file(tmp_path, monkeypatch):
    path = tmp_path / "khoa.txt"
    path.write_text("Báo cáo", encoding="utf-8")

    real_open = os.open

    def denied(name, *args, **kwargs):
        if str(name) == str(path):
            raise PermissionError(13, "Permission denied", str(name))
        return real_open(name, *args, **kwargs)

    monkeypatch.setattr(os, "open", denied)  # tests may run as root, where chmod 000 reads fine
    _raises(path, InputError, "permission denied")


@pytest.mark.parametrize("extension", [".pdf", ".docx", ".png", ".jpg", ".tiff"])
def test_binary_junk_under_a_document_name_is_corrupt(tmp_path, extension):
    path = tmp_path / f"rac{extension}"
    path.write_bytes(bytes(range(256)) * 8)
    error = _raises(path, CorruptDocument, "")
    assert error.code == "corrupt"


def test_document_carries_sha256_and_source(tmp_path):
    path = tmp_path / "kh.docx"
    render.to_docx([Para("Kế hoạch thực hiện tiêu chí số 17 về môi trường năm 2024.")], path)
    doc = ingest(str(path))
    assert doc.source == str(path)
    assert doc.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("extension", [".png", ".tiff"])
def test_truncated_image_is_corrupt(tmp_path, extension):
    whole = tmp_path / f"whole{extension}"
    render.to_images([Para("Biên bản kiểm tra tiêu chí nông thôn mới.")], dpi=100)[0].save(whole)
    path = tmp_path / f"cut{extension}"
    path.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    _raises(path, CorruptDocument, "")
