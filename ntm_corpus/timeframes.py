"""Deadlines: a date after the document's issue date, written the ways documents write them."""

from __future__ import annotations

import datetime as dt
import random

from ntm_corpus.facts import Deadline
from ntm_corpus.vocab import ROMAN, data, fill, last_day, maybe, pick, random_date, two


def plan_deadline(rng: random.Random, after: dt.date, year: int, granularity: str | None = None) -> Deadline:
    """A deadline later than `after`, by the end of `year` (a period may run a year longer)."""
    granularity = granularity or rng.choices(["day", "month", "quarter", "year", "period"],
                                             weights=[30, 20, 25, 15, 6])[0]
    end_of_year = dt.date(year, 12, 31)
    if after >= dt.date(year, 12, 1):
        end_of_year = dt.date(year + 1, 12, 31)
    if granularity == "day":
        return Deadline(random_date(rng, after + dt.timedelta(days=10), end_of_year - dt.timedelta(days=5)), "day")
    if granularity == "month":
        when = random_date(rng, after + dt.timedelta(days=20), end_of_year)
        return Deadline(last_day(when.year, when.month), "month")
    if granularity == "quarter":
        when = random_date(rng, after + dt.timedelta(days=30), end_of_year)
        quarter_end_month = 3 * ((when.month - 1) // 3 + 1)
        return Deadline(last_day(when.year, quarter_end_month), "quarter")
    if granularity == "period":
        return Deadline(dt.date(end_of_year.year + rng.choice([0, 1]), 12, 31), "period")
    return Deadline(end_of_year, "year")


def write_deadline(rng: random.Random, deadline: Deadline, bare: bool = False, start_year: int | None = None) -> str:
    """The deadline's words; sets `deadline.written`. `bare` forms follow 'Thời gian thực hiện:'."""
    forms = data("timeframes")["bare" if bare else "forms"][deadline.granularity]
    date = deadline.date
    assert date is not None
    form = pick(rng, forms)
    if deadline.granularity == "year" and "31/12" in form:
        deadline.granularity = "day"
    quarter = (date.month - 1) // 3 + 1
    first = start_year if start_year and start_year < date.year else date.year - 1
    text = fill(form, d=two(date.day, rng, 0.4), m=two(date.month, rng, 0.3), y=date.year,
                Q=ROMAN[quarter - 1], q=quarter, y1=first, y2=date.year)
    deadline.written = text
    return text


def recurrence(rng: random.Random) -> Deadline:
    """'hàng tháng', 'định kỳ hàng quý': no date, so optional in the gold."""
    text, every, granularity = pick(rng, data("timeframes")["recurrences"])
    return Deadline(None, granularity, written=text, recurrence=every, optional=True)


def maybe_deadline(rng: random.Random, p: float, after: dt.date, year: int) -> Deadline | None:
    return plan_deadline(rng, after, year) if maybe(rng, p) else None
