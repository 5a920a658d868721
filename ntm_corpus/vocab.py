"""The generator's vocabulary (ntm_corpus/data/), the domain data it shares with the pipeline (the
criteria and indicators of models/, read through pipeline.models_dir), and small helpers for drawing from it.

Every random choice goes through one `random.Random` per document, so a seed fixes the document.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
import random
from collections.abc import Sequence
from functools import cache
from importlib import resources
from typing import TypeVar

from pipeline.models_dir import load_json

T = TypeVar("T")

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]
LETTERS = "abcdefghiklmnopq"  # Vietnamese lists skip j


@cache
def data(name: str):
    """ntm_corpus/data/<name>.json, parsed once."""
    return json.loads(resources.files("ntm_corpus").joinpath("data", f"{name}.json").read_text(encoding="utf-8"))


def criteria() -> list[dict]:
    """The national commune criteria as the pipeline knows them (number, name, the other names): its default set."""
    return load_json(f"criteria/sets/{load_json('criteria/criteria.json')['default_set']}.json")["criteria"]


def abbreviations() -> dict[str, list[str]]:
    """Document type name → its abbreviations ('Quyết định' → ['QĐ']), from the pipeline's document types."""
    return {name: t["abbreviations"] for t in load_json("grammar/doc_types.json")["types"] for name in t["names"]
            if t.get("abbreviations")}


def indicator_ids() -> set[str]:
    """The ids of the pipeline's indicator lexicon, which the generator's recipes refer to."""
    return {entry["id"] for entry in load_json("targets/indicators.json")["indicators"]}


def phrases() -> dict:
    return data("phrases")


def pick(rng: random.Random, items: Sequence[T]) -> T:
    return items[rng.randrange(len(items))]


def maybe(rng: random.Random, p: float) -> bool:
    return rng.random() < p


def shuffled(rng: random.Random, items: Sequence[T]) -> list[T]:
    out = list(items)
    rng.shuffle(out)
    return out


def cap(text: str) -> str:
    """First letter upper case, the rest untouched ('tỷ lệ hộ nghèo' → 'Tỷ lệ hộ nghèo')."""
    return text[:1].upper() + text[1:]


def fill(template: str, **values: object) -> str:
    """str.format that leaves unknown placeholders alone (phrase banks share one set of names)."""
    return template.format_map(_Keep(values))


class _Keep(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


# ── numbers and dates as Vietnamese documents write them ─────────────────────


def vn_number(value: float, decimals: int = 0, thousands: bool = True) -> str:
    """35000 → '35.000', 3.8 → '3,8', 1234.5 → '1.234,5' (decimal comma, thousands dot)."""
    text = f"{value:,.{decimals}f}"
    whole, _, frac = text.partition(".")
    whole = whole.replace(",", "." if thousands else "")
    frac = frac.rstrip("0")
    return f"{whole},{frac}" if frac else whole


def draw_value(rng: random.Random, low: float, high: float, decimals: int) -> float | int:
    value = round(rng.uniform(low, high), decimals)
    return int(value) if decimals == 0 or float(value).is_integer() else value


def two(n: int, rng: random.Random, p: float = 0.5) -> str:
    """A day or month, zero-padded or not (both occur, often in the same document)."""
    return f"{n:02d}" if n < 10 and maybe(rng, p) else str(n)


def date_text(rng: random.Random, date: dt.date, style: str | None = None) -> str:
    """The date as written after 'ngày': '08/3/2022', '08-3-2022', '08 tháng 3 năm 2022'."""
    style = style or pick(rng, ["slash", "slash", "slash", "dash", "words"])
    d, m = two(date.day, rng, 0.7), two(date.month, rng, 0.3)
    if style == "dash":
        return f"{d}-{m}-{date.year}"
    if style == "words":
        return f"{d} tháng {m} năm {date.year}"
    return f"{d}/{m}/{date.year}"


def random_date(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    if end <= start:
        return start
    return start + dt.timedelta(days=rng.randrange((end - start).days + 1))


def last_day(year: int, month: int) -> dt.date:
    """The month's last day: the gold of 'hết tháng 2', 'quý II' (the generator's own, not the pipeline's)."""
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def iso(date: dt.date | None) -> str | None:
    return date.isoformat() if date else None
