"""Vietnamese numbers: decimal comma (3,8), thousands dot (35.000; 3.300), ranges (10-12, 1000–1200)."""

from __future__ import annotations

import re

# A number as written: 35.000 / 3.300 / 1.234.567 (thousands dots), 3,8 / 45,18 (decimal comma),
# or plain digits. A dot followed by exactly three digits is a thousands separator.
NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
NUMBER_RE = re.compile(rf"(?<![\d.,/])(?:{NUMBER})(?![\d/])")
RANGE_DASH = r"\s*[-–—]\s*"


def parse_number(text: str) -> float:
    """'35.000' → 35000.0, '3,8' → 3.8, '1.234,5' → 1234.5."""
    cleaned = text.strip().replace(".", "").replace(",", ".")
    return float(cleaned)


def as_int_if_whole(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value
