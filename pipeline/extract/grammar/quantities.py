"""Amounts with a unit: '4,99%', '35.000 con', '10-12 quần chúng', 'từ 6 - 7 đảng viên', '600m'.

Only a number followed by a unit is an amount; a number with no unit (a year, a list number,
a criterion number) is not. A number written as a ratio or date ('6/19', '08/3/2022') is not either.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.extract.grammar.numbers import NUMBER, NUMBER_RE, parse_number
from pipeline.extract.grammar.units import UnitMatch, unit_after

# what joins the two ends of a range: "10-12", "6 - 7", "1000–1200", "6 đến 7"
RANGE_BEFORE = re.compile(rf"(?<![\w.,/])(?P<low>{NUMBER})\s*(?:[-–—]|\s(?:đến|tới)\s)\s*$")


@dataclass(frozen=True)
class Quantity:
    start: int  # where the amount begins (the low end of a range)
    number_start: int  # where the number next to the unit begins
    value: float
    value_max: float | None
    unit: UnitMatch

    @property
    def end(self) -> int:
        return self.unit.end


def find_quantities(text_lower: str, start: int = 0, end: int | None = None) -> list[Quantity]:
    """Every number followed by a unit between start and end, ranges joined, in text order.

    Works on the lower-case text (units are matched in lower case); offsets are the text's.
    """
    end = len(text_lower) if end is None else end
    found = []
    for m in NUMBER_RE.finditer(text_lower, start, end):
        unit = unit_after(text_lower, m.end())
        if unit is None:
            continue
        value, value_max, begin = parse_number(m.group()), None, m.start()
        low = RANGE_BEFORE.search(text_lower, max(start, m.start() - 30), m.start())
        if low and parse_number(low.group("low")) < value:
            value, value_max, begin = parse_number(low.group("low")), value, low.start()
        found.append(Quantity(start=begin, number_start=m.start(), value=value, value_max=value_max, unit=unit))
    return found
