"""Plain text and markdown: decoding (UTF-8, UTF-16, Windows-1258) and markdown markers."""

from __future__ import annotations

import re
from pathlib import Path

from pipeline.schema import Document, Page


def decode(data: bytes) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1258", errors="replace"), "cp1258"


def strip_markdown(text: str) -> str:
    text = re.sub(r"(?m)^\s{0,3}#{1,6}\s*", "", text)
    text = re.sub(r"\*{1,3}([^*\n]*)\*{1,3}", r"\1", text)
    text = re.sub(r"(?m)^-{3,}\s*$", "", text)
    return text.replace("**", "")


def read(path: Path, data: bytes) -> Document:
    text, encoding = decode(data)
    if path.suffix.lower() == ".md":
        text = strip_markdown(text)
    return Document(
        source=str(path), sha256="", format=path.suffix.lower().lstrip("."), encoding=encoding,
        pages=[Page(number=1, text=text, source="plain")],
    )
