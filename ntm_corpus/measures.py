"""Targets and results: an indicator, a value (or a range), a unit and a comparator, put into words.

'tỷ lệ hộ nghèo giảm xuống dưới 3,5%', 'thu nhập bình quân đầu người đạt từ 52 triệu đồng/người/năm
trở lên', 'kết nạp từ 6 - 7 đảng viên mới', 'bê tông hóa 1.250 m đường giao thông nội đồng'.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from ntm_corpus.facts import Measure
from ntm_corpus.setting import Setting
from ntm_corpus.vocab import data, draw_value, fill, maybe, pick, vn_number

MOUNTAIN = {"north_mountain", "highlands"}


@dataclass
class Planned:
    """An indicator and the value drawn for it; `written` later by `write_measure`."""

    spec: dict
    value: float
    decimals: int


def indicators(s: Setting) -> list[dict]:
    out = []
    for spec in data("indicators")["indicators"]:
        if spec.get("party") and not s.party:
            continue
        if spec.get("mountain") and s.region not in MOUNTAIN:
            continue
        out.append(spec)
    return out


def plan_measures(rng: random.Random, s: Setting, count: int, avoid: set[str] = frozenset()) -> list[Planned]:
    pool = [spec for spec in indicators(s) if spec["id"] not in avoid]
    chosen = rng.sample(pool, min(count, len(pool)))
    return [draw(rng, s, spec) for spec in chosen]


def draw(rng: random.Random, s: Setting, spec: dict) -> Planned:
    decimals = pick(rng, spec["decimals"])
    low, high = spec["range"]
    if spec.get("extensive") and s.district_level:
        low, high = low * 8, high * 10
    return Planned(spec, draw_value(rng, low, high, decimals), decimals)


def improved(rng: random.Random, p: Planned) -> Planned:
    """Next year's target from this year's result: higher, or lower for a rate to cut."""
    factor = rng.uniform(0.55, 0.9) if p.spec["style"] == "down" else rng.uniform(1.02, 1.15)
    value = p.value * factor
    if p.spec["unit"] == "%":
        value = min(value, 100)
    decimals = p.decimals if p.spec["style"] == "down" else min(p.decimals, 1)
    value = round(value, decimals)
    return Planned(p.spec, int(value) if float(value).is_integer() else value, decimals)


def agri_bundle(rng: random.Random, s: Setting) -> list[Planned]:
    """Rice area, yield and output that agree: output (tấn) = area (ha) × yield (tạ/ha) / 10."""
    specs = {spec["id"]: spec for spec in data("indicators")["indicators"]}
    area = draw(rng, s, specs["rice_area"])
    yield_ = draw(rng, s, specs["rice_yield"])
    output = round(area.value * yield_.value / 10)
    return [area, yield_, Planned(specs["grain_output"], output, 0)]


def write_measure(rng: random.Random, p: Planned, kind: str, optional: bool = False) -> tuple[str, Measure]:
    """The clause (lower case, no final punctuation) and the fact it states."""
    spec, forms = p.spec, data("indicators")["forms"]
    style = spec["style"]
    value = p.value
    value_max = None
    if style in ("count", "measure"):
        family = forms[f"{kind}_{style}"]
    elif kind == "target" and spec.get("value_first") and maybe(rng, 0.2):
        family = forms["target_value_first"]
    elif kind == "result" and spec.get("value_first") and maybe(rng, 0.25):
        family = forms["result_value_first"]
    elif kind == "target" and style == "up" and spec["unit"] != "%" and maybe(rng, 0.1):
        family = forms["target_range_level"]
    else:
        family = forms[f"{kind}_{'down' if style == 'down' else 'up'}"]
    verb = pick(rng, spec.get("verb" if kind == "target" else "result_verb", [""]))
    if verb.endswith(" cho"):  # "hỗ trợ ... cho 12 hộ": no "được" after "cho"
        family = [f for f in family if "được" not in f[0]]
    form, comparator = pick(rng, family)
    if comparator == "range":
        value_max = _upper(rng, p)
    value_first = "{ind}" in form and form.index("{v}") < form.index("{ind}")
    name = _indicator_name(rng, spec, value_first) if "names" in spec else ""
    noun = pick(rng, spec["noun"]) if isinstance(spec.get("noun"), list) else spec.get("noun", "")
    v = _number(rng, value, p.decimals)
    v2 = _number(rng, value_max, p.decimals) if value_max else ""
    unit = _unit(rng, spec)
    text = fill(form, ind=name, v=v, v2=v2, u=unit, verb=verb, noun=noun)
    indicator = name if style not in ("count", "measure") else f"{verb} {noun}"
    # The unit as written, whole: a rate "triệu đồng/người/năm" is not "triệu đồng".
    fact = Measure(indicator=indicator, value=value, unit=unit.strip(), comparator=comparator, kind=kind,
                   value_max=value_max, written=text, optional=optional)
    return text, fact


def _indicator_name(rng: random.Random, spec: dict, value_first: bool) -> str:
    return pick(rng, spec["value_first"] if value_first else spec["names"])


def _upper(rng: random.Random, p: Planned) -> float:
    step = max(1, round(p.value * rng.uniform(0.1, 0.4))) if p.decimals == 0 else round(p.value * 0.1, p.decimals)
    upper = p.value + step
    if p.spec["unit"] == "%":
        upper = min(upper, 100)
    return int(upper) if float(upper).is_integer() else round(upper, p.decimals)


def _number(rng: random.Random, value: float | None, decimals: int) -> str:
    if value is None:
        return ""
    return vn_number(value, decimals, thousands=not maybe(rng, 0.1))


def _unit(rng: random.Random, spec: dict) -> str:
    unit = spec["unit"]
    written = pick(rng, spec["unit_text"]) if spec.get("unit_text") else unit
    forms = data("indicators")["unit_forms"]
    if unit in forms:
        return pick(rng, forms[unit])
    return f" {written}"
