"""The normalized value of each extracted item, as one line a reviewer reads on hover.

e.g. a target → "poverty_rate < 3.8 percent (target, 2024)",
a reference → "318/QĐ-TTg · 2022-03-08 · central".
"""

from __future__ import annotations

from pipeline.report.html import missing, text


def _join(*parts, sep: str = " · ") -> str:
    return sep.join(text(p) for p in parts if not missing(p) and text(p))


def reference(ref: dict) -> str:
    name = ref.get("code") or ref.get("title") or _join(ref.get("doc_type"), ref.get("number"), sep=" ")
    return _join(name or "reference", ref.get("date") or ref.get("date_text"), ref.get("issuer_level"))


def criterion(item: dict) -> str:
    as_of = f" ({item['as_of']})" if not missing(item.get("as_of")) else ""
    unit = f"{item['unit_name']}, " if not missing(item.get("unit_name")) else ""
    return f"{unit}criterion {item.get('criterion')} {item.get('name', '')}: {item.get('status')}{as_of}"


def summary(item: dict) -> str:
    total = f"/{text(item.get('total'))}" if not missing(item.get("total")) else ""
    head = "average " if item.get("average") else ""
    status = f": {item['status']}" if not missing(item.get("status")) else ""
    unit = f"{item['unit_name']}: " if not missing(item.get("unit_name")) else ""
    return f"{unit}{head}{text(item.get('achieved'))}{total} {item.get('unit', '')}{status}"


def target_value(item: dict) -> str:
    """'< 3.8 percent', '2–3 km': in canonical units when the item has them."""
    value, unit, scale = item.get("value"), item.get("unit"), 1.0
    canonical = item.get("value_canonical")
    if not missing(canonical) and not missing(value) and value and not missing(item.get("unit_canonical")):
        value, unit, scale = canonical, item["unit_canonical"], canonical / item["value"]
    if item.get("comparator") == "range" and not missing(item.get("value_max")):
        return _join(f"{text(value)}–{text(item['value_max'] * scale)}", unit, sep=" ")
    return _join(item.get("comparator"), value, unit, sep=" ")


def target(item: dict) -> str:
    name = item.get("indicator_id") or item.get("indicator") or "indicator"
    when = _join(item.get("kind"), item.get("year"), sep=", ")
    return f"{name} {target_value(item)}" + (f" ({when})" if when else "")


def deadline_when(item: dict) -> str:
    """'2025-03-31', '2025-01-01 → 2025-03-31', 'before 2025-06-30'."""
    date = text(item.get("date"))
    if not missing(item.get("start")) and item.get("start"):
        date = f"{item['start']} → {date}"
    if date and item.get("inclusive") is False:
        date = "before " + date
    return date


def deadline(item: dict) -> str:
    return _join(deadline_when(item), item.get("granularity"), item.get("recurrence"))


def metadata(field: str, meta: dict) -> str:
    units = meta.get("admin_units") or {}
    if field in units:
        value = units.get(field)
    elif field == "signer":
        signer = meta.get("signer") or {}
        value = _join(signer.get("authority"), signer.get("title"), signer.get("name"))
    elif field == "issued_date" and not meta.get("issued_date"):  # "ngày ... tháng 03 năm 2024": a partial date
        value = "-".join(f"{meta[k]:02d}" if k != "issued_year" else str(meta[k])
                         for k in ("issued_year", "issued_month", "issued_day") if meta.get(k))
    elif field == "recipients":
        value = "; ".join(meta.get("recipients") or [])
    else:
        value = meta.get(field)
    return f"{field}: {text(value)}" if text(value) else field


def warning(item: dict) -> str:
    return f"{item.get('code')}: {item.get('message', '')}"
