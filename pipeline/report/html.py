"""Small helpers to build HTML as strings: every text and attribute value goes through `esc`."""

from __future__ import annotations

import re
import unicodedata
from html import escape
from typing import Any


def esc(value: Any) -> str:
    """Text or attribute value, escaped (quotes too): the only way values enter the page."""
    return escape(text(value), quote=True)


def missing(value: Any) -> bool:
    """None, NaN and pandas' NA all mean 'no value' in the tables."""
    if value is None:
        return True
    try:
        return bool(value != value)  # NaN is the one value unequal to itself
    except (TypeError, ValueError):  # pandas.NA refuses bool()
        return True


def text(value: Any) -> str:
    """A value as a reader sees it: '' for missing, 3.0 → '3', 3.80 → '3.8'."""
    if missing(value):
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return number(value)
    return str(value)


def number(value: float) -> str:
    """Up to 4 decimals, no trailing zeros; thousands grouped from 10,000 up (VND run to 10^10)."""
    if float(value).is_integer():
        return f"{int(value):,}" if abs(value) >= 10_000 else str(int(value))
    digits = f"{value:,.4f}" if abs(value) >= 10_000 else f"{value:.4f}"
    return digits.rstrip("0").rstrip(".")


def attrs(**values: Any) -> str:
    """` name="value"` pairs; `class_` → class, `data_x` → data-x; None/False are left out."""
    parts = []
    for name, value in values.items():
        if value is None or value is False:
            continue
        name = name.rstrip("_").replace("_", "-")
        parts.append(f" {name}" if value is True else f' {name}="{esc(value)}"')
    return "".join(parts)


def tag(name: str, content: str = "", **values: Any) -> str:
    """An element around already-built HTML `content` (escape text with `esc` first)."""
    return f"<{name}{attrs(**values)}>{content}</{name}>"


def link(href_id: str, content: str, **values: Any) -> str:
    return tag("a", content, href="#" + href_id, **values)


def table(headers: list[str], rows: list[list[str]], **values: Any) -> str:
    """A table from header texts and rows of already-built cell HTML."""
    head = "".join(tag("th", esc(h)) for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return tag("table", f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody>", **values)


def slug(name: str) -> str:
    """An id-safe form of a name: ASCII letters, digits, '_' and '-' only (so '.' can join parts)."""
    bare = unicodedata.normalize("NFD", name.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(c for c in bare if not unicodedata.combining(c))
    return re.sub(r"[^0-9A-Za-z_-]+", "-", bare).strip("-") or "doc"


def shorten(value: str, limit: int = 90) -> str:
    value = " ".join(value.split())
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"
