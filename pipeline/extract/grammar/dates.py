"""Vietnamese calendar dates: "ngày 08/3/2022", "08-3-2022", "ngày 08 tháng 3 năm 2022".

A date that does not exist keeps its text and gets `iso=None`; nothing here invents a date.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

# A year of these documents: 1900-2099 (anything else with four digits is a number or an OCR slip).
YEAR = r"(?:19|20)\d{2}"
YEAR_RE = re.compile(rf"(?<!\d){YEAR}(?!\d)")
NAMED_YEAR = re.compile(rf"\bnăm\s+({YEAR})(?!\d)")  # "năm 2024" (lower-cased text)
YEAR_MENTION = re.compile(rf"(?:nam|/)\s*({YEAR})(?!\d)")  # "năm 2024", "/2024" (folded text)

# day and month may be blank in a draft ("ngày  tháng 03 năm 2024"): groups are optional there.
_NUMERIC = rf"(?P<d>\d{{1,2}})\s?[/\-.]\s?(?P<m>\d{{1,2}})\s?[/\-.]\s?(?P<y>{YEAR})"
_WORDS = rf"(?P<d2>\d{{1,2}})?\s*tháng\s*(?P<m2>\d{{1,2}})?\s*(?:năm|/)\s*(?P<y2>{YEAR})"
DATE = re.compile(rf"(?:(?:[Nn]gày|NGÀY)\s*)?(?:{_NUMERIC}|{_WORDS})")
DATE_WITH_NGAY = re.compile(rf"(?:[Nn]gày|NGÀY)\s*(?:{_NUMERIC}|{_WORDS})")

# The issue date of a header, where a draft leaves blanks to fill ("ngày ..... tháng 03 năm 2024"):
# the same forms, with dots, dashes and ellipses allowed between the parts.
BLANK = r"[\s._…\-]*"
ISSUE_DATE_WORDS = re.compile(
    rf"ngày{BLANK}(?P<d>\d{{1,2}})?{BLANK}tháng{BLANK}(?P<m>\d{{1,2}})?{BLANK}năm{BLANK}(?P<y>{YEAR})", re.IGNORECASE)
ISSUE_DATE_NUMERIC = re.compile(
    rf"ngày\s*(?P<d>\d{{1,2}})\s*[/.\-]\s*(?P<m>\d{{1,2}})\s*[/.\-]\s*(?P<y>{YEAR})", re.IGNORECASE)
ISSUE_DAY_MONTH = re.compile(rf"ngày{BLANK}(?P<d>\d{{1,2}})?{BLANK}tháng{BLANK}(?P<m>\d{{1,2}})", re.IGNORECASE)


@dataclass(frozen=True)
class DateValue:
    start: int
    end: int
    text: str
    year: int | None
    month: int | None
    day: int | None

    @property
    def iso(self) -> str | None:
        """ISO date when the date is complete and exists, else None."""
        if None in (self.year, self.month, self.day):
            return None
        try:
            return dt.date(self.year, self.month, self.day).isoformat()
        except ValueError:
            return None

    @property
    def valid(self) -> bool:
        """False for a date that cannot exist (20/20/2023); partial dates are valid."""
        if self.month is not None and not 1 <= self.month <= 12:
            return False
        if self.day is not None:
            if not 1 <= self.day <= 31:
                return False
            if self.month is not None and self.year is not None:
                return self.day <= calendar.monthrange(self.year, self.month)[1]
        return True


def _date(m: re.Match[str]) -> DateValue:
    def num(*names: str) -> int | None:
        for name in names:
            if m.group(name):
                return int(m.group(name))
        return None

    return DateValue(m.start(), m.end(), m.group(0), num("y", "y2"), num("m", "m2"), num("d", "d2"))


def match_date(text: str, pos: int, require_ngay: bool = False) -> DateValue | None:
    """The date starting exactly at `pos` (after optional spaces and a comma), if any."""
    regex = DATE_WITH_NGAY if require_ngay else DATE
    m = regex.match(text, pos)
    return _date(m) if m else None


# "ngày 15/7", "ngày 15 tháng 7" with no year after: the year comes from elsewhere (a cited code's year).
DAY_MONTH = re.compile(
    r"(?:[Nn]gày|NGÀY)\s*(?P<d>\d{1,2})\s?(?:[/\-.]\s?|\s*tháng\s*)(?P<m>\d{1,2})(?![\d/\-]|\.\d|\s*(?:năm|/)\s*\d)"
)


def match_day_month(text: str, pos: int, year: int) -> DateValue | None:
    """A yearless "ngày 15/7" starting at `pos`, dated in `year`; not one a capital or a digit follows
    (a year cut off by a footnote or a page: "ngày 24 tháng" / "11 Khoản này ...")."""
    m = DAY_MONTH.match(text, pos)
    after = text[m.end():m.end() + 4].lstrip() if m else ""
    if m is None or (after and (after[0].isupper() or after[0].isdigit())):
        return None
    return DateValue(m.start(), m.end(), m.group(0), year, int(m.group("m")), int(m.group("d")))


def last_day(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])
