"""The targets field: numeric targets and results ("Tỷ lệ hộ nghèo xuống dưới 3,8%")."""

from pipeline.evaluate import score_targets
from pipeline.extract.field import ADMIN, Field
from pipeline.extract.targets.find import find_targets
from pipeline.schema import Target


def _value(t: dict) -> str:
    value_max = t.get("value_max")
    return _number(t["value"]) + (f"–{_number(value_max)}" if value_max is not None else "")


def _canonical(t: dict) -> str:
    value = t.get("value_canonical")
    return f"{'' if value is None else _number(value)} {t.get('unit_canonical') or ''}".strip()


def _number(value: float) -> str:
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


FIELD = Field(
    name="targets", item=Target, find=find_targets, label="Targets and results", kind="target",
    requires=("metadata", "references", "criteria_summaries"),
    columns=(*ADMIN, ("indicator", "str"), ("indicator_id", "str"), ("parent", "str"), ("comparator", "str"),
             ("value", "float"), ("value_max", "float"), ("unit", "str"), ("value_canonical", "float"),
             ("unit_canonical", "str"), ("kind", "str"), ("year", "int")),
    score=score_targets, scores=("targets",), describe="pipeline.report.labels:target",
    show=(("kind", lambda t: t["kind"]), ("indicator", lambda t: t["indicator"]), ("id", lambda t: t.get("indicator_id")),
          ("cmp", lambda t: t["comparator"]), ("value", _value), ("unit", lambda t: t["unit"]),
          ("canonical", _canonical), ("year", lambda t: t.get("year"))),
    section="pipeline.report.targets:targets", section_title="Targets and results by indicator",
)

__all__ = ["FIELD", "find_targets"]
