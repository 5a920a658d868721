"""Vietnamese numbers as documents write them: the one number grammar every field uses.

The rule (Vietnamese writes a decimal comma and groups thousands with dots; typed documents also
use a decimal dot):
- a comma is the decimal mark: "3,8" → 3.8, "45,18" → 45.18;
- a dot before a group of exactly three digits groups thousands: "35.000" → 35000,
  "1.234.567" → 1234567, "1.234,5" → 1234.5; so "4.500" is four thousand five hundred, never 4.5;
- a dot before one or two digits that end the number is a decimal point: "4.5" → 4.5,
  "17.5" → 17.5, "3.25" → 3.25 (no thousands group has fewer than three digits);
- anything else with dots ("08.3.2022", "1.2.3") is not one number.
"""

from __future__ import annotations

import re

NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+\.\d{1,2}(?![\d.])|\d+(?:,\d+)?"
COUNT = r"\d{1,3}(?:\.\d{3})+|\d+"  # a whole number: "6", "5.775"
# A number standing alone: not inside a word, a date, a code or a longer number.
NUMBER_RE = re.compile(rf"(?<![\w.,/])(?:{NUMBER})(?![\d/]|[.,]\d)")
_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+")


def parse_number(text: str) -> float:
    """'35.000' → 35000.0, '1.234,5' → 1234.5, '3,8' → 3.8, '4.5' → 4.5 (see the module's rule)."""
    text = text.strip()
    if "," in text:
        return float(text.replace(".", "").replace(",", "."))
    if _THOUSANDS.fullmatch(text):
        return float(text.replace(".", ""))
    return float(text)
