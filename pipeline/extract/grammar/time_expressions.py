"""Time expressions that can bound a task: a day, a month, a quarter, half a year, a year, a period.

"ngày 15/12/2024", "tháng 10/2024", "trong tháng 10 năm 2024", "Quý I/2024", "quý II năm 2025",
"6 tháng đầu năm 2024", "năm 2024", "cuối năm", "giai đoạn 2023 - 2025", "từ năm 2023 đến năm 2025".
Each knows its first and last day; a missing year ("trước ngày 15/12", "trong quý II") is the
document's year. Matching is on the folded text (see aligned.py).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from pipeline.extract.grammar.dates import YEAR, last_day

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("day", re.compile(r"ngay\s*(?P<d>\d{1,2})\s*(?:[/.\-]|thang)\s*(?P<m>\d{1,2})"
                       r"(?:\s*(?:[/.\-]|nam)\s*(?P<y>" + YEAR + r"))?(?![\d/])")),
    ("day", re.compile(r"(?<![\d/.,])(?P<d>\d{1,2})\s*[/.\-]\s*(?P<m>\d{1,2})\s*[/.\-]\s*(?P<y>" + YEAR + r")(?![\d/])")),
    ("month", re.compile(r"thang\s*(?P<m>\d{1,2})(?:\s*(?:/|-|nam)\s*(?P<y>" + YEAR + r")|\.(?P<y3>" + YEAR + r"))?"
                         r"(?![\d/]|\s*/\s*lan)")),
    ("quarter", re.compile(r"quy\s*(?P<q>iv|i{1,3}|[1-4])(?![^\W_])(?:\s*(?:/|-|nam)\s*(?P<y>" + YEAR + r"))?")),
    ("half", re.compile(r"(?:6|06|sau)\s+thang\s+(?P<h>dau|cuoi)\s+nam(?:\s+(?P<y>" + YEAR + r"))?(?![^\W_])")),
    ("period", re.compile(r"giai\s+doan\s+(?:tu\s+)?(?:nam\s+)?(?P<y1>" + YEAR + r")\s*(?:[-–]|den)\s*(?:nam\s+)?"
                          r"(?P<y2>" + YEAR + r")(?!\d)")),
    ("period", re.compile(r"tu\s+nam\s+(?P<y1>" + YEAR + r")\s+den\s+(?:het\s+)?nam\s+(?P<y2>" + YEAR + r")(?!\d)")),
    ("year", re.compile(r"nam\s*(?P<y>" + YEAR + r")(?!\d|\s*[-–]\s*\d{4})")),
    ("year", re.compile(r"(?<=cuoi\s)nam(?![^\W_]|\s+(?:\d|hoc))|nam\s+nay(?![^\W_])")),
]


@dataclass(frozen=True)
class TimeExpression:
    start: int
    end: int
    kind: str  # day, month, quarter, half, period, year
    first: dt.date
    last: dt.date

    @property
    def granularity(self) -> str:
        return "period" if self.kind == "half" else self.kind

    @property
    def year(self) -> int:
        return self.last.year


def time_expressions(folded: str, default_year: int | None, issued: dt.date | None = None) -> list[TimeExpression]:
    """Every expression in the text, the longest where two overlap, in order.

    A day or month written without a year is the first such day on or after the document's date
    (`issued`: "trước ngày 10/01" in a letter of December is next January), else in `default_year`.
    """
    found = []
    for kind, regex in PATTERNS:
        for m in regex.finditer(folded):
            expr = _expression(kind, m, default_year, issued)
            if expr is not None:
                found.append(expr)
    found.sort(key=lambda e: (e.start, -(e.end - e.start)))
    kept: list[TimeExpression] = []
    for expr in found:
        if not kept or expr.start >= kept[-1].end:
            kept.append(expr)
    return kept


def _expression(kind: str, m: re.Match[str], default_year: int | None,
                issued: dt.date | None = None) -> TimeExpression | None:
    groups = m.groupdict()
    written = groups.get("y") or groups.get("y3")
    if not written and issued is not None and kind in ("day", "month"):
        expr = _expression(kind, m, issued.year)
        if expr is not None and expr.last < issued:
            expr = _expression(kind, m, issued.year + 1)
        return expr
    year = int(written) if written else default_year
    try:
        if kind == "period":
            first, last = dt.date(int(groups["y1"]), 1, 1), dt.date(int(groups["y2"]), 12, 31)
            if first > last:
                return None
        elif year is None:
            return None
        elif kind == "day":
            first = last = dt.date(year, int(groups["m"]), int(groups["d"]))
        elif kind == "month":
            first, last = dt.date(year, int(groups["m"]), 1), last_day(year, int(groups["m"]))
        elif kind == "quarter":
            q = _ROMAN.get(groups["q"]) or int(groups["q"])
            first, last = dt.date(year, 3 * q - 2, 1), last_day(year, 3 * q)
        elif kind == "half":
            first, last = (dt.date(year, 1, 1), dt.date(year, 6, 30)) if groups["h"] == "dau" else \
                (dt.date(year, 7, 1), dt.date(year, 12, 31))
        else:
            first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    except ValueError:  # 31/02, tháng 13: not a date
        return None
    return TimeExpression(m.start(), m.end(), kind, first, last)
